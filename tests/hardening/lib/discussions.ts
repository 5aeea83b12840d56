/**
 * The discussion routes' world: the learner enrolled in creative-industries and the trainer
 * teaching it (nobody else is, whatever the rest of the matrix does to urbanism), and a thread on
 * its board with its first post, reported once.
 */
import type { Database } from './db.ts';

export async function seedDiscussionThread(
  db: Database,
  input: { userId: string; trainerId: string; threadId: string; postId: string },
): Promise<void> {
  const now = Date.now();
  await db.$client.batch(
    [
      {
        sql: `INSERT INTO enrollments (user_id, course, enrolled_at) VALUES (?, 'creative-industries', ?)`,
        args: [input.userId, now],
      },
      {
        sql: `INSERT INTO course_trainers (user_id, course, assigned_at) VALUES (?, 'creative-industries', ?)`,
        args: [input.trainerId, now],
      },
      {
        sql: `INSERT INTO discussion_threads
          (id, board, course, kind, title, author_id, created_at, last_post_at, posts)
          VALUES (?, 'course:creative-industries', 'creative-industries', 'course', 'Matrix thread', ?, ?, ?, 1)`,
        args: [input.threadId, input.userId, now, now],
      },
      {
        sql: `INSERT INTO discussion_posts (id, thread_id, number, author_id, body, created_at)
          VALUES (?, ?, 1, ?, 'Where do street audits start?', ?)`,
        args: [input.postId, input.threadId, input.userId, now],
      },
      {
        sql: `INSERT INTO discussion_reports (post_id, course, reporter_id, reason, created_at)
          VALUES (?, 'creative-industries', ?, 'seeded report', ?)`,
        args: [input.postId, input.userId, now],
      },
    ],
    'write',
  );
}
