/**
 * The month view as plain data: weeks from Monday to Sunday, each day a Kazakhstan calendar date
 * (`YYYY-MM-DD`) or null outside the month, the instants the month spans in Kazakhstan time, and
 * the days a session spans (a study visit shows on each of its days).
 */
import { fromKazakhstanWallClock, kazakhstanDate } from '#lib/time/dates.ts';

export interface MonthGrid {
  month: string;
  previous: string;
  next: string;
  from: Date;
  to: Date;
  weeks: (string | null)[][];
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `YYYY-MM` of a date in Kazakhstan. */
export function kazakhstanMonth(date: Date): string {
  return kazakhstanDate(date).slice(0, 7);
}

/** The month asked for when it is a real `YYYY-MM` between 2000 and 2100, else undefined. */
export function parseMonth(value: string | null | undefined): string | undefined {
  const match = MONTH.exec(value ?? '');
  if (!match) return undefined;
  const year = Number(match[1]);
  return year >= 2000 && year <= 2100 ? value! : undefined;
}

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}

export function monthGrid(month: string): MonthGrid {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const lead = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7;
  const cells: (string | null)[] = [
    ...Array<null>(lead).fill(null),
    ...Array.from({ length: days }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`),
  ];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
  const next = shiftMonth(month, 1);
  return {
    month,
    previous: shiftMonth(month, -1),
    next,
    from: fromKazakhstanWallClock(`${month}-01`, '00:00'),
    to: fromKazakhstanWallClock(`${next}-01`, '00:00'),
    weeks,
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The Kazakhstan days a session spans, first to last: one for a session within a day, each day
 * of a study visit. A session ending at midnight does not take the day that starts then.
 */
export function spannedDays(event: { startsAt: Date; endsAt: Date }): string[] {
  const last = kazakhstanDate(new Date(Math.max(event.startsAt.getTime(), event.endsAt.getTime() - 1)));
  const days = [kazakhstanDate(event.startsAt)];
  // Noon of each next day, so no day is skipped or taken twice; bounded by the form's longest session.
  for (let at = fromKazakhstanWallClock(days[0]!, '12:00').getTime() + DAY_MS; days.length < 62; at += DAY_MS) {
    const day = kazakhstanDate(new Date(at));
    if (day > last) break;
    days.push(day);
  }
  return days;
}

/** A session on one day of the month view: its `day`th of `days`. */
export interface DayEntry<T> {
  event: T;
  day: number;
  days: number;
}

/** The month view's sessions by Kazakhstan day, in the order given: a session over several days on each of them. */
export function sessionsByDay<T extends { startsAt: Date; endsAt: Date }>(
  items: readonly T[],
): Map<string, DayEntry<T>[]> {
  const byDay = new Map<string, DayEntry<T>[]>();
  for (const event of items) {
    const days = spannedDays(event);
    days.forEach((d, i) => byDay.set(d, [...(byDay.get(d) ?? []), { event, day: i + 1, days: days.length }]));
  }
  return byDay;
}
