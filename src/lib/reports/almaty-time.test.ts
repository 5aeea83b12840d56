import { describe, expect, it } from 'vitest';
import { almatyMonth, formatAlmatyDateTime, startOfAlmatyMonth } from './almaty-time.ts';

describe('Almaty time (UTC+5)', () => {
  it('formats and takes months on the Almaty side of midnight', () => {
    expect(formatAlmatyDateTime(new Date('2026-03-10T07:05:00Z'))).toBe('2026-03-10 12:05');
    expect(almatyMonth(new Date('2026-01-31T18:59:59.999Z'))).toBe('2026-01');
    expect(almatyMonth(new Date('2026-01-31T19:00:00Z'))).toBe('2026-02');
  });

  it('finds the instant a month begins, and refuses what is not a month', () => {
    expect(startOfAlmatyMonth('2026-03').toISOString()).toBe('2026-02-28T19:00:00.000Z');
    expect(startOfAlmatyMonth('2027-01').toISOString()).toBe('2026-12-31T19:00:00.000Z');
    expect(almatyMonth(startOfAlmatyMonth('2026-07'))).toBe('2026-07');
    expect(() => startOfAlmatyMonth('2026-13')).toThrow(/YYYY-MM/);
    expect(() => startOfAlmatyMonth('March')).toThrow(RangeError);
  });
});
