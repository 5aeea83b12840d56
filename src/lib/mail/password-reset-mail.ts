/** The password-reset e-mail in the recipient's language: plain text and a simple HTML twin. */
import type { Locale } from '#lib/i18n/locales.ts';
import type { MailMessage } from './mailer.server.ts';
import { translate, type MessageKey } from '#lib/i18n/t.ts';

export interface PasswordResetMailInput {
  to: string;
  locale: Locale;
  name: string;
  /** The one-time link. */
  url: string;
  /** How long the link works, in minutes. */
  validMinutes: number;
  /** The site's name in the recipient's language. */
  siteName: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function composePasswordResetMail(input: PasswordResetMailInput): MailMessage {
  const t = (key: MessageKey) =>
    translate(input.locale, key, { name: input.name, site: input.siteName, minutes: input.validMinutes });
  const paragraphs = [t('mail.reset.greeting'), t('mail.reset.intro'), t('mail.reset.expiry'), t('mail.reset.ignore')];
  const text = [
    paragraphs[0],
    '',
    paragraphs[1],
    '',
    input.url,
    '',
    paragraphs[2],
    '',
    paragraphs[3],
    '',
    t('mail.reset.signature'),
  ].join('\n');
  const html = [
    `<p>${escapeHtml(paragraphs[0]!)}</p>`,
    `<p>${escapeHtml(paragraphs[1]!)}</p>`,
    `<p><a href="${escapeHtml(input.url)}">${escapeHtml(t('mail.reset.action'))}</a></p>`,
    `<p>${escapeHtml(paragraphs[2]!)}</p>`,
    `<p>${escapeHtml(paragraphs[3]!)}</p>`,
    `<p>${escapeHtml(t('mail.reset.signature'))}</p>`,
  ].join('\n');
  return {
    to: input.to,
    subject: t('mail.reset.subject'),
    text,
    html: `<!doctype html><html lang="${input.locale}"><body>\n${html}\n</body></html>`,
  };
}
