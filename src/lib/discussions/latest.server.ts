/**
 * The latest threads of a course for its page (decision 045): the course board's and its lessons'
 * threads by latest activity, for those who may read them (its trainees, trainers and admins);
 * cohorts' private boards are left out, and so are threads whose question is hidden, except for
 * moderators (marked). One range of the (course, last post) index.
 */
import { and, desc, eq, ne, not, or, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { oncePerDatabase } from '#db/once-per-database.ts';
import { discussionReads, discussionThreads } from '#db/schema.ts';
import { boardAccess, type Viewer } from './access.server.ts';
import { courseBoard } from './board.ts';
import { openingPostHidden } from './hidden-threads.server.ts';

export interface LatestThread {
  id: string;
  title: string;
  posts: number;
  lastPostAt: Date;
  answered: boolean;
  unread: number;
  /** Its question is hidden (listed for moderators only). */
  hidden: boolean;
}

/** The query of every signed-in syllabus, prepared once per database handle. */
const latest = oncePerDatabase((db) =>
  db
    .select({
      id: discussionThreads.id,
      title: discussionThreads.title,
      posts: discussionThreads.posts,
      lastPostAt: discussionThreads.lastPostAt,
      answerPostId: discussionThreads.answerPostId,
      lastRead: discussionReads.lastRead,
      hidden: openingPostHidden(),
    })
    .from(discussionThreads)
    .leftJoin(
      discussionReads,
      and(eq(discussionReads.threadId, discussionThreads.id), eq(discussionReads.userId, sql.placeholder('viewer'))),
    )
    .where(
      and(
        eq(discussionThreads.course, sql.placeholder('course')),
        ne(discussionThreads.kind, 'cohort'),
        or(eq(sql.placeholder('moderator'), 1), not(openingPostHidden())),
      ),
    )
    .orderBy(desc(discussionThreads.lastPostAt))
    .limit(sql.placeholder('limit'))
    .prepare(),
);

/** Up to `limit` threads of `course`, newest activity first; null when `viewer` may not read them. */
export async function latestThreads(
  db: Database,
  viewer: Viewer | undefined,
  course: string,
  limit = 5,
): Promise<LatestThread[] | null> {
  const access = viewer && (await boardAccess(db, viewer, courseBoard(course)));
  if (!viewer || access?.state !== 'allowed') return null;
  const rows = await latest(db).all({ viewer: viewer.id, course, limit, moderator: access.moderate ? 1 : 0 });
  return rows.map(({ answerPostId, lastRead, ...r }) => ({
    ...r,
    answered: answerPostId !== null,
    unread: Math.max(0, r.posts - (lastRead ?? 0)),
    hidden: Boolean(r.hidden),
  }));
}
