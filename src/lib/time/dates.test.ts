import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, test } from 'vitest';
import {
  formatAlmatyDateTime,
  formatCalendarDay,
  formatDate,
  formatDateTime,
  formatDateTimeRange,
  kazakhstanDate,
} from './dates.ts';

// The server's own zone must not matter: run as if hosted in New York (UTC-5 in November).
process.env.TZ = 'America/New_York';

/** 20:30 UTC on 27 November: already 28 November (01:30) in Kazakhstan, still the 27th in New York. */
const lateEvening = new Date('2026-11-27T20:30:00Z');

describe('dates in Kazakhstan time, whatever the server zone', () => {
  it('runs under a server zone that is a day behind Almaty (the test would prove nothing otherwise)', () => {
    expect(lateEvening.getDate()).toBe(27);
    expect(new Intl.DateTimeFormat('en', { dateStyle: 'long' }).format(lateEvening)).toBe('November 27, 2026');
  });

  it('formats dates for people in each language, on the Almaty side of midnight', () => {
    expect(formatDate(lateEvening, 'en')).toBe('November 28, 2026');
    expect(formatDate(lateEvening, 'ru')).toBe('28 ноября 2026 г.');
    expect(formatDate(lateEvening, 'kk')).toBe('2026 ж. 28 қараша');
    expect(formatDate(lateEvening, 'en', 'medium')).toBe('Nov 28, 2026');
  });

  it('formats date and time for people in Almaty time', () => {
    expect(formatDateTime(lateEvening, 'ru')).toBe('28.11.2026, 01:30');
    expect(formatDateTime(lateEvening, 'en', 'medium')).toBe('11/28/26, 1:30:00 AM');
  });

  it('writes a span within one Almaty day with one date, over several days with both', () => {
    // 23:00 on the 27th UTC is already the 28th in Almaty: one day there, two in UTC.
    expect(formatDateTimeRange(lateEvening, new Date('2026-11-27T23:00:00Z'), 'ru')).toBe('28.11.2026, 01:30 – 04:00');
    const studyVisit = [new Date('2026-11-20T04:00:00Z'), new Date('2026-11-21T13:00:00Z')] as const;
    expect(formatDateTimeRange(...studyVisit, 'ru')).toBe('20.11.2026, 09:00 – 21.11.2026, 18:00');
    // English keeps one clock: not "10:00 AM – 12:30".
    const morning = [new Date('2030-06-03T05:00:00Z'), new Date('2030-06-03T07:30:00Z')] as const;
    expect(formatDateTimeRange(...morning, 'en')).toBe('6/3/30, 10:00 AM – 12:30 PM');
    expect(formatDateTimeRange(...morning, 'kk')).toBe('03.06.30, 10:00 – 12:30');
  });

  it('gives machine forms with the fixed UTC+5 offset', () => {
    expect(kazakhstanDate(lateEvening)).toBe('2026-11-28');
    expect(formatAlmatyDateTime(new Date('2026-03-10T07:05:00Z'))).toBe('2026-03-10 12:05');
    expect(formatAlmatyDateTime(new Date('2026-01-31T18:59:59.999Z'))).toBe('2026-01-31 23:59');
    expect(kazakhstanDate(new Date('2026-01-31T19:00:00Z'))).toBe('2026-02-01');
    expect(() => formatAlmatyDateTime(new Date(Number.NaN))).toThrow(RangeError);
  });
});

/*
 * A cohort's calendar days read as dates in the reader's language, not as `2026-12-20` (a
 * partner's trial found the raw form on the cohort and join pages, and Kazakh "2026-12-20 дейін"
 * without the case ending the month needs).
 */
test('a YYYY-MM-DD day is written as each language writes a date, on that very day', () => {
  expect(formatCalendarDay('2026-12-20', 'kk')).toBe('2026 ж. 20 желтоқсан');
  expect(formatCalendarDay('2026-12-20', 'ru')).toBe('20 декабря 2026 г.');
  expect(formatCalendarDay('2026-12-20', 'en')).toBe('December 20, 2026');
  // The first and last day of a year stay on their day whatever the server's zone.
  expect(formatCalendarDay('2027-01-01', 'en')).toBe('January 1, 2027');
  expect(formatCalendarDay('2026-12-31', 'en')).toBe('December 31, 2026');
});

test('anything that is not a day is shown as it is', () => {
  expect(formatCalendarDay('', 'kk')).toBe('');
  expect(formatCalendarDay('soon', 'en')).toBe('soon');
});

test('Kazakh sentences do not put a case ending after a date (the month would need to agree with it)', () => {
  const kk = JSON.parse(readFileSync(join(import.meta.dirname, '../i18n/kk.json'), 'utf8')) as Record<string, string>;
  const dated = ['cohort.window.not_yet', 'cohort.window.open', 'cohort.window.closed', 'events.deadline'];
  for (const key of dated)
    expect(kk[key], key).not.toMatch(/\{(date|open|close)\}\s*(дейін|басталып|аяқталады|аяқталды)/);
});
