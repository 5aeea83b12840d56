/**
 * Named sessions and competencies per session against a real migrated database (decision 044):
 * a trainer gives a session a name from its course's rule (`sessions: { named: [kickoff] }`) and
 * competencies from the frameworks, each checked; attending the named session (not another one)
 * completes the course with its certificate; attending gives evidence of the competencies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courseSchema } from '#lib/courses/schema.ts';
import { listCertificates } from '#lib/certificates/certificates.server.ts';
import { loadTraineeRecord } from '#lib/competencies/evidence.server.ts';
import { runTrainerEventAction, scheduleEvents, type EventsContext } from '#lib/events/actions.server.ts';
import { signUp } from '#lib/events/signups.server.ts';
import { finishLesson } from '#lib/learning/learning.server.ts';
import { enrol } from '#lib/progress/progress.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';
import { learningCourse, testSite, useTemporarySigningKeys } from './learning-course.ts';

let t: TestDatabase;
const course = learningCourse('named', {
  withQuiz: false,
  completion: { lessons: ['first'], quizzes: 'all', sessions: { named: ['kickoff'] } },
});
const context: EventsContext = {
  mail: { baseUrl: 'https://oqu.test', siteName: () => 'Oqu', chain: () => ['en', 'ru', 'kk'] },
  learning: { site: testSite },
  findCourse: async (slug) => (slug === course.slug ? course : undefined),
};
const scope = {
  courses: ['named'],
  cohorts: [],
  namedSessions: (c: string) => (c === 'named' ? ['kickoff'] : []),
  competencies: new Set(['civic-dialogue', 'street-audit']),
};
beforeAll(async () => {
  useTemporarySigningKeys();
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

const tomorrow = new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 10);
function form(fields: Record<string, string | string[]>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) f.append(k, one);
  return f;
}
const seminar = (extra: Record<string, string | string[]>) =>
  form({
    kind: 'seminar',
    title_en: 'Kick-off',
    place: 'Almaty',
    date: tomorrow,
    startTime: '10:00',
    endTime: '12:00',
    capacity: '5',
    audience: 'course',
    course: 'named',
    ...extra,
  });

describe('named sessions', () => {
  it('the course format takes attend, named or both, and refuses neither or a bad name', () => {
    const base = learningCourse('x').data;
    const parse = (sessions: unknown) =>
      courseSchema.safeParse({ ...base, completion: { lessons: 'all', quizzes: 'all', sessions } }).success;
    expect(parse({ named: ['kickoff', 'study-visit'] })).toBe(true);
    expect(parse({ attend: 2, named: ['kickoff'] })).toBe(true);
    expect(parse({})).toBe(false);
    expect(parse({ named: ['Kick off'] })).toBe(false);
    expect(parse({ named: [] })).toBe(false);
  });

  it('a name and competencies are checked when scheduling', async () => {
    const trainer = await makeUser(t.db, 'trainer');
    const actor = { id: trainer.id, email: trainer.email, role: 'trainer' };
    expect(await scheduleEvents(t.db, actor, seminar({ sessionKey: 'other' }), scope)).toMatchObject({
      ok: false,
      fields: { sessionKey: 'event.error.session_key' },
    });
    expect(await scheduleEvents(t.db, actor, seminar({ sessionKey: 'Bad Name' }), scope)).toMatchObject({
      ok: false,
      fields: { sessionKey: 'event.error.session_key' },
    });
    expect(
      await scheduleEvents(t.db, actor, seminar({ competencies: ['civic-dialogue', 'nope'] }), scope),
    ).toMatchObject({ ok: false, fields: { competencies: 'event.error.competencies' } });
  });

  it('attending the named session completes the course and gives evidence; another session does not', async () => {
    const trainer = await makeUser(t.db, 'trainer');
    const actor = { id: trainer.id, email: trainer.email, role: 'trainer' };
    const other = await scheduleEvents(t.db, actor, seminar({ title_en: 'Extra' }), scope);
    const kickoff = await scheduleEvents(
      t.db,
      actor,
      seminar({ sessionKey: 'kickoff', competencies: ['civic-dialogue', 'street-audit'] }),
      scope,
    );
    if (!other.ok || !kickoff.ok) throw new Error('not scheduled');
    const [extraEvent, kickoffEvent] = [other.created![0]!, kickoff.created![0]!];
    expect(kickoffEvent).toMatchObject({ sessionKey: 'kickoff', competencies: ['civic-dialogue', 'street-audit'] });
    const learner = await makeUser(t.db);
    await enrol(t.db, learner.id, 'named');
    await finishLesson(t.db, { learner, course, lesson: 'first' }, context.learning);
    for (const e of [extraEvent, kickoffEvent]) await signUp(t.db, e.id, learner.id);
    const present = form({ intent: 'attendance', [`mark:${learner.id}`]: 'present' });
    const during = (e: { startsAt: Date }) => new Date(e.startsAt.getTime() + 60_000);
    await runTrainerEventAction(t.db, actor, extraEvent, present, context, during(extraEvent));
    expect(await listCertificates(t.db, learner.id)).toHaveLength(0);
    await runTrainerEventAction(t.db, actor, kickoffEvent, present, context, during(kickoffEvent));
    expect(await listCertificates(t.db, learner.id)).toHaveLength(1);
    const record = await loadTraineeRecord(t.db, learner.id, []);
    expect(record.sessions).toEqual([
      expect.objectContaining({ eventId: kickoffEvent.id, competencies: ['civic-dialogue', 'street-audit'] }),
    ]);
  });
});
