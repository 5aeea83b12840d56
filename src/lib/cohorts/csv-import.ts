/**
 * Reading a trainee list for bulk enrolment: CSV with a name, an e-mail and a language per
 * row, `,`, `;` or tab separated (rows pasted from Excel cells come with tabs), with or
 * without a header row and a BOM (as Excel saves it). Rows whose cells are all empty
 * (`;;`) are not rows. Pure: every row is either a trainee to import or an error naming its
 * line, its field and the value found there.
 */
import { finished } from 'node:stream/promises';
import { parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { displayNameSchema, emailSchema } from '#lib/auth/user-input.ts';
import { LOCALES, type Locale } from '#lib/i18n/locales.ts';
import type { MessageKey } from '#lib/i18n/t.ts';

export interface TraineeRow {
  line: number;
  name: string;
  email: string;
  locale: Locale;
  /** The row named no language, so it was given the page's. */
  defaulted?: boolean;
}

export type ImportField = 'name' | 'email' | 'language' | 'row';

export interface RowError {
  line: number;
  field: ImportField;
  /** A message key of the UI dictionaries. */
  error: MessageKey;
  /** What the row had in that field, as written ('' when the cell was empty or missing). */
  value?: string;
}

/** What a file held: the trainees to invite, the rows refused, and how many rows were read. */
export interface ParsedTrainees {
  rows: TraineeRow[];
  errors: RowError[];
  /** Rows read (no header, no empty rows). */
  read: number;
}

export const MAX_IMPORT_ROWS = 20_000;

const HEADERS: Record<'name' | 'email' | 'language', string[]> = {
  name: ['name', 'full name', 'fullname', 'аты-жөні', 'аты жөні', 'толық аты-жөні', 'фио', 'имя', 'полное имя'],
  email: ['email', 'e-mail', 'mail', 'электрондық пошта', 'пошта', 'почта', 'электронная почта'],
  language: ['language', 'lang', 'locale', 'тіл', 'язык'],
};

/**
 * The spellings accepted for each language, compared in lower case without a final dot
 * (`Қаз.`): codes, short and full names in Kazakh, Russian and English, one table so that
 * every short form of one language is accepted when another is.
 */
export const LANGUAGE_SPELLINGS: Record<Locale, readonly string[]> = {
  kk: [
    'kk',
    'kz',
    'kaz',
    'kazakh',
    'қаз',
    'қазақ',
    'қазақша',
    'қазақ тілі',
    'каз',
    'казах',
    'казахский',
    'казахша',
    'казахский язык',
  ],
  ru: ['ru', 'rus', 'russian', 'рус', 'русский', 'русский язык', 'орыс', 'орысша', 'орыс тілі'],
  en: ['en', 'eng', 'english', 'англ', 'английский', 'английский язык', 'ағыл', 'ағылшын', 'ағылшынша', 'ағылшын тілі'],
};

const LANGUAGE_WORDS = new Map<string, Locale>(
  (Object.entries(LANGUAGE_SPELLINGS) as [Locale, readonly string[]][]).flatMap(([locale, words]) =>
    words.map((w) => [w, locale] as const),
  ),
);

/** The language a cell names, or null; case, spaces and a final dot do not matter. */
export function languageOf(cell: string): Locale | null {
  const word = cell.trim().toLowerCase().replace(/\.$/, '').replace(/\s+/g, ' ');
  return LANGUAGE_WORDS.get(word) ?? null;
}

/**
 * Whether raw file bytes are in an encoding other than UTF-8 (the file must then be saved
 * again as "CSV UTF-8"): UTF-16 by its BOM or by the zero bytes of its Latin text, Windows-1251
 * (Excel's "CSV" on a Russian or Kazakh Windows) by bytes that are not valid UTF-8.
 */
export function csvEncodingProblem(bytes: Uint8Array): 'utf-16' | 'windows-1251' | null {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)))
    return 'utf-16';
  const sample = bytes.subarray(0, 4096);
  let zeros = 0;
  for (const b of sample) if (b === 0) zeros++;
  if (sample.length >= 4 && zeros * 4 >= sample.length) return 'utf-16';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return null;
  } catch {
    return 'windows-1251';
  }
}

/** The separator used most on the first non-empty line: tab, `;` or `,` (in that order on a tie). */
function detectDelimiter(text: string): string {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const count = (c: string) => first.split(c).length - 1;
  return ['\t', ';', ','].reduce((best, c) => (count(c) > count(best) ? c : best), ',');
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
  skip_records_with_empty_values: true,
  info: true,
  trim: true,
  bom: true,
  to: MAX_IMPORT_ROWS + 2,
} as const;

interface NumberedRecord {
  record: string[];
  info: { lines: number };
}

/**
 * Parses the file; `defaultLocale` is used where a row names no language, and a row naming a
 * language the site does not offer (`offered`) is refused: its trainee would be sent to pages
 * that do not exist.
 */
export function parseTraineeCsv(
  text: string,
  defaultLocale: Locale,
  offered: readonly Locale[] = LOCALES,
): ParsedTrainees {
  const clean = text.replace(/^\uFEFF/, '');
  let records: NumberedRecord[];
  try {
    records = parse(clean, { ...PARSE_OPTIONS, delimiter: detectDelimiter(clean) }) as unknown as NumberedRecord[];
  } catch (error) {
    return unreadable(error);
  }
  const reader = new RecordReader(records[0]?.record, defaultLocale, offered);
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
  offered: readonly Locale[] = LOCALES,
): Promise<ParsedTrainees> {
  const clean = text.replace(/^\uFEFF/, '');
  const records: NumberedRecord[] = [];
  // No `to` here: a stream told to stop early refuses the rest of the writes; body() caps.
  const parser = parseStream({ ...PARSE_OPTIONS, to: undefined, delimiter: detectDelimiter(clean) });
  let failure: unknown;
  parser.on('readable', () => {
    for (let r = parser.read() as NumberedRecord | null; r !== null; r = parser.read() as NumberedRecord | null)
      records.push(r);
  });
  const done = finished(parser).catch((error: unknown) => (failure ??= error));
  for (let i = 0; i < clean.length && failure === undefined; i += 100_000) {
    parser.write(clean.slice(i, i + 100_000));
    await pause();
  }
  parser.end();
  await done;
  if (failure !== undefined) return unreadable(failure);
  const reader = new RecordReader(records[0]?.record, defaultLocale, offered);
  const body = reader.body(records);
  for (let i = 0; i < body.length; i += 1_000) {
    reader.check(body.slice(i, i + 1_000));
    await pause();
  }
  return reader.result();
}

function unreadable(error: unknown): ParsedTrainees {
  const line = typeof error === 'object' && error && 'lines' in error ? Number((error as { lines: number }).lines) : 0;
  return { rows: [], errors: [{ line, field: 'row', error: 'cohort.import.unreadable' }], read: 0 };
}

/** How many rows of a parse were refused: rows, not errors (a row may have several). */
export function refusedRows(errors: readonly RowError[]): number {
  return new Set(errors.filter((e) => e.error !== 'cohort.import.too_many').map((e) => e.line)).size;
}

/** Checks records one slice after another, remembering duplicates across slices. */
class RecordReader {
  private readonly order: Record<'name' | 'email' | 'language', number>;
  private readonly header: boolean;
  private readonly rows: TraineeRow[] = [];
  private readonly errors: RowError[] = [];
  private readonly seen = new Map<string, number>();
  private readonly defaultLocale: Locale;
  private readonly offered: readonly Locale[];
  private read = 0;

  constructor(first: string[] | undefined, defaultLocale: Locale, offered: readonly Locale[]) {
    const header = first ? columnOrder(first) : null;
    this.header = header !== null;
    this.order = header ?? { name: 0, email: 1, language: 2 };
    this.defaultLocale = defaultLocale;
    this.offered = offered;
  }

  /** The records after the header, at most MAX_IMPORT_ROWS (an error says when there were more). */
  body(records: NumberedRecord[]): NumberedRecord[] {
    const body = this.header ? records.slice(1) : records;
    if (body.length > MAX_IMPORT_ROWS)
      this.errors.push({ line: body[MAX_IMPORT_ROWS]!.info.lines, field: 'row', error: 'cohort.import.too_many' });
    return body.slice(0, MAX_IMPORT_ROWS);
  }

  /** Checks `records` (numbered by the lines of the file, empty lines counted). */
  check(records: NumberedRecord[]): void {
    const { order } = this;
    for (const { record, info } of records) {
      this.read++;
      const line = info.lines;
      const cell = (i: number) => (i >= 0 ? (record[i] ?? '') : '');
      const name = displayNameSchema.safeParse(cell(order.name));
      const email = emailSchema.safeParse(cell(order.email));
      const rawLanguage = cell(order.language).trim();
      const named = rawLanguage ? languageOf(rawLanguage) : this.defaultLocale;
      const locale = named && this.offered.includes(named) ? named : null;
      if (!name.success)
        this.errors.push({ line, field: 'name', error: 'cohort.import.bad_name', value: cell(order.name) });
      if (!email.success)
        this.errors.push({ line, field: 'email', error: 'cohort.import.bad_email', value: cell(order.email) });
      if (!locale) {
        const error = named ? 'cohort.import.language_not_offered' : 'cohort.import.bad_language';
        this.errors.push({ line, field: 'language', error, value: rawLanguage });
      }
      if (!name.success || !email.success || !locale) continue;
      const earlier = this.seen.get(email.data);
      if (earlier !== undefined) {
        this.errors.push({
          line,
          field: 'email',
          error: 'cohort.import.duplicate',
          value: `${email.data} (${earlier})`,
        });
        continue;
      }
      this.seen.set(email.data, line);
      this.rows.push({ line, name: name.data, email: email.data, locale, ...(!rawLanguage && { defaulted: true }) });
    }
  }

  result(): ParsedTrainees {
    return { rows: this.rows, errors: this.errors, read: this.read };
  }
}
