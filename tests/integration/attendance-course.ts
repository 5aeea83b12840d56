/**
 * A course whose completion needs one attended session, and a seminar of it from 10:00 to 12:00
 * Almaty time (05:00-07:00 UTC) on 20 November 2026, made by a new trainer: the set-up of the
 * attendance tests (check-in, walk-ins). Times are injected by each test.
 */
import type { Database } from '#db/client.ts';
import type { CompletionContext } from '#lib/events/attendance.server.ts';
import { parseEventForm } from '#lib/events/event-input.ts';
import { createEvents } from '#lib/events/events.server.ts';
import { makeUser } from './fixtures.ts';
import { learningCourse, testSite } from './learning-course.ts';

export function attendanceCourse(slug: string) {
  const course = learningCourse(slug, {
    withQuiz: false,
    completion: { lessons: ['first'], quizzes: 'all', sessions: { attend: 1 } },
  });
  const context: CompletionContext = {
    learning: { site: testSite },
    findCourse: async (s) => (s === course.slug ? course : undefined),
  };
  return { course, context };
}

export async function courseSeminar(db: Database, course: string, title: string, capacity = 5) {
  const parsed = parseEventForm({
    kind: 'seminar',
    title_en: title,
    place: 'Abay Ave 10, Almaty',
    date: '2026-11-20',
    startTime: '10:00',
    endTime: '12:00',
    capacity: String(capacity),
    audience: 'course',
    course,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
  const trainer = await makeUser(db, 'trainer');
  const [event] = await createEvents(db, trainer.id, parsed.input, new Date('2026-11-01T00:00:00Z'));
  return { event: event!, trainer };
}
