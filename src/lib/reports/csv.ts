/**
 * CSV for the spreadsheets partners open reports in: Excel set to Kazakh or Russian. Those
 * locales use the comma as the decimal mark, so Excel expects `;` between fields (and reads
 * `12,5` as a number, `12.5` as text); the byte-order mark makes it read UTF-8 rather than
 * the ANSI code page, which would garble Cyrillic. Written by csv-stringify (the csv-parse
 * project's writer): RFC 4180 quoting, CRLF line ends.
 *
 * Formula injection (OWASP "CSV injection"): every text field is quoted, and a `'` is put
 * before any `=`, `+`, `-`, `@`, tab or carriage return (and their full-width forms) that
 * starts the text or follows a separator inside it (`,` `;` tab or a line break, spaces
 * allowed between). Quoting alone is not enough: a name like `Ann,=cmd|' /C calc'!A0,`
 * becomes a formula cell in a spreadsheet that splits on commas and ignores quotes.
 * Numbers are never prefixed: `-3` stays a number.
 */
import { stringify, type Options } from 'csv-stringify/sync';
import { formatAlmatyDateTime } from '#lib/time/dates.ts';

export type CsvValue = string | number | null | undefined | Date;

/** A formula start at the beginning of the text or after a separator a spreadsheet might split on. */
const FORMULA_AFTER_SEPARATOR = /(^|[,;\t\r\n])( *)(?=[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20])/g;

/** Text made safe to open in a spreadsheet (see the module comment); quoting is csv-stringify's. */
export function defuseFormulas(text: string): string {
  return text.replace(FORMULA_AFTER_SEPARATOR, "$1$2'");
}

/** A number with the decimal comma (Kazakh and Russian locales); nothing for NaN or infinity. */
function formatNumber(value: number): string {
  return Number.isFinite(value) ? String(value).replace('.', ',') : '';
}

const OPTIONS: Options = {
  delimiter: ';',
  record_delimiter: '\r\n',
  quoted_string: true,
  quoted_empty: false,
  cast: { string: defuseFormulas, number: formatNumber, date: formatAlmatyDateTime },
};

/** One field as it appears in the file: dates in Almaty time (`YYYY-MM-DD HH:MM`), empty for null. */
export function formatCsvField(value: CsvValue): string {
  return stringify([[value]], { ...OPTIONS, record_delimiter: '' }).replace(/\r\n$/, '');
}

/**
 * A whole CSV file as a string: BOM, the header, then one line per row, each line ending in
 * CRLF. Every row must have as many fields as the header (a mismatch is a bug, so it throws).
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  checkRowLengths(header, rows);
  return stringify([header, ...rows] as CsvValue[][], { ...OPTIONS, bom: true });
}

function checkRowLengths(header: readonly string[], rows: readonly (readonly CsvValue[])[], before = 0): void {
  rows.forEach((row, i) => {
    if (row.length !== header.length)
      throw new RangeError(`CSV row ${before + i + 1} has ${row.length} fields; the header has ${header.length}`);
  });
}

/**
 * The same file as `toCsv`, streamed: the BOM and header first, then each page of rows as it
 * is read (one page in memory at a time, however many rows there are). A page is only read
 * when the client is ready for more; a client that goes away stops the reading.
 */
export function streamCsv(
  header: readonly string[],
  pages: AsyncIterable<readonly (readonly CsvValue[])[]>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = pages[Symbol.asyncIterator]();
  let written = -1;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (written < 0) {
          written = 0;
          controller.enqueue(encoder.encode(toCsv(header, [])));
          return;
        }
        // Each pull must enqueue something or close, or the reader waits for ever: skip empty pages.
        for (;;) {
          const page = await iterator.next();
          if (page.done) return controller.close();
          if (page.value.length === 0) continue;
          checkRowLengths(header, page.value, written);
          written += page.value.length;
          return controller.enqueue(encoder.encode(stringify(page.value as CsvValue[][], OPTIONS)));
        }
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
