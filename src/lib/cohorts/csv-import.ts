/**
 * Reading a trainee list for bulk enrolment: CSV with a name, an e-mail and a language per
 * row, `,` or `;` separated, with or without a header row and a BOM (as Excel saves it).
 * Pure: every row is either a trainee to import or an error naming its line and field.
 */
import { parse } from 'csv-parse/sync';
import { displayNameSchema, emailSchema, localeSchema } from '../auth/user-input.ts';
import type { Locale } from '../i18n/locales.ts';
import type { MessageKey } from '../i18n/t.ts';

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
  kk: 'kk', kz: 'kk', kaz: 'kk', 'қазақша': 'kk', 'қазақ': 'kk', 'казахский': 'kk', kazakh: 'kk',
  ru: 'ru', rus: 'ru', 'орысша': 'ru', 'русский': 'ru', russian: 'ru',
  en: 'en', eng: 'en', 'ағылшынша': 'en', 'английский': 'en', english: 'en',
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

/** Parses the file; `defaultLocale` is used where a row names no language. */
export function parseTraineeCsv(text: string, defaultLocale: Locale): { rows: TraineeRow[]; errors: RowError[] } {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { delimiter: detectDelimiter(text.replace(/^\uFEFF/, '')), relax_column_count: true, skip_empty_lines: true, trim: true, bom: true, to: MAX_IMPORT_ROWS + 1 });
  } catch (error) {
    const line = typeof error === 'object' && error && 'lines' in error ? Number((error as { lines: number }).lines) : 0;
    return { rows: [], errors: [{ line, field: 'row', error: 'cohort.import.unreadable' }] };
  }
  const header = records[0] ? columnOrder(records[0]) : null;
  const order = header ?? { name: 0, email: 1, language: 2 };
  const body = header ? records.slice(1) : records;
  const offset = header ? 2 : 1;
  const rows: TraineeRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  if (body.length > MAX_IMPORT_ROWS) errors.push({ line: MAX_IMPORT_ROWS + offset, field: 'row', error: 'cohort.import.too_many' });
  body.slice(0, MAX_IMPORT_ROWS).forEach((record, i) => {
    const line = i + offset;
    const name = displayNameSchema.safeParse(record[order.name] ?? '');
    const email = emailSchema.safeParse(record[order.email] ?? '');
    const rawLanguage = (order.language >= 0 ? (record[order.language] ?? '') : '').trim().toLowerCase();
    const locale = rawLanguage ? localeSchema.safeParse(LANGUAGE_WORDS[rawLanguage] ?? rawLanguage) : { success: true as const, data: defaultLocale };
    if (!name.success) errors.push({ line, field: 'name', error: 'cohort.import.bad_name', value: record[order.name] });
    if (!email.success) errors.push({ line, field: 'email', error: 'cohort.import.bad_email', value: record[order.email] });
    if (!locale.success) errors.push({ line, field: 'language', error: 'cohort.import.bad_language', value: rawLanguage });
    if (!name.success || !email.success || !locale.success) return;
    const earlier = seen.get(email.data);
    if (earlier !== undefined) {
      errors.push({ line, field: 'email', error: 'cohort.import.duplicate', value: `${email.data} (${earlier})` });
      return;
    }
    seen.set(email.data, line);
    rows.push({ line, name: name.data, email: email.data, locale: locale.data });
  });
  return { rows, errors };
}
