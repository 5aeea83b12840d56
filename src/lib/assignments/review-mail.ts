/** The e-mail a trainee gets when a trainer has decided on their work, in the trainee's language. */
import type { Locale } from '#lib/i18n/locales.ts';
import { translate, type MessageKey } from '#lib/i18n/t.ts';
import type { MailMessage } from '#lib/mail/mailer.server.ts';

export interface ReviewMailInput {
  to: string;
  locale: Locale;
  name: string;
  /** The assignment's title in the trainee's language. */
  assignment: string;
  decision: 'accept' | 'revise';
  /** The assignment page, where the levels and comment are shown. */
  url: string;
  siteName: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function composeReviewMail(input: ReviewMailInput): MailMessage {
  const t = (key: MessageKey) =>
    translate(input.locale, key, { name: input.name, site: input.siteName, assignment: input.assignment });
  const outcome = t(input.decision === 'accept' ? 'mail.review.accepted' : 'mail.review.revise');
  const lines = [t('mail.review.greeting'), outcome, t('mail.review.open')];
  return {
    to: input.to,
    subject: t(input.decision === 'accept' ? 'mail.review.subject_accepted' : 'mail.review.subject_revise'),
    text: [lines[0], '', lines[1], '', lines[2], input.url, '', t('mail.review.signature')].join('\n'),
    html: [
      ...lines.slice(0, 2).map((l) => `<p>${escapeHtml(l!)}</p>`),
      `<p><a href="${escapeHtml(input.url)}">${escapeHtml(lines[2]!)}</a></p>`,
      `<p>${escapeHtml(t('mail.review.signature'))}</p>`,
    ].join('\n'),
  };
}
