/**
 * Writing in discussions: a new thread, a reply, an edit within the window, deleting one's own
 * post. Each write is one batch (one transaction): a reply takes the thread's next number,
 * writes a notification row for each follower and makes its author a follower, so a reply and
 * its notifications are never half written. Rate limits and bans are checked first.
 */
import { and, eq, gte, isNull, sql } from 'drizzle-orm';
import { createId } from '#db/ids.ts';
import type { Database } from '#db/client.ts';
import { discussionPosts, discussionThreads } from '#db/schema.ts';
import { addressSubject, RATE_LIMITS } from '#lib/rate-limits/rate-limit.ts';
import { consumeRateLimits } from '#lib/rate-limits/rate-limit.server.ts';
import type { Failure } from '#lib/result.ts';
import { activeBan } from './access.server.ts';
import { isNewAccount, LIMITS, type Board } from './board.ts';

export interface Author {
  id: string;
  createdAt: Date;
  /** The client's address, for the per-address limit. */
  ip?: string | null;
  /** A trainer of the course or an admin: the post is marked, a locked thread still takes it. */
  staff: boolean;
}

export type PostingError =
  | 'discussion.error.title'
  | 'discussion.error.body'
  | 'discussion.error.too_long'
  | 'discussion.error.rate_limited'
  | 'discussion.error.banned'
  | 'discussion.error.locked'
  | 'discussion.error.not_found'
  | 'discussion.error.edit_window';

type Posted<T> = ({ ok: true } & T) | Failure<PostingError>;

/** The body's own check: something to say, and not more than the limit (its length is in the message). */
export function checkBody(body: string): Failure<PostingError> | null {
  if (!body.trim()) return { ok: false, error: 'discussion.error.body', fields: { body: 'discussion.error.body' } };
  if (body.length > LIMITS.body)
    return { ok: false, error: 'discussion.error.too_long', fields: { body: 'discussion.error.too_long' } };
  return null;
}

async function mayPost(db: Database, author: Author, now: Date): Promise<Failure<PostingError> | null> {
  if (await activeBan(db, author.id, now)) return { ok: false, error: 'discussion.error.banned' };
  const rule = isNewAccount(author.createdAt, now) ? RATE_LIMITS.discussionPostNew : RATE_LIMITS.discussionPost;
  const verdict = await consumeRateLimits(
    db,
    [
      [rule, author.id],
      [RATE_LIMITS.discussionPostIp, addressSubject(author.ip)],
    ],
    now,
  );
  return verdict.allowed
    ? null
    : { ok: false, error: 'discussion.error.rate_limited', retryAfterSeconds: verdict.retryAfterSeconds };
}

/** Starts a thread on `board` with its first post; the author follows it. */
export async function createThread(
  db: Database,
  input: { board: Board; author: Author; title: string; body: string },
  now: Date = new Date(),
): Promise<Posted<{ threadId: string }>> {
  const title = input.title.trim();
  if (!title || title.length > LIMITS.title)
    return { ok: false, error: 'discussion.error.title', fields: { title: 'discussion.error.title' } };
  const bad = checkBody(input.body);
  if (bad) return bad;
  const refused = await mayPost(db, input.author, now);
  if (refused) return refused;
  const threadId = createId();
  const { board, author } = input;
  await db.batch([
    db.insert(discussionThreads).values({
      id: threadId,
      board: board.key,
      course: board.course,
      kind: board.kind,
      title,
      authorId: author.id,
      createdAt: now,
      lastPostAt: now,
      posts: 1,
    }),
    db.insert(discussionPosts).values({
      id: createId(),
      threadId,
      number: 1,
      authorId: author.id,
      staff: author.staff,
      body: input.body,
      createdAt: now,
    }),
    db.run(sql`INSERT INTO discussion_follows (thread_id, user_id, created_at) VALUES (${threadId}, ${author.id},
      ${now.getTime()})`),
    db.run(sql`INSERT INTO discussion_reads (thread_id, user_id, last_read) VALUES (${threadId}, ${author.id}, 1)`),
  ]);
  return { ok: true, threadId };
}

/** Adds a reply to a thread: the next number, a notification per follower, the author follows. */
export async function replyToThread(
  db: Database,
  input: { threadId: string; author: Author; body: string },
  now: Date = new Date(),
): Promise<Posted<{ postId: string; number: number }>> {
  const bad = checkBody(input.body);
  if (bad) return bad;
  const [thread] = await db
    .select({ locked: discussionThreads.locked })
    .from(discussionThreads)
    .where(eq(discussionThreads.id, input.threadId));
  if (!thread) return { ok: false, error: 'discussion.error.not_found' };
  if (thread.locked && !input.author.staff) return { ok: false, error: 'discussion.error.locked' };
  const refused = await mayPost(db, input.author, now);
  if (refused) return refused;
  const postId = createId();
  const { threadId, author } = input;
  const open = sql`(locked = 0 OR ${author.staff ? 1 : 0} = 1)`;
  const at = now.getTime();
  await db.batch([
    db.run(sql`UPDATE discussion_threads SET posts = posts + 1, last_post_at = ${at}
      WHERE id = ${threadId} AND ${open}`),
    db.run(sql`INSERT INTO discussion_posts (id, thread_id, number, author_id, staff, body, created_at)
      SELECT ${postId}, id, posts, ${author.id}, ${author.staff ? 1 : 0}, ${input.body}, ${at}
      FROM discussion_threads WHERE id = ${threadId} AND ${open}`),
    db.run(sql`INSERT INTO discussion_notifications (user_id, post_id, created_at)
      SELECT user_id, ${postId}, ${at} FROM discussion_follows
      WHERE thread_id = ${threadId} AND user_id <> ${author.id}
        AND EXISTS (SELECT 1 FROM discussion_posts WHERE id = ${postId})`),
    db.run(sql`INSERT INTO discussion_follows (thread_id, user_id, created_at)
      SELECT ${threadId}, ${author.id}, ${at} WHERE EXISTS (SELECT 1 FROM discussion_posts WHERE id = ${postId})
      ON CONFLICT DO NOTHING`),
    db.run(sql`INSERT INTO discussion_reads (thread_id, user_id, last_read)
      SELECT thread_id, ${author.id}, number FROM discussion_posts WHERE id = ${postId}
      ON CONFLICT (thread_id, user_id) DO UPDATE SET last_read = max(last_read, excluded.last_read)`),
  ]);
  const [post] = await db
    .select({ number: discussionPosts.number })
    .from(discussionPosts)
    .where(eq(discussionPosts.id, postId));
  // Locked between the check and the batch: nothing was written.
  if (!post) return { ok: false, error: 'discussion.error.locked' };
  return { ok: true, postId, number: post.number };
}

/** The author changes their post's text, within the edit window; it shows as edited. */
export async function editPost(
  db: Database,
  input: { postId: string; authorId: string; body: string },
  now: Date = new Date(),
): Promise<Posted<object>> {
  const bad = checkBody(input.body);
  if (bad) return bad;
  // A person stopped from posting cannot change what their posts say either (deleting stays allowed).
  if (await activeBan(db, input.authorId, now)) return { ok: false, error: 'discussion.error.banned' };
  const changed = await db
    .update(discussionPosts)
    .set({ body: input.body, editedAt: now })
    .where(
      and(
        eq(discussionPosts.id, input.postId),
        eq(discussionPosts.authorId, input.authorId),
        isNull(discussionPosts.deletedAt),
        isNull(discussionPosts.hiddenAt),
        gte(discussionPosts.createdAt, new Date(now.getTime() - LIMITS.editWindowMs)),
      ),
    )
    .returning({ id: discussionPosts.id });
  return changed.length ? { ok: true } : { ok: false, error: 'discussion.error.edit_window' };
}

/** The author deletes their post: its text is gone, a placeholder keeps its place so replies make sense. */
export async function deleteOwnPost(
  db: Database,
  input: { postId: string; authorId: string },
  now: Date = new Date(),
): Promise<Posted<object>> {
  const changed = await db
    .update(discussionPosts)
    .set({ body: '', deletedAt: now })
    .where(
      and(
        eq(discussionPosts.id, input.postId),
        eq(discussionPosts.authorId, input.authorId),
        isNull(discussionPosts.deletedAt),
      ),
    )
    .returning({ id: discussionPosts.id });
  return changed.length ? { ok: true } : { ok: false, error: 'discussion.error.not_found' };
}
