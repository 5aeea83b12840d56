import { kazakhstanDate } from '#lib/time/dates.ts';

/** The report period from `?from=YYYY-MM&to=YYYY-MM` (months in Almaty time, both included). */
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function reportPeriod(params: URLSearchParams): {
  from: string;
  to: string;
  range: { from?: string; to?: string };
} {
  const from = MONTH.test(params.get('from') ?? '') ? params.get('from')! : '';
  const to = MONTH.test(params.get('to') ?? '') ? params.get('to')! : '';
  return { from, to, range: { ...(from && { from }), ...(to && { to }) } };
}

/** How many years back the report's month lists go. */
const REPORT_YEARS = 6;

/**
 * The months the report's period lists offer, newest first: this month in Kazakhstan back to
 * January six years ago, and a chosen month from further back (a bookmarked link) too.
 */
export function reportMonths(now: Date, chosen: { from: string; to: string } = { from: '', to: '' }): string[] {
  const [year, month] = kazakhstanDate(now).split('-').map(Number) as [number, number];
  const months: string[] = [];
  for (let y = year; y > year - REPORT_YEARS; y--)
    for (let m = y === year ? month : 12; m >= 1; m--) months.push(`${y}-${String(m).padStart(2, '0')}`);
  const older = [chosen.from, chosen.to].filter((m) => m && !months.includes(m));
  return [...months, ...[...new Set(older)].sort().reverse()];
}
