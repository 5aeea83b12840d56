import { describe, expect, test } from 'vitest';
import { formatMonth } from '#lib/time/dates.ts';
import { reportMonths, reportPeriod } from './period.ts';

describe('the report period', () => {
  test('months are offered as names in every language (a month input showed "---------- ----" in Kazakh)', () => {
    expect(formatMonth('2026-03', 'kk')).toBe('2026 ж. наурыз');
    expect(formatMonth('2026-03', 'ru')).toBe('март 2026 г.');
    expect(formatMonth('2026-12', 'en')).toBe('December 2026');
  });

  test('the lists run from this month in Kazakhstan back six years, and keep a chosen older month', () => {
    // 1 January 00:30 in Almaty is still 31 December in UTC.
    const months = reportMonths(new Date('2026-12-31T19:30:00Z'));
    expect(months[0]).toBe('2027-01');
    expect(months.at(-1)).toBe('2022-01');
    expect(months).toHaveLength(61);
    const period = reportPeriod(new URLSearchParams({ from: '2019-05', to: '2026-02' }));
    expect(reportMonths(new Date('2026-12-31T19:30:00Z'), period).at(-1)).toBe('2019-05');
  });
});
