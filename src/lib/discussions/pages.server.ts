/**
 * What the discussion pages need, one call per request: check who the visitor is to the board,
 * run a posted form, and load what the page shows. The routes stay shells around these.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { users } from '#db/schema.ts';
import type { MessageKey } from '#lib/i18n/t.ts';
import type { Failure } from '#lib/result.ts';
import { activeBan, boardAccess, memberCohorts, type Viewer } from './access.server.ts';
import {
  runNewThread,
  runReportAction,
  runThreadAction,
  type DiscussionOutcome,
  type Poster,
} from './actions.server.ts';
import { boardOf, courseBoard, quoteOf, type Board } from './board.ts';
import { moderationQueue, type QueuedReport } from './moderation.server.ts';
import { isFollowing, type MailContext } from './notify.server.ts';
import { searchDiscussions, type SearchHit } from './search.server.ts';
import { findThread, listBoard, loadThreadPage, markRead, type ThreadRow } from './reading.server.ts';

export interface Visitor extends Viewer {
  email: string;
  ip: string | null;
}

async function posterOf(db: Database, visitor: Visitor): Promise<Poster> {
  const [row] = await db.select({ createdAt: users.createdAt }).from(users).where(eq(users.id, visitor.id));
  return { ...visitor, createdAt: row?.createdAt ?? new Date() };
}

export type BoardPageView =
  | { state: 'forbidden' }
  | { state: 'created'; threadId: string }
  | {
      state: 'shown';
      moderate: boolean;
      banned: boolean;
      threads: Awaited<ReturnType<typeof listBoard>>['threads'];
      pages: number;
      failed?: Failure<MessageKey>;
      values?: { title: string; body: string };
      /** Search results, when the visitor searched (the course's boards, or a cohort's own). */
      hits?: SearchHit[];
      /** The visitor's cohorts in the course, whose private boards the course's board links to. */
      cohorts: { id: string; name: string }[];
    };

/** A board's page for `visitor`: a posted "new thread" form first, when there is one. */
export async function boardPage(
  db: Database,
  input: { board: Board; visitor: Visitor; form: FormData | null; page: number; search?: string },
): Promise<BoardPageView> {
  const { board, visitor, form } = input;
  const access = await boardAccess(db, visitor, board);
  if (access.state !== 'allowed') return { state: 'forbidden' };
  let failed: Failure<MessageKey> | undefined;
  if (form) {
    const made = await runNewThread(db, { board, user: await posterOf(db, visitor), moderate: access.moderate, form });
    if (made.ok) return { state: 'created', threadId: made.threadId };
    failed = made;
  }
  const text = (input.search ?? '').trim().slice(0, 200);
  const [list, ban, hits, cohorts] = await Promise.all([
    listBoard(db, board, visitor.id, input.page, access.moderate),
    activeBan(db, visitor.id, new Date()),
    text ? searchDiscussions(db, { board, text, moderator: access.moderate }) : undefined,
    board.kind === 'course' ? memberCohorts(db, visitor.id, board.course) : [],
  ]);
  const values = form ? { title: String(form.get('title') ?? ''), body: String(form.get('body') ?? '') } : undefined;
  return { state: 'shown', moderate: access.moderate, banned: Boolean(ban), ...list, failed, values, hits, cohorts };
}

export type ThreadPageView =
  | { state: 'not-found' | 'forbidden' }
  | { state: 'done'; thread: ThreadRow; outcome: DiscussionOutcome & { ok: true } }
  | {
      state: 'shown';
      thread: ThreadRow;
      board: Board;
      moderate: boolean;
      banned: boolean;
      following: boolean;
      page: Awaited<ReturnType<typeof loadThreadPage>>;
      failed?: Failure<MessageKey>;
      reply?: string;
    };

/**
 * A thread's page for `visitor`: a posted form first (its mail, if any, goes out without
 * holding the answer), then the page of posts; the visit moves the read marker.
 */
export async function threadPage(
  db: Database,
  input: { threadId: string; visitor: Visitor; form: FormData | null; page: number; quote: string | null },
  mail: MailContext,
): Promise<ThreadPageView> {
  const { visitor, form } = input;
  const thread = await findThread(db, input.threadId);
  if (!thread) return { state: 'not-found' };
  const board = boardOf(thread);
  const access = await boardAccess(db, visitor, board);
  if (access.state !== 'allowed') return { state: 'forbidden' };
  // A thread whose question is hidden is not there for anyone but moderators (nor are its forms).
  if (thread.hidden && !access.moderate) return { state: 'not-found' };
  let failed: Failure<MessageKey> | undefined;
  if (form) {
    const poster = await posterOf(db, visitor);
    const outcome = await runThreadAction(db, { thread, user: poster, moderate: access.moderate, form }, mail);
    if (outcome.ok) {
      outcome.delivery?.catch((error: unknown) => console.error('Oqu could not send discussion mail:', error));
      return { state: 'done', thread, outcome };
    }
    failed = outcome;
  }
  const viewer = { id: visitor.id, moderator: access.moderate };
  const [page, ban, following] = await Promise.all([
    loadThreadPage(db, thread, viewer, input.page),
    activeBan(db, visitor.id, new Date()),
    isFollowing(db, thread.id, visitor.id),
  ]);
  const seen = page.posts.at(-1)?.number;
  if (seen) await markRead(db, thread.id, visitor.id, seen);
  const quoted = input.quote ? [...page.posts, page.answer].find((p) => p?.id === input.quote) : undefined;
  const reply =
    form && failed
      ? String(form.get('body') ?? '')
      : quoted && quoted.body
        ? quoteOf(quoted.authorName ?? '', quoted.body)
        : undefined;
  return {
    state: 'shown',
    thread,
    board,
    moderate: access.moderate,
    banned: Boolean(ban),
    following,
    page,
    failed,
    reply,
  };
}

export type ReportsPageView =
  | { state: 'forbidden' }
  | { state: 'done' }
  | { state: 'shown'; reports: QueuedReport[]; admin: boolean; failed?: Failure<MessageKey> };

/**
 * The moderation queue of `course` for its trainers and admins: the reported posts, and the
 * forms that hide a post, keep it, or (admins) stop its author posting.
 */
export async function reportsPage(
  db: Database,
  input: { course: string; visitor: Visitor; form: FormData | null },
): Promise<ReportsPageView> {
  const { visitor, form } = input;
  const access = await boardAccess(db, visitor, courseBoard(input.course));
  if (access.state !== 'allowed' || !access.moderate) return { state: 'forbidden' };
  const admin = visitor.role === 'admin';
  let failed: Failure<MessageKey> | undefined;
  if (form) {
    const done = await runReportAction(db, { course: input.course, actor: visitor, admin, form });
    if (done.ok) return { state: 'done' };
    failed = done;
  }
  return { state: 'shown', reports: await moderationQueue(db, [input.course]), admin, failed };
}
