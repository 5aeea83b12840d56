/** A discussion thread on urbanism's board with its first post, for the routes that aim at one. */
import type { Database } from './db.ts';

export async function seedDiscussionThread(
  db: Database,
  input: { userId: string; threadId: string; postId: string },
): Promise<void> {
  const now = Date.now();
  await db.$client.batch(
    [
      {
        sql: `INSERT INTO discussion_threads
          (id, board, course, kind, title, author_id, created_at, last_post_at, posts)
          VALUES (?, 'course:urbanism', 'urbanism', 'course', 'Matrix thread', ?, ?, ?, 1)`,
        args: [input.threadId, input.userId, now, now],
      },
      {
        sql: `INSERT INTO discussion_posts (id, thread_id, number, author_id, body, created_at)
          VALUES (?, ?, 1, ?, 'Where do street audits start?', ?)`,
        args: [input.postId, input.threadId, input.userId, now],
      },
      {
        sql: `INSERT INTO discussion_reports (post_id, course, reporter_id, reason, created_at)
          VALUES (?, 'urbanism', ?, 'seeded report', ?)`,
        args: [input.postId, input.userId, now],
      },
    ],
    'write',
  );
}
