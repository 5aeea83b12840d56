/**
 * The one formatter for numbers shown to people, beside the dates of src/lib/time/dates.ts:
 * Kazakh and Russian write the decimal comma ("2,8", "66,7 %"), English the point. Intl
 * formatters are made once per language and style.
 */
import type { Locale } from './locales.ts';

const TAGS: Record<Locale, string> = { kk: 'kk-KZ', ru: 'ru-KZ', en: 'en' };
const formatters = new Map<string, Intl.NumberFormat>();

function intlNumber(locale: Locale, style: 'decimal' | 'percent', digits: number): Intl.NumberFormat {
  const key = `${locale} ${style} ${digits}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(TAGS[locale], { style, maximumFractionDigits: digits, useGrouping: true });
    formatters.set(key, format);
  }
  return format;
}

/** A number as `locale` writes it, at most `digits` decimals: 2.8 → "2,8" in kk and ru. */
export function formatNumber(value: number, locale: Locale, digits = 1): string {
  return intlNumber(locale, 'decimal', digits).format(value);
}

/** A share 0..1 as a percentage in `locale`, whole by default: 0.6667 → "67 %" (ru), "67%" (en). */
export function formatShare(share: number, locale: Locale, digits = 0): string {
  return intlNumber(locale, 'percent', digits).format(share);
}
