/**
 * A person's discussions in their data download (decision 045): every post they wrote (its
 * thread, number, text as written, when, and whether it was edited, deleted or hidden and why),
 * the threads they follow, the reports they made and their choice of discussion mail. Only the
 * person's own rows are read.
 */
import { asc, eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import {
  discussionFollows,
  discussionPosts,
  discussionReports,
  discussionSettings,
  discussionThreads,
} from '#db/schema.ts';

export interface DiscussionData {
  mail: string;
  posts: unknown[];
  follows: unknown[];
  reports: unknown[];
}

export async function discussionDataOf(db: Database, userId: string): Promise<DiscussionData> {
  const [posts, follows, reports, settings] = await Promise.all([
    db
      .select({
        thread: discussionThreads.title,
        board: discussionThreads.board,
        number: discussionPosts.number,
        body: discussionPosts.body,
        createdAt: discussionPosts.createdAt,
        editedAt: discussionPosts.editedAt,
        deletedAt: discussionPosts.deletedAt,
        hiddenAt: discussionPosts.hiddenAt,
        hiddenReason: discussionPosts.hiddenReason,
      })
      .from(discussionPosts)
      .innerJoin(discussionThreads, eq(discussionThreads.id, discussionPosts.threadId))
      .where(eq(discussionPosts.authorId, userId))
      .orderBy(asc(discussionPosts.createdAt)),
    db
      .select({ thread: discussionThreads.title, board: discussionThreads.board, since: discussionFollows.createdAt })
      .from(discussionFollows)
      .innerJoin(discussionThreads, eq(discussionThreads.id, discussionFollows.threadId))
      .where(eq(discussionFollows.userId, userId)),
    db
      .select({ course: discussionReports.course, reason: discussionReports.reason, at: discussionReports.createdAt })
      .from(discussionReports)
      .where(eq(discussionReports.reporterId, userId)),
    db.select({ mail: discussionSettings.mail }).from(discussionSettings).where(eq(discussionSettings.userId, userId)),
  ]);
  return { mail: settings[0]?.mail ?? 'each', posts, follows, reports };
}
