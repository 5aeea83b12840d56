/**
 * Moderation: a course's trainers and admins pin, lock, mark the answer and hide posts (with a
 * reason); anyone who may read a board reports a post to the moderation queue; an admin stops a
 * person posting for a while or for good. Every moderator action goes to the audit log.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { discussionBans, discussionPosts, discussionReports, discussionThreads, users } from '#db/schema.ts';
import { recordAudit, type Actor } from '#lib/audit/audit.server.ts';
import type { Failure } from '#lib/result.ts';
import { LIMITS } from './board.ts';

export type ModerationError =
  | 'discussion.error.not_found'
  | 'discussion.error.reason'
  | 'discussion.error.already_reported'
  | 'discussion.error.answer';

type Done = { ok: true } | Failure<ModerationError>;

export type ThreadFlag = 'pin' | 'unpin' | 'lock' | 'unlock';

/** Pins or locks a thread (or undoes it). */
export async function setThreadFlag(db: Database, actor: Actor, threadId: string, flag: ThreadFlag): Promise<Done> {
  const set = flag === 'pin' || flag === 'unpin' ? { pinned: flag === 'pin' } : { locked: flag === 'lock' };
  const changed = await db
    .update(discussionThreads)
    .set(set)
    .where(eq(discussionThreads.id, threadId))
    .returning({ id: discussionThreads.id });
  if (!changed.length) return { ok: false, error: 'discussion.error.not_found' };
  await recordAudit(db, actor, `discussion.${flag}`, threadId);
  return { ok: true };
}

/**
 * Marks a reply of the thread as its answer, or clears the mark (`postId` null). The question itself
 * and a hidden or deleted post cannot be the answer (the page offers no such button; a posted form may).
 */
export async function markAnswer(db: Database, actor: Actor, threadId: string, postId: string | null): Promise<Done> {
  if (postId) {
    const [post] = await db
      .select({
        number: discussionPosts.number,
        hiddenAt: discussionPosts.hiddenAt,
        deletedAt: discussionPosts.deletedAt,
      })
      .from(discussionPosts)
      .where(and(eq(discussionPosts.id, postId), eq(discussionPosts.threadId, threadId)));
    if (!post) return { ok: false, error: 'discussion.error.not_found' };
    if (post.number === 1 || post.hiddenAt || post.deletedAt) return { ok: false, error: 'discussion.error.answer' };
  }
  await db.update(discussionThreads).set({ answerPostId: postId }).where(eq(discussionThreads.id, threadId));
  await recordAudit(db, actor, postId ? 'discussion.answer' : 'discussion.unanswer', threadId, { postId });
  return { ok: true };
}

/**
 * Hides a post from everyone but moderators, with the reason (shown to moderators), and
 * resolves its open reports; or shows it again (`reason` null).
 */
export async function hidePost(
  db: Database,
  actor: Actor,
  postId: string,
  reason: string | null,
  now: Date = new Date(),
): Promise<Done> {
  if (reason !== null && (!reason.trim() || reason.length > LIMITS.reason))
    return { ok: false, error: 'discussion.error.reason', fields: { reason: 'discussion.error.reason' } };
  const hide = reason !== null;
  const changed = await db
    .update(discussionPosts)
    .set(
      hide
        ? { hiddenAt: now, hiddenBy: actor.id, hiddenReason: reason.trim() }
        : { hiddenAt: null, hiddenBy: null, hiddenReason: null },
    )
    .where(eq(discussionPosts.id, postId))
    .returning({ id: discussionPosts.id });
  if (!changed.length) return { ok: false, error: 'discussion.error.not_found' };
  if (hide) await resolveReports(db, actor, postId, now);
  await recordAudit(db, actor, hide ? 'discussion.hide' : 'discussion.unhide', postId, hide ? { reason } : {});
  return { ok: true };
}

async function resolveReports(db: Database, actor: Actor, postId: string, now: Date): Promise<void> {
  await db
    .update(discussionReports)
    .set({ resolvedAt: now, resolvedBy: actor.id })
    .where(and(eq(discussionReports.postId, postId), isNull(discussionReports.resolvedAt)));
}

/** A moderator leaves a reported post as it is: its reports leave the queue. */
export async function dismissReports(db: Database, actor: Actor, postId: string, now: Date = new Date()) {
  await resolveReports(db, actor, postId, now);
  await recordAudit(db, actor, 'discussion.dismiss', postId);
}

/** Someone who can read the post reports it, once, with a reason. */
export async function reportPost(
  db: Database,
  input: { postId: string; course: string; reporterId: string; reason: string },
  now: Date = new Date(),
): Promise<Done> {
  const reason = input.reason.trim();
  if (!reason || reason.length > LIMITS.reason)
    return { ok: false, error: 'discussion.error.reason', fields: { reason: 'discussion.error.reason' } };
  const inserted = await db
    .insert(discussionReports)
    .values({ postId: input.postId, course: input.course, reporterId: input.reporterId, reason, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: discussionReports.id });
  return inserted.length ? { ok: true } : { ok: false, error: 'discussion.error.already_reported' };
}

export interface QueuedReport {
  postId: string;
  threadId: string;
  threadTitle: string;
  course: string;
  body: string;
  authorId: string | null;
  authorName: string | null;
  hidden: boolean;
  reasons: string[];
  reports: number;
  firstAt: Date;
}

/** Open reports of `courses`' discussions, one row per post, oldest first. */
export async function moderationQueue(db: Database, courses: readonly string[]): Promise<QueuedReport[]> {
  if (!courses.length) return [];
  const rows = await db
    .select({
      postId: discussionReports.postId,
      threadId: discussionThreads.id,
      threadTitle: discussionThreads.title,
      course: discussionReports.course,
      body: discussionPosts.body,
      authorId: discussionPosts.authorId,
      authorName: users.displayName,
      hiddenAt: discussionPosts.hiddenAt,
      reasons: sql<string>`json_group_array(${discussionReports.reason})`,
      reports: sql<number>`count(*)`,
      firstAt: sql<number>`min(${discussionReports.createdAt})`,
    })
    .from(discussionReports)
    .innerJoin(discussionPosts, eq(discussionPosts.id, discussionReports.postId))
    .innerJoin(discussionThreads, eq(discussionThreads.id, discussionPosts.threadId))
    .leftJoin(users, eq(users.id, discussionPosts.authorId))
    .where(and(inArray(discussionReports.course, [...courses]), isNull(discussionReports.resolvedAt)))
    .groupBy(discussionReports.postId)
    .orderBy(sql`min(${discussionReports.createdAt})`)
    .limit(200);
  return rows.map(({ hiddenAt, reasons, firstAt, ...r }) => ({
    ...r,
    hidden: hiddenAt !== null,
    reasons: JSON.parse(reasons) as string[],
    reports: Number(r.reports),
    firstAt: new Date(Number(firstAt)),
  }));
}

/** An admin stops `userId` posting until `until` (null: for good). */
export async function banFromPosting(
  db: Database,
  actor: Actor,
  input: { userId: string; until: Date | null; reason: string },
  now: Date = new Date(),
): Promise<Done> {
  const reason = input.reason.trim();
  if (!reason || reason.length > LIMITS.reason)
    return { ok: false, error: 'discussion.error.reason', fields: { reason: 'discussion.error.reason' } };
  const [target] = await db.select({ email: users.email }).from(users).where(eq(users.id, input.userId));
  if (!target) return { ok: false, error: 'discussion.error.not_found' };
  const row = { until: input.until, reason, bannedBy: actor.id, createdAt: now };
  await db
    .insert(discussionBans)
    .values({ userId: input.userId, ...row })
    .onConflictDoUpdate({ target: discussionBans.userId, set: row });
  await recordAudit(db, actor, 'discussion.ban', target.email, { until: input.until?.toISOString() ?? null, reason });
  return { ok: true };
}

/** An admin lets `userId` post again. */
export async function liftBan(db: Database, actor: Actor, userId: string): Promise<Done> {
  const removed = await db
    .delete(discussionBans)
    .where(eq(discussionBans.userId, userId))
    .returning({ userId: discussionBans.userId });
  if (!removed.length) return { ok: false, error: 'discussion.error.not_found' };
  await recordAudit(db, actor, 'discussion.unban', userId);
  return { ok: true };
}
