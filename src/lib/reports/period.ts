/** The report period from `?from=YYYY-MM&to=YYYY-MM` (months in Almaty time, `to` inclusive). */
import { startOfAlmatyMonth } from './almaty-time.ts';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export function reportPeriod(params: URLSearchParams): { from: string; to: string; range: { from?: Date; to?: Date } } {
  const from = MONTH.test(params.get('from') ?? '') ? params.get('from')! : '';
  const to = MONTH.test(params.get('to') ?? '') ? params.get('to')! : '';
  return { from, to, range: { from: from ? startOfAlmatyMonth(from) : undefined, to: to ? startOfAlmatyMonth(nextMonth(to)) : undefined } };
}
