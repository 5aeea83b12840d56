/**
 * The one rule of a hidden thread: when a moderator hides a thread's opening post (number 1, the
 * question), the thread is hidden with it, title and all, from everyone but the board's
 * moderators: board lists, the thread's page, search, a course page's latest threads, reply
 * e-mails and digests. Staff still see it, marked hidden. Showing the post again shows the thread.
 * Kept as a condition on the posts (not a copy on the thread), so hiding and showing stay one write.
 */
import { sql, type SQL } from 'drizzle-orm';

/**
 * `discussion_threads.id` written out with its table: drizzle leaves a column unqualified in a
 * query of one table, where inside the subquery below it would name the post's own `id`.
 */
export const THREAD_ID = sql.raw('"discussion_threads"."id"');

/** True (1) when the opening post of thread `threadId` is hidden; for WHERE and SELECT. */
export function openingPostHidden(threadId: SQL = THREAD_ID): SQL<number> {
  return sql<number>`EXISTS (SELECT 1 FROM discussion_posts op
    WHERE op.thread_id = ${threadId} AND op.number = 1 AND op.hidden_at IS NOT NULL)`;
}

/** The threads a viewer may see: every one for a moderator; for anyone else, those whose question is shown. */
export function threadVisibleTo(threadId: SQL, moderator: boolean): SQL {
  return moderator ? sql`1 = 1` : sql`NOT ${openingPostHidden(threadId)}`;
}
