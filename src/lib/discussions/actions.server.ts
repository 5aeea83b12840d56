/**
 * The forms of the discussion pages, one function per page: read the posted fields, check who
 * may do what (a moderator's action from a trainee is refused), make one change and say where
 * to go next (every post answers with a redirect, so a reload never posts again).
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { discussionPosts, discussionThreads } from '#db/schema.ts';
import type { Actor } from '#lib/audit/audit.server.ts';
import { formText, trimmedFormText } from '#lib/http/forms.ts';
import type { MessageKey } from '#lib/i18n/t.ts';
import type { Failure } from '#lib/result.ts';
import { LIMITS, pageOf, type Board } from './board.ts';
import {
  dismissReports,
  hidePost,
  markAnswer,
  reportPost,
  setThreadFlag,
  banFromPosting,
} from './moderation.server.ts';
import { deliverReplyMail, setFollow, type MailContext } from './notify.server.ts';
import { createThread, deleteOwnPost, editPost, replyToThread, type Author } from './posting.server.ts';
import type { ThreadRow } from './reading.server.ts';

export interface Poster {
  id: string;
  email: string;
  role: string;
  createdAt: Date;
  ip: string | null;
}

/** What a discussion form did: where to go (with a notice key), or a failure to show on the page. */
export type DiscussionOutcome =
  { ok: true; to: 'thread' | 'board'; page?: number; anchor?: string } | Failure<MessageKey>;

function authorOf(user: Poster, moderate: boolean): Author {
  return { id: user.id, createdAt: user.createdAt, ip: user.ip, staff: moderate };
}

/** "Start a thread" on a board. */
export async function runNewThread(
  db: Database,
  input: { board: Board; user: Poster; moderate: boolean; form: FormData },
): Promise<({ ok: true; threadId: string } & object) | Failure<MessageKey>> {
  return createThread(db, {
    board: input.board,
    author: authorOf(input.user, input.moderate),
    title: trimmedFormText(input.form, 'title', LIMITS.title + 1),
    body: formText(input.form, 'body', LIMITS.body + 1),
  });
}

const MODERATOR_INTENTS = new Set([
  'pin',
  'unpin',
  'lock',
  'unlock',
  'answer',
  'unanswer',
  'hide',
  'unhide',
  'dismiss',
]);

/** Every form of a thread's page, by its `intent`. Mail about a reply goes out after the answer. */
export async function runThreadAction(
  db: Database,
  input: { thread: ThreadRow; user: Poster; moderate: boolean; form: FormData },
  mail: MailContext,
): Promise<DiscussionOutcome & { delivery?: Promise<unknown> }> {
  const { thread, user, moderate, form } = input;
  const intent = trimmedFormText(form, 'intent', 20);
  const postId = trimmedFormText(form, 'post', 64);
  const actor: Actor = { id: user.id, email: user.email, ip: user.ip };
  if (MODERATOR_INTENTS.has(intent) && !moderate) return { ok: false, error: 'error.403.title' };
  const last = { ok: true as const, to: 'thread' as const, page: pageOf(thread.posts, LIMITS.postsPerPage) };
  switch (intent) {
    case 'reply': {
      const body = formText(form, 'body', LIMITS.body + 1);
      const done = await replyToThread(db, { threadId: thread.id, author: authorOf(user, moderate), body });
      if (!done.ok) return done;
      const delivery = deliverReplyMail(db, done.postId, mail);
      return { ...last, page: pageOf(done.number, LIMITS.postsPerPage), anchor: `post-${done.number}`, delivery };
    }
    case 'edit': {
      const done = await editPost(db, { postId, authorId: user.id, body: formText(form, 'body', LIMITS.body + 1) });
      return done.ok ? { ok: true, to: 'thread', page: pageNumberOf(form) } : done;
    }
    case 'delete': {
      const done = await deleteOwnPost(db, { postId, authorId: user.id });
      return done.ok ? { ok: true, to: 'thread', page: pageNumberOf(form) } : done;
    }
    case 'report': {
      const reason = trimmedFormText(form, 'reason', LIMITS.reason + 1);
      if (!(await postInThread(db, thread.id, postId))) return { ok: false, error: 'discussion.error.not_found' };
      const done = await reportPost(db, { postId, course: thread.course, reporterId: user.id, reason });
      return done.ok ? { ok: true, to: 'thread', page: pageNumberOf(form) } : done;
    }
    case 'follow':
    case 'unfollow':
      await setFollow(db, thread.id, user.id, intent === 'follow');
      return { ok: true, to: 'thread', page: pageNumberOf(form) };
    default:
      return moderateThread(db, { thread, actor, intent, postId, form });
  }
}

function pageNumberOf(form: FormData): number {
  const n = Number(trimmedFormText(form, 'page', 6));
  return Number.isInteger(n) && n > 0 ? n : 1;
}

async function moderateThread(
  db: Database,
  input: { thread: ThreadRow; actor: Actor; intent: string; postId: string; form: FormData },
): Promise<DiscussionOutcome> {
  const { thread, actor, intent, postId, form } = input;
  const back = { ok: true as const, to: 'thread' as const, page: pageNumberOf(form) };
  let done: { ok: true } | Failure<MessageKey>;
  if (intent === 'pin' || intent === 'unpin' || intent === 'lock' || intent === 'unlock')
    done = await setThreadFlag(db, actor, thread.id, intent);
  else if (intent === 'answer' || intent === 'unanswer')
    done = await markAnswer(db, actor, thread.id, intent === 'answer' ? postId : null);
  else if (intent === 'hide' || intent === 'unhide') {
    if (!(await postInThread(db, thread.id, postId))) return { ok: false, error: 'discussion.error.not_found' };
    const reason = intent === 'hide' ? trimmedFormText(form, 'reason', LIMITS.reason + 1) : null;
    done = await hidePost(db, actor, postId, reason);
  } else if (intent === 'dismiss') {
    if (!(await postInThread(db, thread.id, postId))) return { ok: false, error: 'discussion.error.not_found' };
    await dismissReports(db, actor, postId);
    done = { ok: true };
  } else return { ok: false, error: 'form.unreadable' };
  return done.ok ? back : done;
}

async function postInThread(db: Database, threadId: string, postId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: discussionPosts.id })
    .from(discussionPosts)
    .where(and(eq(discussionPosts.id, postId), eq(discussionPosts.threadId, threadId)));
  return Boolean(row);
}

/** The moderation page's forms: hide a reported post, keep it, or (admins) stop its author posting. */
export async function runReportAction(
  db: Database,
  input: { course: string; actor: Actor; admin: boolean; form: FormData },
): Promise<{ ok: true } | Failure<MessageKey>> {
  const { actor, form } = input;
  const intent = trimmedFormText(form, 'intent', 20);
  if (intent === 'ban') return input.admin ? runBan(db, { actor, form }) : { ok: false, error: 'error.403.title' };
  const postId = trimmedFormText(form, 'post', 64);
  const [post] = await db
    .select({ course: discussionThreads.course })
    .from(discussionPosts)
    .innerJoin(discussionThreads, eq(discussionThreads.id, discussionPosts.threadId))
    .where(eq(discussionPosts.id, postId));
  if (!post || post.course !== input.course) return { ok: false, error: 'discussion.error.not_found' };
  if (intent === 'hide') return hidePost(db, actor, postId, trimmedFormText(form, 'reason', LIMITS.reason + 1));
  if (intent === 'dismiss') {
    await dismissReports(db, actor, postId);
    return { ok: true };
  }
  return { ok: false, error: 'form.unreadable' };
}

/** An admin's ban from the moderation page: 7 days, 30 days or for good. */
async function runBan(
  db: Database,
  input: { actor: Actor; form: FormData },
  now: Date = new Date(),
): Promise<{ ok: true } | Failure<MessageKey>> {
  const period = trimmedFormText(input.form, 'period', 10);
  const days = period === 'week' ? 7 : period === 'month' ? 30 : null;
  return banFromPosting(
    db,
    input.actor,
    {
      userId: trimmedFormText(input.form, 'user', 64),
      until: days ? new Date(now.getTime() + days * 86_400_000) : null,
      reason: trimmedFormText(input.form, 'reason', LIMITS.reason + 1),
    },
    now,
  );
}
