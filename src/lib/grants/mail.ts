/** The e-mails of grant competitions: the receipt of a submitted proposal and a co-applicant's invitation. */
import type { Locale } from '#lib/i18n/locales.ts';
import { translate, type MessageKey } from '#lib/i18n/t.ts';
import type { MailMessage } from '#lib/mail/mailer.server.ts';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface GrantMailInput {
  to: string;
  locale: Locale;
  /** The call's title in the reader's language. */
  call: string;
  /** The proposal's title as the team wrote it. */
  title: string;
  /** The proposal's page. */
  url: string;
  siteName: string;
  /** The receipt: when it was accepted, as the reader reads time in Almaty. */
  when?: string;
  /** The invitation: who invites. */
  lead?: string;
}

function compose(input: GrantMailInput, keys: { subject: MessageKey; body: MessageKey; open: MessageKey }) {
  const params = {
    call: input.call,
    title: input.title,
    site: input.siteName,
    when: input.when ?? '',
    lead: input.lead ?? '',
  };
  const t = (key: MessageKey) => translate(input.locale, key, params);
  const body = t(keys.body);
  const open = t(keys.open);
  return {
    to: input.to,
    subject: t(keys.subject),
    text: [body, '', open, input.url, '', t('mail.review.signature')].join('\n'),
    html: [
      `<p>${escapeHtml(body)}</p>`,
      `<p><a href="${escapeHtml(input.url)}">${escapeHtml(open)}</a></p>`,
      `<p>${escapeHtml(t('mail.review.signature'))}</p>`,
    ].join('\n'),
  } satisfies MailMessage;
}

export function composeReceipt(input: GrantMailInput): MailMessage {
  return compose(input, {
    subject: 'mail.grants.receipt_subject',
    body: 'mail.grants.receipt_body',
    open: 'mail.grants.open',
  });
}

export function composeInvitation(input: GrantMailInput): MailMessage {
  return compose(input, {
    subject: 'mail.grants.invite_subject',
    body: 'mail.grants.invite_body',
    open: 'mail.grants.invite_open',
  });
}
