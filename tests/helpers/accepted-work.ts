/**
 * Accepted work for a trainee, written into the database as a trainer's review leaves it (a
 * `submissions` row in state `accepted`). Suites that complete a curriculum course use it for
 * the course's required assignments, then do the lessons and quizzes over HTTP: the last of
 * those runs the completion check, which counts the accepted rows. The review itself is tested
 * where it is built.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { closeDatabase, createDatabase } from '#db/client.ts';
import { submissions, users } from '#db/schema.ts';

/** The `submissions` rows of work accepted on each of `assignments` by each of `userIds`, decided at `now`. */
export function acceptedWorkRows(
  userIds: readonly string[],
  course: string,
  assignments: readonly string[],
  now: Date,
): (typeof submissions.$inferInsert)[] {
  return userIds.flatMap((userId) =>
    assignments.map((assignment) => ({
      id: randomUUID(),
      userId,
      course,
      assignment,
      state: 'accepted' as const,
      createdAt: now,
      submittedAt: now,
      decidedAt: now,
    })),
  );
}

export async function acceptAssignments(
  url: string,
  who: { id: string } | { email: string },
  course: string,
  assignments: readonly string[],
): Promise<void> {
  if (assignments.length === 0) return;
  const db = await createDatabase({ url });
  try {
    const userId =
      'id' in who
        ? who.id
        : (await db.select({ id: users.id }).from(users).where(eq(users.email, who.email)).get())?.id;
    if (!userId) throw new Error(`no user ${JSON.stringify(who)}`);
    await db
      .insert(submissions)
      .values(acceptedWorkRows([userId], course, assignments, new Date()))
      .onConflictDoNothing();
  } finally {
    closeDatabase(db);
  }
}
