/**
 * The one home of dates and Kazakhstan time: every page, CSV, e-mail and certificate shows
 * time as it is in Kazakhstan, whatever the server's own zone (`TZ`) is.
 *
 * Kazakhstan keeps one zone, UTC+5 all year, since 1 March 2024. Two ways to reach it:
 * - `formatDate` / `formatDateTime` for people (Intl, in the reader's language, Asia/Almaty);
 * - the fixed offset (`KAZAKHSTAN_OFFSET_MS`) for machine forms (`YYYY-MM-DD`, `YYYY-MM-DD HH:MM`),
 *   so JS and the SQL that groups reports by month (db/migrations/0005, +18000000 ms) can never
 *   disagree. Dates before March 2024 (UTC+6 in Almaty then) come out one hour early there.
 */
import type { Locale } from '#lib/i18n/locales.ts';

/** The IANA zone of every date shown to a person. */
export const KAZAKHSTAN_TIME_ZONE = 'Asia/Almaty';

/** UTC+5, fixed: the offset the reports' SQL adds too. */
const KAZAKHSTAN_OFFSET_MS = 5 * 60 * 60 * 1000;

/** BCP 47 tags for Intl (and a PDF's /Lang): Kazakh and Russian as written in Kazakhstan. */
export const LANGUAGE_TAGS: Record<Locale, string> = { kk: 'kk-KZ', ru: 'ru-KZ', en: 'en' };

type DateStyle = 'long' | 'medium' | 'short';
type TimeStyle = 'short' | 'medium';

/** Intl formatters are slow to make (~0.3 ms each), so each is made once per language and style. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function intlFormat(
  locale: Locale,
  options: { dateStyle: DateStyle; timeStyle?: TimeStyle },
  timeZone: string,
): Intl.DateTimeFormat {
  const key = `${locale} ${options.dateStyle} ${options.timeStyle ?? ''} ${timeZone}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(LANGUAGE_TAGS[locale], { ...options, timeZone });
    formatters.set(key, format);
  }
  return format;
}

/** A calendar date in Kazakhstan, as `locale` writes it, e.g. "28 ноября 2026 г." (`long`). */
export function formatDate(
  date: Date,
  locale: Locale,
  style: DateStyle = 'long',
  timeZone: string = KAZAKHSTAN_TIME_ZONE,
): string {
  return intlFormat(locale, { dateStyle: style }, timeZone).format(date);
}

/**
 * A calendar day kept as `YYYY-MM-DD` (a cohort's start or its application window), as `locale`
 * writes it: "20 декабря 2026 г.", "2026 ж. 20 желтоқсан", "December 20, 2026". A day is the
 * same everywhere, so no zone moves it; anything else is returned as it is.
 */
export function formatCalendarDay(day: string, locale: Locale): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  return formatDate(new Date(Date.UTC(y, m - 1, d, 12)), locale, 'long', 'UTC');
}

/** A short date with the time in Kazakhstan, e.g. "28.11.2026, 01:30" (`medium` adds seconds). */
export function formatDateTime(date: Date, locale: Locale, time: TimeStyle = 'short'): string {
  return intlFormat(locale, { dateStyle: 'short', timeStyle: time }, KAZAKHSTAN_TIME_ZONE).format(date);
}

/**
 * A span in Kazakhstan time: the end's time alone within one day ("20.11.2026, 10:00 – 12:00",
 * in English "11/20/26, 10:00 AM – 12:00 PM": the end in the start's clock, not a 24-hour one),
 * its date too when the span runs over several days ("20.11.2026, 10:00 – 21.11.2026, 18:00").
 */
export function formatDateTimeRange(start: Date, end: Date, locale: Locale): string {
  const to = kazakhstanDate(start) === kazakhstanDate(end) ? formatTime(end, locale) : formatDateTime(end, locale);
  return `${formatDateTime(start, locale)} – ${to}`;
}

/** The time of day in Kazakhstan as `locale` writes it ("02:00", "2:00 AM"), like formatDateTime's. */
function formatTime(date: Date, locale: Locale): string {
  let format = timeFormatters.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(LANGUAGE_TAGS[locale], { timeStyle: 'short', timeZone: KAZAKHSTAN_TIME_ZONE });
    timeFormatters.set(locale, format);
  }
  return format.format(date);
}
const timeFormatters = new Map<Locale, Intl.DateTimeFormat>();

/** A month `YYYY-MM` as `locale` names it: "March 2026", "март 2026 г.", "2026 ж. наурыз". */
export function formatMonth(month: string, locale: Locale): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return intlMonth(locale).format(new Date(Date.UTC(year, m - 1, 15)));
}

const monthFormatters = new Map<Locale, Intl.DateTimeFormat>();
function intlMonth(locale: Locale): Intl.DateTimeFormat {
  let format = monthFormatters.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(LANGUAGE_TAGS[locale], { month: 'long', year: 'numeric', timeZone: 'UTC' });
    monthFormatters.set(locale, format);
  }
  return format;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The wall-clock fields of `date` in Kazakhstan (read with getUTC* from the shifted date). */
function kazakhstanFields(date: Date): Date {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid Date given to a Kazakhstan time formatter');
  return new Date(date.getTime() + KAZAKHSTAN_OFFSET_MS);
}

/** `YYYY-MM-DD` in Kazakhstan, e.g. to compare with a cohort's calendar days. */
export function kazakhstanDate(date: Date): string {
  return kazakhstanFields(date).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:MM` in Kazakhstan, e.g. `2026-03-01 04:59` (the CSV exports' dates). */
export function formatAlmatyDateTime(date: Date): string {
  const d = kazakhstanFields(date);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
  );
}

/**
 * The instant of a wall-clock date and time in Kazakhstan (`2026-12-10`, `14:30`), as a form
 * with `<input type="date">` and `<input type="time">` gives them; the inverse of
 * `formatAlmatyDateTime`.
 */
export function fromKazakhstanWallClock(date: string, time: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, min] = time.split(':').map(Number) as [number, number];
  const instant = new Date(Date.UTC(y, m - 1, d, h, min) - KAZAKHSTAN_OFFSET_MS);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`not a date and time: ${date} ${time}`);
  return instant;
}

/** `HH:MM` in Kazakhstan, e.g. for a time field's value. */
export function kazakhstanTime(date: Date): string {
  return formatAlmatyDateTime(date).slice(11);
}
