import { describe, expect, it } from 'vitest';
import { kazakhstanMonth, monthGrid, parseMonth } from './month.ts';

describe('monthGrid', () => {
  it('lays December 2026 out from Monday, in Kazakhstan time', () => {
    const grid = monthGrid('2026-12');
    // 1 December 2026 is a Tuesday.
    expect(grid.weeks[0]).toEqual([
      null,
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
    ]);
    expect(grid.weeks.flat().filter(Boolean)).toHaveLength(31);
    expect(grid.from.toISOString()).toBe('2026-11-30T19:00:00.000Z');
    expect(grid.to.toISOString()).toBe('2026-12-31T19:00:00.000Z');
    expect([grid.previous, grid.next]).toEqual(['2026-11', '2027-01']);
  });
  it('takes only a real month', () => {
    expect(parseMonth('2026-02')).toBe('2026-02');
    for (const bad of ['2026-13', '2026-2', '1900-01', "2026-01' or 1=1", null])
      expect(parseMonth(bad)).toBeUndefined();
  });
  it('names the month of an instant as it is in Almaty', () => {
    expect(kazakhstanMonth(new Date('2026-11-30T19:30:00Z'))).toBe('2026-12');
  });
});
