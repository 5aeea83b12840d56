/**
 * The daily digest (decision 045): for people who chose it, the new posts of the threads they
 * follow, in one e-mail a day. The web server runs it every hour, as it runs the session
 * reminders (events/reminders.server.ts); `oqu send-digests` does the same from cron. Each
 * person is claimed with one conditional UPDATE before their mail goes, so two runs at once never
 * mail twice and nobody gets more than one digest in 23 hours.
 */
import { and, asc, eq, isNull, lte, not, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Database } from '#db/client.ts';
import {
  discussionFollows,
  discussionNotifications,
  discussionPosts,
  discussionSettings,
  discussionThreads,
  users,
} from '#db/schema.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { paths } from '#lib/i18n/urls.ts';
import { LIMITS, pageOf } from './board.ts';
import { composeDigestMail, type DigestThread } from './digest-mail.ts';
import { openingPostHidden } from './hidden-threads.server.ts';
import { DIGEST_TOKEN_THREAD, unsubscribeToken } from './mail.ts';
import { mailKeyOf, type MailContext } from './notify.server.ts';

const HOUR_MS = 60 * 60 * 1000;
/** A digest at most once in this time: the hourly runs give one a day. */
const DIGEST_GAP_MS = 23 * HOUR_MS;
/** Posts in one digest; the rest are counted ("and N more"). */
const DIGEST_POSTS = 50;

/** Sends the due digests; says how many e-mails went. */
export async function sendDigests(db: Database, context: MailContext, now: Date = new Date()): Promise<number> {
  const due = await db.all<{ user_id: string }>(sql`
    SELECT s.user_id FROM discussion_settings s
    WHERE s.mail = 'digest' AND (s.digest_sent_at IS NULL OR s.digest_sent_at <= ${now.getTime() - DIGEST_GAP_MS})
      AND EXISTS (SELECT 1 FROM discussion_notifications n WHERE n.user_id = s.user_id AND n.sent_at IS NULL)`);
  let sent = 0;
  for (const { user_id: userId } of due) {
    const claimed = await db
      .update(discussionSettings)
      .set({ digestSentAt: now })
      .where(
        and(
          eq(discussionSettings.userId, userId),
          eq(discussionSettings.mail, 'digest'),
          or(
            isNull(discussionSettings.digestSentAt),
            lte(discussionSettings.digestSentAt, new Date(now.getTime() - DIGEST_GAP_MS)),
          ),
        ),
      )
      .returning({ userId: discussionSettings.userId });
    if (claimed.length && (await sendDigestTo(db, userId, context, now))) sent++;
  }
  return sent;
}

/**
 * The person's pending posts of threads they still follow (not hidden, not deleted, not in a thread
 * whose question is hidden); then all marked sent.
 */
async function takePending(db: Database, userId: string, now: Date) {
  const author = alias(users, 'author');
  const rows = await db
    .select({
      threadId: discussionThreads.id,
      title: discussionThreads.title,
      number: discussionPosts.number,
      body: discussionPosts.body,
      authorName: author.displayName,
      authorCreatedAt: author.createdAt,
    })
    .from(discussionNotifications)
    .innerJoin(discussionPosts, eq(discussionPosts.id, discussionNotifications.postId))
    .innerJoin(discussionThreads, eq(discussionThreads.id, discussionPosts.threadId))
    .innerJoin(
      discussionFollows,
      and(eq(discussionFollows.threadId, discussionThreads.id), eq(discussionFollows.userId, userId)),
    )
    .leftJoin(author, eq(author.id, discussionPosts.authorId))
    .where(
      and(
        eq(discussionNotifications.userId, userId),
        isNull(discussionNotifications.sentAt),
        lte(discussionNotifications.createdAt, now),
        isNull(discussionPosts.hiddenAt),
        isNull(discussionPosts.deletedAt),
        not(openingPostHidden()),
      ),
    )
    .orderBy(asc(discussionThreads.lastPostAt), asc(discussionThreads.id), asc(discussionPosts.number))
    .limit(DIGEST_POSTS + 1000);
  await db
    .update(discussionNotifications)
    .set({ sentAt: now })
    .where(
      and(
        eq(discussionNotifications.userId, userId),
        isNull(discussionNotifications.sentAt),
        lte(discussionNotifications.createdAt, now),
      ),
    );
  return rows;
}

/** One person's digest; false when there was nothing to tell them. */
async function sendDigestTo(db: Database, userId: string, context: MailContext, now: Date): Promise<boolean> {
  const [person] = await db.select().from(users).where(eq(users.id, userId));
  const rows = await takePending(db, userId, now);
  if (!person || !person.active || !rows.length) return false;
  const key = await mailKeyOf(db, userId);
  const base = context.baseUrl.replace(/\/+$/, '');
  const locale = person.locale as Locale;
  const threads = new Map<string, DigestThread>();
  for (const row of rows.slice(0, DIGEST_POSTS)) {
    let thread = threads.get(row.threadId);
    if (!thread) {
      thread = {
        title: row.title,
        url: `${base}${paths.discussionThread(locale, row.threadId)}`,
        unsubscribeUrl: `${base}${paths.discussionUnsubscribe(locale, unsubscribeToken(key, userId, row.threadId))}`,
        posts: [],
      };
      threads.set(row.threadId, thread);
    }
    const page = pageOf(row.number, LIMITS.postsPerPage);
    thread.posts.push({
      number: row.number,
      authorName: row.authorName ?? '',
      author: row.authorCreatedAt ? { createdAt: row.authorCreatedAt } : null,
      body: row.body,
      url: `${base}${paths.discussionThread(locale, row.threadId, page)}#post-${row.number}`,
    });
  }
  const stop = unsubscribeToken(key, userId, DIGEST_TOKEN_THREAD);
  await context.mailer.send(
    composeDigestMail({
      to: person.email,
      locale,
      name: person.displayName,
      siteName: context.siteName(locale),
      threads: [...threads.values()],
      more: Math.max(0, rows.length - DIGEST_POSTS),
      unsubscribeUrl: `${base}${paths.discussionUnsubscribe(locale, stop)}`,
    }),
  );
  return true;
}

let timer: ReturnType<typeof setInterval> | undefined;

/**
 * Sends due digests every hour from the web server itself (like the session reminders), so a
 * copy on one database file needs no cron. Never keeps the process alive; a failed run is
 * logged and tried again next hour.
 */
export function scheduleDigests(open: () => Promise<Database>, context: MailContext): void {
  if (timer) return;
  timer = setInterval(
    () =>
      void open()
        .then((db) => sendDigests(db, context))
        .catch((error: unknown) => console.error('Oqu could not send the discussion digests:', error)),
    HOUR_MS,
  );
  timer.unref();
}
