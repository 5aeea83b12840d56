/**
 * What follows a trainee's being marked present, whoever marked them (the trainer's list or the
 * check-in code): the session's course completes when its rule is now met, certificate included.
 */
import type { Database } from '#db/client.ts';
import type { EventRow } from '#db/schema.ts';
import type { CatalogCourse } from '#lib/courses/catalog.ts';
import { afterProgress, type LearningContext } from '#lib/learning/learning.server.ts';

export interface CompletionContext {
  learning: LearningContext;
  /** The catalogue's course, to complete it after attendance. */
  findCourse: (slug: string) => Promise<CatalogCourse | undefined>;
}

/** A person just marked present, as the certificate needs them. */
export interface PresentPerson {
  userId: string;
  email: string;
  name: string;
  locale: 'kk' | 'ru' | 'en';
}

/** Completes the session's course for each person newly present whose course rule is now met. */
export async function completeAfterAttendance(
  db: Database,
  event: Pick<EventRow, 'course'>,
  people: readonly PresentPerson[],
  context: CompletionContext,
): Promise<void> {
  const course = event.course ? await context.findCourse(event.course) : undefined;
  if (!course) return;
  for (const person of people) {
    const holder = { id: person.userId, email: person.email, displayName: person.name, locale: person.locale };
    await afterProgress(db, holder, course, context.learning);
  }
}
