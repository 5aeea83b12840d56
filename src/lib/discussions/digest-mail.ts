/**
 * The daily digest, in the recipient's language: the new posts of the threads they follow,
 * thread by thread (the text part has the Markdown as written, the HTML part goes through the
 * kept sanitiser; names and titles are escaped), each thread with its own unsubscribe link, and
 * one signed link that stops the digest itself, also in the `List-Unsubscribe` headers.
 */
import type { Locale } from '#lib/i18n/locales.ts';
import { translate, type MessageKey } from '#lib/i18n/t.ts';
import type { MailMessage } from '#lib/mail/mailer.server.ts';
import { renderPost } from './board.ts';

export interface DigestPost {
  number: number;
  authorName: string;
  author: { createdAt: Date } | null;
  body: string;
  url: string;
}

export interface DigestThread {
  title: string;
  url: string;
  unsubscribeUrl: string;
  posts: DigestPost[];
}

export interface DigestMailInput {
  to: string;
  locale: Locale;
  name: string;
  siteName: string;
  threads: DigestThread[];
  /** Posts left out to keep the mail short. */
  more: number;
  /** Stops the digest (the person's discussion mail is set to none). */
  unsubscribeUrl: string;
}

/** Posts are cut in the digest; the thread has them whole. */
const DIGEST_BODY_CHARS = 1000;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function cut(body: string): string {
  return body.length > DIGEST_BODY_CHARS ? `${body.slice(0, DIGEST_BODY_CHARS)}…` : body;
}

export function composeDigestMail(input: DigestMailInput): MailMessage {
  const t = (key: MessageKey, vars: Record<string, string | number> = {}) =>
    translate(input.locale, key, { name: input.name, site: input.siteName, ...vars });
  const link = (url: string, label: string) => `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`;
  const text: string[] = [t('mail.reset.greeting'), t('discussion.digest.intro')];
  const html: string[] = [
    `<p>${escapeHtml(t('mail.reset.greeting'))}</p>`,
    `<p>${escapeHtml(t('discussion.digest.intro'))}</p>`,
  ];
  for (const thread of input.threads) {
    text.push(`== ${thread.title} ==\n${thread.url}`);
    html.push(`<h2>${link(thread.url, thread.title)}</h2>`);
    for (const post of thread.posts) {
      const heading = t('discussion.digest.post', { author: post.authorName, number: post.number });
      text.push(`${heading}\n${cut(post.body)}\n${post.url}`);
      html.push(
        `<p>${link(post.url, heading)}</p>`,
        `<blockquote>${renderPost(cut(post.body), post.author)}</blockquote>`,
      );
    }
    text.push(`${t('discussion.mail.unsubscribe')}: ${thread.unsubscribeUrl}`);
    html.push(`<p><small>${link(thread.unsubscribeUrl, t('discussion.mail.unsubscribe'))}</small></p>`);
  }
  if (input.more > 0) {
    text.push(t('discussion.digest.more', { count: input.more }));
    html.push(`<p>${escapeHtml(t('discussion.digest.more', { count: input.more }))}</p>`);
  }
  text.push(`${t('discussion.digest.unsubscribe')}: ${input.unsubscribeUrl}`, t('mail.reset.signature'));
  html.push(
    `<p><small>${link(input.unsubscribeUrl, t('discussion.digest.unsubscribe'))}</small></p>`,
    `<p>${escapeHtml(t('mail.reset.signature'))}</p>`,
  );
  return {
    to: input.to,
    subject: t('discussion.digest.subject'),
    text: text.join('\n\n'),
    html: `<!doctype html><html lang="${input.locale}"><body>\n${html.join('\n')}\n</body></html>`,
    headers: {
      'List-Unsubscribe': `<${input.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
