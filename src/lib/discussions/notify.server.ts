/**
 * Mail about new replies: the notification rows a reply wrote (posting.server.ts) become
 * e-mails for followers who chose "each reply", in their language, each with a signed one-click
 * unsubscribe link; followers who chose none are marked done, digest readers wait for the day's
 * digest. Unsubscribing needs no sign-in: the link's HMAC under the person's own key is the proof.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
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
import type { Mailer } from '#lib/mail/mailer.server.ts';
import { LIMITS, pageOf } from './board.ts';
import { openingPostHidden } from './hidden-threads.server.ts';
import {
  composeReplyMail,
  DIGEST_TOKEN_THREAD,
  readUnsubscribeToken,
  signatureMatches,
  unsubscribeToken,
} from './mail.ts';

export interface MailContext {
  mailer: Mailer;
  /** The site's public address (site config `baseUrl`). */
  baseUrl: string;
  siteName: (locale: Locale) => string;
}

/** The person's key for signing unsubscribe links, made on first use. */
export async function mailKeyOf(db: Database, userId: string): Promise<string> {
  await db
    .insert(discussionSettings)
    .values({ userId, mailKey: randomBytes(24).toString('base64url') })
    .onConflictDoNothing();
  const [row] = await db
    .select({ key: discussionSettings.mailKey })
    .from(discussionSettings)
    .where(eq(discussionSettings.userId, userId));
  return row!.key;
}

/** Sends (or settles) the e-mails about post `postId`; returns how many were sent. */
export async function deliverReplyMail(db: Database, postId: string, context: MailContext): Promise<number> {
  const pending = await db
    .select({
      id: discussionNotifications.id,
      userId: users.id,
      email: users.email,
      locale: users.locale,
      name: users.displayName,
      active: users.active,
      mode: discussionSettings.mail,
    })
    .from(discussionNotifications)
    .innerJoin(users, eq(users.id, discussionNotifications.userId))
    .leftJoin(discussionSettings, eq(discussionSettings.userId, discussionNotifications.userId))
    .where(and(eq(discussionNotifications.postId, postId), isNull(discussionNotifications.sentAt)));
  if (!pending.length) return 0;
  const [post] = await db
    .select({
      body: discussionPosts.body,
      number: discussionPosts.number,
      deletedAt: discussionPosts.deletedAt,
      hiddenAt: discussionPosts.hiddenAt,
      threadHidden: openingPostHidden(),
      threadId: discussionThreads.id,
      title: discussionThreads.title,
      authorName: users.displayName,
      authorCreatedAt: users.createdAt,
    })
    .from(discussionPosts)
    .innerJoin(discussionThreads, eq(discussionThreads.id, discussionPosts.threadId))
    .leftJoin(users, eq(users.id, discussionPosts.authorId))
    .where(eq(discussionPosts.id, postId));
  const base = context.baseUrl.replace(/\/+$/, '');
  // Hidden or deleted before the mail went, or in a thread whose question is hidden: nothing to tell.
  const told = post && !post.hiddenAt && !post.deletedAt && !post.threadHidden;
  let sent = 0;
  for (const n of pending) {
    // Digest readers wait for the digest.
    if (n.mode === 'digest' && told) continue;
    if (told && n.active && n.mode !== 'off') {
      const token = unsubscribeToken(await mailKeyOf(db, n.userId), n.userId, post.threadId);
      const page = pageOf(post.number, LIMITS.postsPerPage);
      await context.mailer.send(
        composeReplyMail({
          to: n.email,
          locale: n.locale,
          name: n.name,
          siteName: context.siteName(n.locale),
          threadTitle: post.title,
          authorName: post.authorName ?? '',
          author: post.authorCreatedAt ? { createdAt: post.authorCreatedAt } : null,
          body: post.body,
          threadUrl: `${base}${paths.discussionThread(n.locale, post.threadId, page)}#post-${post.number}`,
          unsubscribeUrl: `${base}${paths.discussionUnsubscribe(n.locale, token)}`,
        }),
      );
      sent++;
    }
    await db.update(discussionNotifications).set({ sentAt: new Date() }).where(eq(discussionNotifications.id, n.id));
  }
  return sent;
}

/** What an unsubscribe token stops, when its signature is right: one thread's mail, or the digest. */
export type UnsubscribeTarget =
  | {
      kind: 'thread';
      userId: string;
      threadId: string;
      /** Null when the thread's question is hidden: the page names no hidden thread. */
      title: string | null;
    }
  | { kind: 'digest'; userId: string };

export async function checkUnsubscribeToken(db: Database, token: string): Promise<UnsubscribeTarget | null> {
  const parts = readUnsubscribeToken(token);
  if (!parts) return null;
  const [settings] = await db
    .select({ key: discussionSettings.mailKey })
    .from(discussionSettings)
    .where(eq(discussionSettings.userId, parts.userId));
  if (!settings || !signatureMatches(settings.key, parts.userId, parts.threadId, parts.sig)) return null;
  if (parts.threadId === DIGEST_TOKEN_THREAD) return { kind: 'digest', userId: parts.userId };
  const [thread] = await db
    .select({ title: discussionThreads.title, hidden: openingPostHidden() })
    .from(discussionThreads)
    .where(eq(discussionThreads.id, parts.threadId));
  if (!thread) return null;
  const title = thread.hidden ? null : thread.title;
  return { kind: 'thread', userId: parts.userId, threadId: parts.threadId, title };
}

/** Stops the thread's mail (or all discussion mail, for the digest's link); false when the token is not valid. */
export async function unsubscribe(db: Database, token: string): Promise<boolean> {
  const found = await checkUnsubscribeToken(db, token);
  if (!found) return false;
  if (found.kind === 'digest') {
    await db.update(discussionSettings).set({ mail: 'off' }).where(eq(discussionSettings.userId, found.userId));
    return true;
  }
  await db
    .delete(discussionFollows)
    .where(and(eq(discussionFollows.threadId, found.threadId), eq(discussionFollows.userId, found.userId)));
  return true;
}

/** Follows (or unfollows) a thread from its page. */
export async function setFollow(db: Database, threadId: string, userId: string, follow: boolean): Promise<void> {
  if (follow) {
    await db.insert(discussionFollows).values({ threadId, userId, createdAt: new Date() }).onConflictDoNothing();
    return;
  }
  await db
    .delete(discussionFollows)
    .where(and(eq(discussionFollows.threadId, threadId), eq(discussionFollows.userId, userId)));
}

/** Whether `userId` follows the thread. */
export async function isFollowing(db: Database, threadId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ at: discussionFollows.createdAt })
    .from(discussionFollows)
    .where(and(eq(discussionFollows.threadId, threadId), eq(discussionFollows.userId, userId)));
  return Boolean(row);
}
