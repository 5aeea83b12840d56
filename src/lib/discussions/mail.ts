/**
 * The e-mail about a new reply, in the recipient's language: who replied in which thread, the
 * reply (as written in the text part, sanitised in the HTML part), a link to the thread and a
 * one-click unsubscribe link, also in the `List-Unsubscribe` headers (RFC 2369, RFC 8058).
 * Names and titles are escaped; the reply's HTML goes through the kept sanitiser.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Locale } from '#lib/i18n/locales.ts';
import { translate, type MessageKey } from '#lib/i18n/t.ts';
import type { MailMessage } from '#lib/mail/mailer.server.ts';
import { renderPost } from './board.ts';

export interface ReplyMailInput {
  to: string;
  locale: Locale;
  name: string;
  siteName: string;
  threadTitle: string;
  authorName: string;
  author: { createdAt: Date } | null;
  body: string;
  threadUrl: string;
  unsubscribeUrl: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Longer replies are cut in the e-mail; the thread has them whole. */
const MAIL_BODY_CHARS = 3000;

export function composeReplyMail(input: ReplyMailInput): MailMessage {
  const t = (key: MessageKey) =>
    translate(input.locale, key, {
      name: input.name,
      site: input.siteName,
      title: input.threadTitle,
      author: input.authorName,
    });
  const body = input.body.length > MAIL_BODY_CHARS ? `${input.body.slice(0, MAIL_BODY_CHARS)}…` : input.body;
  const text = [
    t('mail.reset.greeting'),
    t('discussion.mail.intro'),
    body,
    `${t('discussion.mail.open')}: ${input.threadUrl}`,
    `${t('discussion.mail.unsubscribe')}: ${input.unsubscribeUrl}`,
    t('mail.reset.signature'),
  ].join('\n\n');
  const html = [
    `<p>${escapeHtml(t('mail.reset.greeting'))}</p>`,
    `<p>${escapeHtml(t('discussion.mail.intro'))}</p>`,
    `<blockquote>${renderPost(body, input.author)}</blockquote>`,
    `<p><a href="${escapeHtml(input.threadUrl)}">${escapeHtml(t('discussion.mail.open'))}</a></p>`,
    `<p><small><a href="${escapeHtml(input.unsubscribeUrl)}">${escapeHtml(t('discussion.mail.unsubscribe'))}</a>` +
      `</small></p>`,
    `<p>${escapeHtml(t('mail.reset.signature'))}</p>`,
  ].join('\n');
  return {
    to: input.to,
    subject: t('discussion.mail.subject'),
    text,
    html: `<!doctype html><html lang="${input.locale}"><body>\n${html}\n</body></html>`,
    headers: {
      'List-Unsubscribe': `<${input.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

/** The thread slot of a token that stops the daily digest (thread ids are 24 base32 characters). */
export const DIGEST_TOKEN_THREAD = 'digest';

function signature(key: string, userId: string, threadId: string): string {
  return createHmac('sha256', key).update(`${userId}.${threadId}`).digest('base64url').slice(0, 32);
}

/** The token of an unsubscribe link: who, which thread, and the HMAC of both under the person's mail key. */
export function unsubscribeToken(key: string, userId: string, threadId: string): string {
  return `${userId}.${threadId}.${signature(key, userId, threadId)}`;
}

/** The person and thread a token names (not yet checked). */
export function readUnsubscribeToken(token: string): { userId: string; threadId: string; sig: string } | null {
  const match = /^([a-z0-9]{1,64})\.([a-z0-9]{1,64})\.([A-Za-z0-9_-]{32})$/.exec(token);
  return match ? { userId: match[1]!, threadId: match[2]!, sig: match[3]! } : null;
}

/** Whether `sig` is the right signature for the person and thread under `key`. */
export function signatureMatches(key: string, userId: string, threadId: string, sig: string): boolean {
  const expected = Buffer.from(signature(key, userId, threadId));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
