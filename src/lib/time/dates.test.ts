/**
 * A cohort's calendar days read as dates in the reader's language, not as `2026-12-20` (a
 * partner's trial found the raw form on the cohort and join pages, and Kazakh "2026-12-20 дейін"
 * without the case ending the month needs).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { formatCalendarDay } from './dates.ts';

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
