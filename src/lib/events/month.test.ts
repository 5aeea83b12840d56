import { describe, expect, it } from 'vitest';
import { kazakhstanMonth, monthGrid, parseMonth, sessionsByDay, spannedDays } from './month.ts';

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

describe('spannedDays', () => {
  const span = (from: string, to: string) => spannedDays({ startsAt: new Date(from), endsAt: new Date(to) });
  it('gives one Almaty day for a session within a day, each day for one over several', () => {
    expect(span('2026-11-20T05:00:00Z', '2026-11-20T07:00:00Z')).toEqual(['2026-11-20']);
    // 09:00 on the 30th to 18:00 on 2 December, Almaty time: across the end of the month.
    expect(span('2026-11-30T04:00:00Z', '2026-12-02T13:00:00Z')).toEqual(['2026-11-30', '2026-12-01', '2026-12-02']);
  });
  it('counts days in Almaty, and an end at midnight takes no day of its own', () => {
    // 22:00 to 00:00 in Almaty (17:00-19:00 UTC): one day.
    expect(span('2026-11-20T17:00:00Z', '2026-11-20T19:00:00Z')).toEqual(['2026-11-20']);
    // 23:00 to 01:00 in Almaty: two days, though one in UTC.
    expect(span('2026-11-20T18:00:00Z', '2026-11-20T20:00:00Z')).toEqual(['2026-11-20', '2026-11-21']);
  });
});

describe('sessionsByDay', () => {
  it('puts a study visit on each of its days, numbered, beside a one-day seminar', () => {
    const visit = { id: 'visit', startsAt: new Date('2026-11-30T04:00:00Z'), endsAt: new Date('2026-12-01T13:00:00Z') };
    const seminar = {
      id: 'seminar',
      startsAt: new Date('2026-12-01T05:00:00Z'),
      endsAt: new Date('2026-12-01T07:00:00Z'),
    };
    const byDay = sessionsByDay([visit, seminar]);
    const ids = (day: string) => byDay.get(day)?.map((e) => [e.event.id, e.day, e.days]);
    expect(ids('2026-11-30')).toEqual([['visit', 1, 2]]);
    expect(ids('2026-12-01')).toEqual([
      ['visit', 2, 2],
      ['seminar', 1, 1],
    ]);
    expect(ids('2026-12-02')).toBeUndefined();
  });
});
