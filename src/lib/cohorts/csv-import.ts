/**
 * Reading a trainee list for bulk enrolment: CSV with a name, an e-mail and a language per
 * row, `,` or `;` separated, with or without a header row and a BOM (as Excel saves it).
 * Pure: every row is either a trainee to import or an error naming its line and field.
 */
import { finished } from 'node:stream/promises';
import { parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { displayNameSchema, emailSchema, localeSchema } from '#lib/auth/user-input.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import type { MessageKey } from '#lib/i18n/t.ts';

export interface TraineeRow {
  line: number;
  name: string;
  email: string;
  locale: Locale;
}

export interface RowError {
  line: number;
  field: 'name' | 'email' | 'language' | 'row';
  /** A message key of the UI dictionaries. */
  error: MessageKey;
  value?: string;
}

export const MAX_IMPORT_ROWS = 20_000;

const HEADERS: Record<'name' | 'email' | 'language', string[]> = {
  name: ['name', 'full name', 'fullname', 'аты-жөні', 'аты жөні', 'толық аты-жөні', 'фио', 'имя', 'полное имя'],
  email: ['email', 'e-mail', 'mail', 'электрондық пошта', 'пошта', 'почта', 'электронная почта'],
  language: ['language', 'lang', 'locale', 'тіл', 'язык'],
};

const LANGUAGE_WORDS: Record<string, Locale> = {
  kk: 'kk',
  kz: 'kk',
  kaz: 'kk',
  қазақша: 'kk',
  қазақ: 'kk',
  казахский: 'kk',
  kazakh: 'kk',
  ru: 'ru',
  rus: 'ru',
  орысша: 'ru',
  русский: 'ru',
  russian: 'ru',
  en: 'en',
  eng: 'en',
  ағылшынша: 'en',
  английский: 'en',
  english: 'en',
};

function detectDelimiter(text: string): string {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  return (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? ';' : ',';
}

function columnOrder(header: string[]): Record<'name' | 'email' | 'language', number> | null {
  const normal = header.map((h) => h.trim().toLowerCase());
  const find = (key: keyof typeof HEADERS) => normal.findIndex((h) => HEADERS[key].includes(h));
  const order = { name: find('name'), email: find('email'), language: find('language') };
  return order.name >= 0 && order.email >= 0 ? order : null;
}

// Header, the rows allowed and one more, so that a longer file is reported as too long.
const PARSE_OPTIONS = {
  relax_column_count: true,
  skip_empty_lines: true,
  trim: true,
  bom: true,
  to: MAX_IMPORT_ROWS + 2,
} as const;

/** Parses the file; `defaultLocale` is used where a row names no language. */
export function parseTraineeCsv(text: string, defaultLocale: Locale): { rows: TraineeRow[]; errors: RowError[] } {
  const clean = text.replace(/^\uFEFF/, '');
  let records: string[][];
  try {
    records = parse(clean, { ...PARSE_OPTIONS, delimiter: detectDelimiter(clean) });
  } catch (error) {
    return unreadable(error);
  }
  const reader = new RecordReader(records[0], defaultLocale);
  reader.check(reader.body(records));
  return reader.result();
}

/**
 * The same as parseTraineeCsv, reading and checking a slice at a time and awaiting `pause`
 * between slices, so that a server can answer other requests while a 20,000-row file is
 * read (reading one at once held the event loop for half a second).
 */
export async function parseTraineeCsvInSlices(
  text: string,
  defaultLocale: Locale,
  pause: () => Promise<void>,
): Promise<{ rows: TraineeRow[]; errors: RowError[] }> {
  const clean = text.replace(/^\uFEFF/, '');
  const records: string[][] = [];
  // No `to` here: a stream told to stop early refuses the rest of the writes; body() caps.
  const parser = parseStream({ ...PARSE_OPTIONS, to: undefined, delimiter: detectDelimiter(clean) });
  let failure: unknown;
  parser.on('readable', () => {
    for (let record = parser.read() as string[] | null; record !== null; record = parser.read() as string[] | null)
      records.push(record);
  });
  const done = finished(parser).catch((error: unknown) => (failure ??= error));
  for (let i = 0; i < clean.length && failure === undefined; i += 100_000) {
    parser.write(clean.slice(i, i + 100_000));
    await pause();
  }
  parser.end();
  await done;
  if (failure !== undefined) return unreadable(failure);
  const reader = new RecordReader(records[0], defaultLocale);
  const body = reader.body(records);
  for (let i = 0; i < body.length; i += 1_000) {
    reader.check(body.slice(i, i + 1_000), i);
    await pause();
  }
  return reader.result();
}

function unreadable(error: unknown): { rows: TraineeRow[]; errors: RowError[] } {
  const line = typeof error === 'object' && error && 'lines' in error ? Number((error as { lines: number }).lines) : 0;
  return { rows: [], errors: [{ line, field: 'row', error: 'cohort.import.unreadable' }] };
}

/** Checks records one slice after another, remembering duplicates across slices. */
class RecordReader {
  private readonly order: Record<'name' | 'email' | 'language', number>;
  private readonly offset: number;
  private readonly header: boolean;
  private readonly rows: TraineeRow[] = [];
  private readonly errors: RowError[] = [];
  private readonly seen = new Map<string, number>();
  private readonly defaultLocale: Locale;

  constructor(first: string[] | undefined, defaultLocale: Locale) {
    const header = first ? columnOrder(first) : null;
    this.header = header !== null;
    this.order = header ?? { name: 0, email: 1, language: 2 };
    this.offset = header ? 2 : 1;
    this.defaultLocale = defaultLocale;
  }

  /** The records after the header, at most MAX_IMPORT_ROWS (an error says when there were more). */
  body(records: string[][]): string[][] {
    const body = this.header ? records.slice(1) : records;
    if (body.length > MAX_IMPORT_ROWS)
      this.errors.push({ line: MAX_IMPORT_ROWS + this.offset, field: 'row', error: 'cohort.import.too_many' });
    return body.slice(0, MAX_IMPORT_ROWS);
  }

  /** Checks `records`, the first of which is body record number `start`. */
  check(records: string[][], start = 0): void {
    const { order } = this;
    records.forEach((record, i) => {
      const line = start + i + this.offset;
      const name = displayNameSchema.safeParse(record[order.name] ?? '');
      const email = emailSchema.safeParse(record[order.email] ?? '');
      const rawLanguage = (order.language >= 0 ? (record[order.language] ?? '') : '').trim().toLowerCase();
      const locale = rawLanguage
        ? localeSchema.safeParse(LANGUAGE_WORDS[rawLanguage] ?? rawLanguage)
        : { success: true as const, data: this.defaultLocale };
      if (!name.success)
        this.errors.push({ line, field: 'name', error: 'cohort.import.bad_name', value: record[order.name] });
      if (!email.success)
        this.errors.push({ line, field: 'email', error: 'cohort.import.bad_email', value: record[order.email] });
      if (!locale.success)
        this.errors.push({ line, field: 'language', error: 'cohort.import.bad_language', value: rawLanguage });
      if (!name.success || !email.success || !locale.success) return;
      const earlier = this.seen.get(email.data);
      if (earlier !== undefined) {
        this.errors.push({
          line,
          field: 'email',
          error: 'cohort.import.duplicate',
          value: `${email.data} (${earlier})`,
        });
        return;
      }
      this.seen.set(email.data, line);
      this.rows.push({ line, name: name.data, email: email.data, locale: locale.data });
    });
  }

  result(): { rows: TraineeRow[]; errors: RowError[] } {
    return { rows: this.rows, errors: this.errors };
  }
}
