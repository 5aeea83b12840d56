/**
 * The course dashboard's whole numbers as its reader's language writes them (issue 21), through
 * the one number formatter: 10000 is "10 000" in Kazakh and Russian, "10,000" in English.
 */
import type { Locale } from '#lib/i18n/locales.ts';
import { formatNumber } from '#lib/i18n/numbers.ts';

/** A count (trainees, attempts, lessons done) in `locale`. */
export function formatCount(value: number, locale: Locale): string {
  return formatNumber(value, locale, 0);
}

/** Every count of `figures` (the overview, a quiz's learners and attempts) in `locale`. */
export function formatCounts<K extends string>(
  figures: Readonly<Record<K, number>>,
  locale: Locale,
): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const key of Object.keys(figures) as K[]) out[key] = formatCount(figures[key], locale);
  return out;
}
