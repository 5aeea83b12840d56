/**
 * The e-mails about a session, in the recipient's language: signed up (with the `.ics`
 * invitation), on the waiting list, moved up from it (with the invitation), changed, cancelled,
 * and the reminder the day before. The place and link are sent only to people signed up.
 */
import type { EventRow } from '#db/schema.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { pickText } from '#lib/i18n/pick-text.ts';
import { translate, type MessageKey } from '#lib/i18n/t.ts';
import { paths } from '#lib/i18n/urls.ts';
import type { MailMessage } from '#lib/mail/mailer.server.ts';
import { formatDateTimeRange } from '#lib/time/dates.ts';
import { sessionsCalendar } from './ics.ts';

export const EVENT_MAILS = ['signed_up', 'waiting', 'promoted', 'changed', 'cancelled', 'reminder'] as const;
export type EventMailKind = (typeof EVENT_MAILS)[number];

export interface EventMailContext {
  baseUrl: string;
  siteName: (l: Locale) => string;
  /** The reader's fallback chain for the session's texts. */
  chain: (l: Locale) => readonly Locale[];
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The session's title and description as `locale` reads them. */
export function eventTexts(event: Pick<EventRow, 'title' | 'description'>, locale: Locale, chain: readonly Locale[]) {
  return { title: pickText(event.title, locale, chain), description: pickText(event.description, locale, chain) };
}

/** The e-mail of `kind` to one person about one session. */
export function composeEventMail(
  kind: EventMailKind,
  to: { email: string; locale: Locale },
  event: EventRow,
  context: EventMailContext,
): MailMessage {
  const l = to.locale;
  const { title, description } = eventTexts(event, l, context.chain(l));
  const t = (key: MessageKey, params: Record<string, string> = {}) => translate(l, key, { title, ...params });
  const url = `${context.baseUrl}${paths.event(l, event.id)}`;
  const placed = kind !== 'waiting' && kind !== 'cancelled';
  const when = formatDateTimeRange(event.startsAt, event.endsAt, l);
  const lines = [
    t(`mail.event.${kind}.intro`),
    t('mail.event.when', { when }),
    ...(placed && event.place ? [t('mail.event.where', { place: event.place })] : []),
    ...(placed && event.onlineUrl ? [t('mail.event.online', { url: event.onlineUrl })] : []),
    ...(kind === 'cancelled' ? [] : [description].filter(Boolean)),
  ];
  const signature = translate(l, 'mail.reset.signature', { site: context.siteName(l) });
  const invite = kind === 'signed_up' || kind === 'promoted' || kind === 'changed' || kind === 'cancelled';
  return {
    to: to.email,
    subject: t(`mail.event.${kind}.subject`),
    text: [...lines, url, signature].join('\n\n'),
    html:
      `<!doctype html><html lang="${l}"><body>${lines.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}` +
      `<p><a href="${escapeHtml(url)}">${escapeHtml(t('mail.event.action'))}</a></p>` +
      `<p>${escapeHtml(signature)}</p></body></html>`,
    ...(invite && {
      attachments: [
        {
          filename: 'invite.ics',
          contentType: `text/calendar; charset=utf-8; method=${kind === 'cancelled' ? 'CANCEL' : 'REQUEST'}`,
          content: sessionsCalendar([{ event, title, description, url }], {
            name: context.siteName(l),
            host: new URL(context.baseUrl).host,
            method: kind === 'cancelled' ? 'CANCEL' : 'REQUEST',
          }),
        },
      ],
    }),
  };
}
