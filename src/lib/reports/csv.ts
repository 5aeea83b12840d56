/**
 * CSV for the spreadsheets partners open reports in: Excel set to Kazakh or Russian. Those
 * locales use the comma as the decimal mark, so Excel expects `;` between fields (and reads
 * `12,5` as a number, `12.5` as text); the byte-order mark makes it read UTF-8 rather than
 * the ANSI code page, which would garble Cyrillic. Fields follow RFC 4180 (quoted when they
 * hold the separator, a quote or a line break; inner quotes doubled; CRLF line ends).
 *
 * Text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`,
 * so that a learner who registers as `=HYPERLINK(...)` cannot make a trainer's spreadsheet
 * run a formula (OWASP "CSV injection"). Numbers are never prefixed: `-3` stays a number.
 */
import { formatAlmatyDateTime } from './almaty-time.ts';

export type CsvValue = string | number | null | undefined | Date;

const BOM = '\uFEFF';
const SEPARATOR = ';';
const LINE_END = '\r\n';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[;"\r\n]/;

/** A number with the decimal comma (Kazakh and Russian locales); nothing for NaN or infinity. */
function formatNumber(value: number): string {
  return Number.isFinite(value) ? String(value).replace('.', ',') : '';
}

/** Text made safe to open: formula starts defused, then quoted as RFC 4180 asks. */
function formatText(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One field: dates in Almaty time (`YYYY-MM-DD HH:MM`), empty for null. */
export function formatCsvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return formatAlmatyDateTime(value);
  if (typeof value === 'number') return formatNumber(value);
  return formatText(value);
}

/**
 * A whole CSV file as a string: BOM, the header, then one line per row, each line ending in
 * CRLF. Every row must have as many fields as the header (a mismatch is a bug, so it throws).
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const lines = [header.map(formatText).join(SEPARATOR)];
  rows.forEach((row, i) => {
    if (row.length !== header.length) throw new RangeError(`CSV row ${i + 1} has ${row.length} fields; the header has ${header.length}`);
    lines.push(row.map(formatCsvField).join(SEPARATOR));
  });
  return BOM + lines.join(LINE_END) + LINE_END;
}
