/**
 * Reports count and print time in Asia/Almaty, as the programme's partners read it. Almaty is
 * UTC+5 all year: Kazakhstan moved to one time zone on 1 March 2024 and keeps no summer
 * time. The offset is fixed here rather than looked up in the platform's time-zone data, so
 * JS and the SQL that groups by month (programme.server.ts adds the same offset) can never
 * disagree. Dates before March 2024 (UTC+6 in Almaty then) come out one hour early.
 */
export const ALMATY_OFFSET_MS = 5 * 60 * 60 * 1000;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The wall-clock fields of `date` in Almaty (read from a UTC date shifted by the offset). */
function almatyFields(date: Date): Date {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid Date given to a report');
  return new Date(date.getTime() + ALMATY_OFFSET_MS);
}

/** `YYYY-MM-DD HH:MM` in Almaty, e.g. `2026-03-01 04:59`. */
export function formatAlmatyDateTime(date: Date): string {
  const d = almatyFields(date);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** The Almaty month of `date` as `YYYY-MM`. */
export function almatyMonth(date: Date): string {
  const d = almatyFields(date);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}

/** The instant an Almaty month (`YYYY-MM`) begins, e.g. for a report's `from` and `to`. */
export function startOfAlmatyMonth(month: string): Date {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const m = match ? Number(match[2]) : 0;
  if (!match || m < 1 || m > 12) throw new RangeError(`"${month}" is not a month; write it as YYYY-MM, e.g. 2026-03`);
  return new Date(Date.UTC(Number(match[1]), m - 1, 1) - ALMATY_OFFSET_MS);
}

