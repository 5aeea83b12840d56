/**
 * Words printed on a certificate or written into its credential, in its own language (which
 * need not be the reader's), from the `certificate.*` keys of the UI dictionaries.
 */
import type { Locale } from '#lib/i18n/locales.ts';
import { formatNumber } from '#lib/i18n/numbers.ts';
import { translate, type MessageKey } from '#lib/i18n/t.ts';
import { formatDate, KAZAKHSTAN_TIME_ZONE, LANGUAGE_TAGS } from '#lib/time/dates.ts';

export type CertificateMessageKey = Extract<MessageKey, `certificate.${string}`>;

/** The text for `key` in `locale` with `{name}` placeholders filled (English if one slipped). */
export function certificateText(
  locale: Locale,
  key: CertificateMessageKey,
  params: Record<string, string | number> = {},
): string {
  return translate(locale, key, params);
}

/** Intl objects are slow to make (~0.3 ms each), so each is made once per language. */
const formatters = new Map<string, Intl.PluralRules>();

function formatter<T extends Intl.PluralRules>(key: string, make: () => T): T {
  let value = formatters.get(key);
  if (!value) {
    value = make();
    formatters.set(key, value);
  }
  return value as T;
}

/** "24 hours", "24 часа", "24 сағат": the number in local style, the noun in the right plural. */
export function formatHours(hours: number, locale: Locale): string {
  const tag = LANGUAGE_TAGS[locale];
  const category = formatter(`plural ${tag}`, () => new Intl.PluralRules(tag)).select(hours);
  const key = (
    category === 'one' || category === 'few' || category === 'many'
      ? `certificate.pdf.hours_${category}`
      : 'certificate.pdf.hours_other'
  ) as CertificateMessageKey;
  return certificateText(locale, key, { count: formatNumber(hours, locale) });
}

/** The issue date as the certificate's language writes it, e.g. "27 ноября 2026 г." (Kazakhstan time unless told). */
export function formatIssueDate(date: Date, locale: Locale, timeZone: string = KAZAKHSTAN_TIME_ZONE): string {
  return formatDate(date, locale, 'long', timeZone);
}
