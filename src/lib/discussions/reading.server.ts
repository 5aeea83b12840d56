/**
 * Reading discussions: a board's threads (pinned first, then by latest activity, paged, with
 * "new since your last visit"), a thread's page of posts (the marked answer first), and the
 * read marker a visit moves forward. Hidden posts are shown only to moderators, and so are
 * threads whose question is hidden (hidden-threads.server.ts); a deleted post keeps its place.
 */
import { and, asc, desc, eq, getTableColumns, gt, lte, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { discussionPosts, discussionReads, discussionThreads, users } from '#db/schema.ts';
import { EXCERPT_CHARS, LIMITS, plainExcerpt, type Board } from './board.ts';
import { openingPostHidden, THREAD_ID, threadVisibleTo } from './hidden-threads.server.ts';

export interface ThreadSummary {
  id: string;
  title: string;
  authorName: string | null;
  posts: number;
  lastPostAt: Date;
  pinned: boolean;
  locked: boolean;
  answered: boolean;
  /** Posts the viewer has not seen (all of them for a thread never opened). */
  unread: number;
  /** Its question is hidden: only moderators see the thread. */
  hidden: boolean;
  /** On a lesson's questions: a plain-text excerpt of the marked answer (null: none, or not shown). */
  answer: string | null;
}

/**
 * The start of a thread's marked answer, when it is shown to all (not hidden, not deleted): enough
 * Markdown for an excerpt of EXCERPT_CHARS characters of text after a quote of the question (at
 * most 20 lines), read only for a lesson's questions.
 */
const answerStart = sql<string | null>`(SELECT substr(a.body, 1, ${EXCERPT_CHARS * 10}) FROM discussion_posts a
  WHERE a.id = "discussion_threads"."answer_post_id" AND a.hidden_at IS NULL AND a.deleted_at IS NULL)`;

/** One page of a board's threads and how many pages there are; threads with a hidden question only for moderators. */
export async function listBoard(
  db: Database,
  board: Board,
  viewerId: string,
  page: number,
  moderator = false,
): Promise<{ threads: ThreadSummary[]; pages: number }> {
  const size = LIMITS.threadsPerPage;
  const inBoard = and(eq(discussionThreads.board, board.key), threadVisibleTo(THREAD_ID, moderator));
  const [rows, total] = await Promise.all([
    db
      .select({
        id: discussionThreads.id,
        title: discussionThreads.title,
        authorName: users.displayName,
        posts: discussionThreads.posts,
        lastPostAt: discussionThreads.lastPostAt,
        pinned: discussionThreads.pinned,
        locked: discussionThreads.locked,
        answerPostId: discussionThreads.answerPostId,
        lastRead: discussionReads.lastRead,
        hidden: moderator ? openingPostHidden() : sql<number>`0`,
        answerStart: board.kind === 'lesson' ? answerStart : sql<string | null>`NULL`,
      })
      .from(discussionThreads)
      .leftJoin(users, eq(users.id, discussionThreads.authorId))
      .leftJoin(
        discussionReads,
        and(eq(discussionReads.threadId, discussionThreads.id), eq(discussionReads.userId, viewerId)),
      )
      .where(inBoard)
      .orderBy(desc(discussionThreads.pinned), desc(discussionThreads.lastPostAt))
      .limit(size)
      .offset((page - 1) * size),
    db
      .select({ n: sql<number>`count(*)` })
      .from(discussionThreads)
      .where(inBoard)
      .get(),
  ]);
  return {
    threads: rows.map(({ answerPostId, lastRead, answerStart, ...r }) => ({
      ...r,
      answered: answerPostId !== null,
      unread: Math.max(0, r.posts - (lastRead ?? 0)),
      hidden: Boolean(r.hidden),
      answer: answerStart ? plainExcerpt(answerStart) : null,
    })),
    pages: Math.max(1, Math.ceil(Number(total?.n ?? 0) / size)),
  };
}

export interface PostView {
  id: string;
  number: number;
  authorId: string | null;
  authorName: string | null;
  authorCreatedAt: Date | null;
  staff: boolean;
  /**
   * How a staff post is marked: the course's trainer, or an admin (a moderator of every course,
   * not this course's trainer); null for everyone else.
   */
  badge: 'trainer' | 'moderator' | null;
  body: string;
  createdAt: Date;
  editedAt: Date | null;
  deleted: boolean;
  hidden: { reason: string | null } | null;
  /** Newer than the viewer's last visit. */
  unread: boolean;
}

export type ThreadRow = typeof discussionThreads.$inferSelect & {
  /** Its question is hidden: only moderators may see the thread. */
  hidden: boolean;
};

/** A thread by id. */
export async function findThread(db: Database, threadId: string): Promise<ThreadRow | undefined> {
  const [row] = await db
    .select({ ...getTableColumns(discussionThreads), hidden: openingPostHidden() })
    .from(discussionThreads)
    .where(eq(discussionThreads.id, threadId));
  return row && { ...row, hidden: Boolean(row.hidden) };
}

const postColumns = {
  id: discussionPosts.id,
  number: discussionPosts.number,
  authorId: discussionPosts.authorId,
  authorName: users.displayName,
  authorCreatedAt: users.createdAt,
  authorRole: users.role,
  staff: discussionPosts.staff,
  body: discussionPosts.body,
  createdAt: discussionPosts.createdAt,
  editedAt: discussionPosts.editedAt,
  deletedAt: discussionPosts.deletedAt,
  hiddenAt: discussionPosts.hiddenAt,
  hiddenReason: discussionPosts.hiddenReason,
};

type PostRow = { [K in keyof typeof postColumns]: (typeof postColumns)[K]['_']['data'] | null } & {
  id: string;
  number: number;
};

function toView(row: PostRow, moderator: boolean, lastRead: number): PostView {
  const hidden = row.hiddenAt !== null;
  return {
    id: row.id,
    number: row.number,
    authorId: row.authorId,
    authorName: row.authorName,
    authorCreatedAt: row.authorCreatedAt,
    staff: Boolean(row.staff),
    badge: row.staff ? (row.authorRole === 'admin' ? 'moderator' : 'trainer') : null,
    // A hidden post's words reach only moderators; a deleted one's are gone.
    body: row.deletedAt || (hidden && !moderator) ? '' : (row.body ?? ''),
    createdAt: row.createdAt!,
    editedAt: row.editedAt,
    deleted: row.deletedAt !== null,
    hidden: hidden ? { reason: moderator ? row.hiddenReason : null } : null,
    unread: row.number > lastRead,
  };
}

/**
 * A page of a thread's posts (by number, so page 10 of a long thread costs what page 1 does),
 * the marked answer (shown first on every page) and the viewer's read marker before this visit.
 * A post hidden from a non-moderator shows only as "hidden by a moderator".
 */
export async function loadThreadPage(
  db: Database,
  thread: ThreadRow,
  viewer: { id: string; moderator: boolean },
  page: number,
): Promise<{ posts: PostView[]; answer: PostView | null; pages: number; lastRead: number }> {
  const size = LIMITS.postsPerPage;
  const from = (page - 1) * size;
  const [rows, answerRows, read] = await Promise.all([
    db
      .select(postColumns)
      .from(discussionPosts)
      .leftJoin(users, eq(users.id, discussionPosts.authorId))
      .where(
        and(
          eq(discussionPosts.threadId, thread.id),
          gt(discussionPosts.number, from),
          lte(discussionPosts.number, from + size),
        ),
      )
      .orderBy(asc(discussionPosts.number)),
    thread.answerPostId
      ? db
          .select(postColumns)
          .from(discussionPosts)
          .leftJoin(users, eq(users.id, discussionPosts.authorId))
          .where(eq(discussionPosts.id, thread.answerPostId))
      : Promise.resolve([]),
    db
      .select({ lastRead: discussionReads.lastRead })
      .from(discussionReads)
      .where(and(eq(discussionReads.threadId, thread.id), eq(discussionReads.userId, viewer.id))),
  ]);
  const lastRead = read[0]?.lastRead ?? 0;
  const answerRow = answerRows[0];
  const answer = answerRow ? toView(answerRow, viewer.moderator, lastRead) : null;
  return {
    posts: rows.map((r) => toView(r, viewer.moderator, lastRead)),
    // An answer hidden from this viewer is not shown first.
    answer: answer && !(answer.hidden && !viewer.moderator) && !answer.deleted ? answer : null,
    pages: Math.max(1, Math.ceil(thread.posts / size)),
    lastRead,
  };
}

/** Moves the viewer's read marker up to post `number` (never back). */
export async function markRead(db: Database, threadId: string, userId: string, number: number): Promise<void> {
  await db
    .insert(discussionReads)
    .values({ threadId, userId, lastRead: number })
    .onConflictDoUpdate({
      target: [discussionReads.threadId, discussionReads.userId],
      set: { lastRead: sql`max(${discussionReads.lastRead}, excluded.last_read)` },
    });
}
