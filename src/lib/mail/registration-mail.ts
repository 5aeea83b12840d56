/**
 * The two e-mails a registration sends, in the recipient's language. The page answers the
 * same whether or not the address already had an account (docs/decisions/012); the
 * difference goes only to the address's owner: a welcome for a new account, or, for an
 * existing one, "someone tried to register with your address" with a link to sign in and a
 * one-time link to set a new password.
 */
import type { Locale } from '#lib/i18n/locales.ts';
import { translate, type MessageKey } from '#lib/i18n/t.ts';
import type { MailMessage } from './mailer.server.ts';

export interface WelcomeMailInput {
  to: string;
  locale: Locale;
  name: string;
  /** The sign-in page, carrying the return path the person registered from. */
  signInUrl: string;
  /** The site's name in the recipient's language. */
  siteName: string;
}

export interface AccountExistsMailInput extends WelcomeMailInput {
  /** A one-time password-reset link. */
  resetUrl: string;
  /** How long the reset link works, in minutes. */
  validMinutes: number;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A paragraph of text, or a link with its label. */
type Block = string | { url: string; label: string };

function compose(to: string, locale: Locale, subject: string, blocks: readonly Block[]): MailMessage {
  const text = blocks.map((b) => (typeof b === 'string' ? b : b.url)).join('\n\n');
  const html = blocks.map((b) =>
    typeof b === 'string'
      ? `<p>${escapeHtml(b)}</p>`
      : `<p><a href="${escapeHtml(b.url)}">${escapeHtml(b.label)}</a></p>`,
  );
  return {
    to,
    subject,
    text,
    html: `<!doctype html><html lang="${locale}"><body>\n${html.join('\n')}\n</body></html>`,
  };
}

/** "Your account is ready": for an address that had no account. */
export function composeWelcomeMail(input: WelcomeMailInput): MailMessage {
  const t = (key: MessageKey) => translate(input.locale, key, { name: input.name, site: input.siteName });
  return compose(input.to, input.locale, t('mail.welcome.subject'), [
    t('mail.reset.greeting'),
    t('mail.welcome.intro'),
    { url: input.signInUrl, label: t('mail.welcome.action') },
    t('mail.welcome.not_you'),
    t('mail.reset.signature'),
  ]);
}

/** "You already have an account": for an address someone tried to register again. */
export function composeAccountExistsMail(input: AccountExistsMailInput): MailMessage {
  const t = (key: MessageKey) =>
    translate(input.locale, key, { name: input.name, site: input.siteName, minutes: input.validMinutes });
  return compose(input.to, input.locale, t('mail.exists.subject'), [
    t('mail.reset.greeting'),
    t('mail.exists.intro'),
    { url: input.signInUrl, label: t('mail.welcome.action') },
    t('mail.exists.reset'),
    { url: input.resetUrl, label: t('mail.reset.action') },
    t('mail.reset.expiry'),
    t('mail.exists.not_you'),
    t('mail.reset.signature'),
  ]);
}
