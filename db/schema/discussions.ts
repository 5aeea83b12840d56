/**
 * Discussions (docs/decisions/038): threads on boards, their posts, who follows what, what each
 * person has read, reports for the moderators and posting bans. A board is not a table: it is a
 * key (`course:<slug>`, `lesson:<slug>/<lesson>`, `cohort:<id>`) on its threads, so a course or a
 * lesson has a board without anyone creating it, and a board page reads one index range.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from '../schema.ts';

export const DISCUSSION_KINDS = ['course', 'lesson', 'cohort'] as const;
export type DiscussionKind = (typeof DISCUSSION_KINDS)[number];

export const discussionThreads = sqliteTable(
  'discussion_threads',
  {
    id: text('id').primaryKey(),
    /** The board: `course:<slug>`, `lesson:<slug>/<lesson>` or `cohort:<id>`. */
    board: text('board').notNull(),
    /** The course the board belongs to (a cohort's course), for search and the moderation queue. */
    course: text('course').notNull(),
    kind: text('kind', { enum: DISCUSSION_KINDS }).notNull(),
    title: text('title').notNull(),
    authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** The latest post's time: boards list threads by it. */
    lastPostAt: integer('last_post_at', { mode: 'timestamp_ms' }).notNull(),
    /** Posts in the thread, the first one included (also the number of the latest post). */
    posts: integer('posts').notNull().default(0),
    pinned: integer('pinned', { mode: 'boolean' }).notNull().default(false),
    /** A locked thread takes no more replies (staff may still post). */
    locked: integer('locked', { mode: 'boolean' }).notNull().default(false),
    /** The reply a trainer marked as the answer: shown first. */
    answerPostId: text('answer_post_id'),
  },
  (t) => [
    index('discussion_threads_board_idx').on(t.board, t.pinned, t.lastPostAt),
    index('discussion_threads_course_idx').on(t.course, t.lastPostAt),
    check('discussion_threads_kind_check', sql`${t.kind} in ('course', 'lesson', 'cohort')`),
  ],
);

export const discussionPosts = sqliteTable(
  'discussion_posts',
  {
    id: text('id').primaryKey(),
    threadId: text('thread_id')
      .notNull()
      .references(() => discussionThreads.id, { onDelete: 'cascade' }),
    /** 1 for the question, then 2, 3, … in order: pages are ranges of numbers. */
    number: integer('number').notNull(),
    authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
    /** The author was a trainer of the course or an admin when posting: the post is marked so. */
    staff: integer('staff', { mode: 'boolean' }).notNull().default(false),
    /** Markdown as written; shown only through the sanitiser (markdown/render.ts). */
    body: text('body').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** The last edit by its author, shown as "edited". */
    editedAt: integer('edited_at', { mode: 'timestamp_ms' }),
    /** Deleted by its author: the thread shows a placeholder, the body is gone. */
    deletedAt: integer('deleted_at', { mode: 'timestamp_ms' }),
    /** Hidden by a moderator: only staff see it (with the reason). */
    hiddenAt: integer('hidden_at', { mode: 'timestamp_ms' }),
    hiddenBy: text('hidden_by').references(() => users.id, { onDelete: 'set null' }),
    hiddenReason: text('hidden_reason'),
  },
  (t) => [
    uniqueIndex('discussion_posts_thread_number_unique').on(t.threadId, t.number),
    index('discussion_posts_author_idx').on(t.authorId, t.createdAt),
  ],
);

/** Who gets mail about a thread's new posts: its author and everyone who replied, until they unsubscribe. */
export const discussionFollows = sqliteTable(
  'discussion_follows',
  {
    threadId: text('thread_id')
      .notNull()
      .references(() => discussionThreads.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.threadId, t.userId] }), index('discussion_follows_user_idx').on(t.userId)],
);

/** What each person last read of a thread ("new since your last visit"). */
export const discussionReads = sqliteTable(
  'discussion_reads',
  {
    threadId: text('thread_id')
      .notNull()
      .references(() => discussionThreads.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The highest post number the person has seen. */
    lastRead: integer('last_read').notNull(),
  },
  (t) => [primaryKey({ columns: [t.threadId, t.userId] })],
);

export const DISCUSSION_MAIL_MODES = ['each', 'digest', 'off'] as const;
export type DiscussionMailMode = (typeof DISCUSSION_MAIL_MODES)[number];

/** A person's discussion mail: each reply, a daily digest or none, and the key that signs their unsubscribe links. */
export const discussionSettings = sqliteTable('discussion_settings', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  mail: text('mail', { enum: DISCUSSION_MAIL_MODES }).notNull().default('each'),
  /** Random; HMAC key of the person's unsubscribe links (a new key voids every old link). */
  mailKey: text('mail_key').notNull(),
  digestSentAt: integer('digest_sent_at', { mode: 'timestamp_ms' }),
});

/** A new post for a follower: mailed at once or in the day's digest; `sentAt` once mailed (or skipped). */
export const discussionNotifications = sqliteTable(
  'discussion_notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    postId: text('post_id')
      .notNull()
      .references(() => discussionPosts.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('discussion_notifications_pending_idx').on(t.userId, t.sentAt)],
);

/** A post someone reported, waiting in the course's moderation queue until a moderator resolves it. */
export const discussionReports = sqliteTable(
  'discussion_reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    postId: text('post_id')
      .notNull()
      .references(() => discussionPosts.id, { onDelete: 'cascade' }),
    course: text('course').notNull(),
    reporterId: text('reporter_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    resolvedAt: integer('resolved_at', { mode: 'timestamp_ms' }),
    resolvedBy: text('resolved_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('discussion_reports_post_reporter_unique').on(t.postId, t.reporterId),
    index('discussion_reports_queue_idx').on(t.course, t.resolvedAt),
  ],
);

/** An admin stopped this person posting: until a time, or for good (null). */
export const discussionBans = sqliteTable('discussion_bans', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  until: integer('until', { mode: 'timestamp_ms' }),
  reason: text('reason').notNull(),
  bannedBy: text('banned_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
});

export type DiscussionThreadRow = typeof discussionThreads.$inferSelect;
export type DiscussionPostRow = typeof discussionPosts.$inferSelect;
