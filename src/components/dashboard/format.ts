/**
 * How the course dashboard writes its figures in the reader's language: counts ("10 000" in kk
 * and ru), shares and percentages ("16,7 %"), dates, review times, and course texts in the
 * reader's language or the next of their chain. One place for the dashboard's sections.
 */
import type { Locale } from '#lib/i18n/locales.ts';
import { formatNumber, formatShare } from '#lib/i18n/numbers.ts';
import { pickLocalized, type Localized } from '#lib/i18n/pick-text.ts';
import { useTranslations } from '#lib/i18n/t.ts';
import { formatCount } from '#lib/reports/figures.ts';
import { chainFor } from '#lib/site/current.ts';
import { formatDate } from '#lib/time/dates.ts';

const HOUR = 3_600_000;

/** The dashboard's formatters for one reader's language. */
export function dashboardFormat(locale: Locale) {
  const t = useTranslations(locale);
  return {
    t,
    /** A whole number as the page's language writes it. */
    count: (value: number) => formatCount(value, locale),
    /** A share 0..1 as a percentage, or a dash when there is none. */
    share: (value: number | null) => (value === null ? '—' : formatShare(value, locale)),
    /** A percentage 0..100 (progress, a best score), one decimal. */
    percent: (value: number | null | undefined) =>
      value === null || value === undefined ? '—' : formatShare(value / 100, locale, 1),
    when: (date: Date) => formatDate(date, locale, 'medium'),
    /** A median time to review: hours under two days, else days (one decimal). */
    duration: (ms: number | null) =>
      ms === null
        ? '—'
        : ms < 48 * HOUR
          ? t('dashboard.hours', { hours: formatNumber(ms / HOUR, locale, 1) })
          : t('dashboard.days', { days: formatNumber(ms / (24 * HOUR), locale, 1) }),
    /** A course text in the reader's language or the next of their chain; `lang` on it via fallbackLang. */
    pick: (text: Localized<string> | undefined) => pickLocalized(text, locale, chainFor(locale)),
  };
}
