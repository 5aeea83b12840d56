/**
 * Certificate rendering benchmark: `node bench/certificates.ts [--count 300] [--json-out file]`.
 *
 * Renders certificates in one process (varied names, kk/ru/en, every fifth with a logo),
 * as a busy server would, and reports milliseconds per PDF (median, p95) and size in KB
 * (median, max). Targets: median <= 15 ms and <= 60 KB. Prints a table, then the results as
 * one JSON line (the last line of output) for a collector; exits 1 when a target is missed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCertificateLogo } from '#lib/certificates/logo.ts';
import { renderCertificatePdf, type CertificatePdfData, type CertificatePdfOptions } from '#lib/certificates/pdf.ts';
import type { Locale } from '#lib/i18n/locales.ts';

export interface CertificateBenchResult {
  name: 'certificates';
  count: number;
  coldStartMs: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  medianKb: number;
  maxKb: number;
  targets: { medianMs: number; sizeKb: number };
  pass: boolean;
}

const FIRST = [
  'Әлия',
  'Нұрлан',
  'Гүлнәр',
  'Ерлан',
  'Айгерім',
  'Дәулет',
  'Анна',
  'Сергей',
  'Мария',
  'John',
  'Sarah',
  'Өмірзақ',
  'Ұлжан',
  'Үміт',
  'Іңкәр',
];
const LAST = [
  'Нұрланова',
  'Қасымов',
  'Сәрсенбаева',
  'Ғабитов',
  'Иванова',
  'Петров',
  'Smith',
  'Жұмабаева',
  'Өтегенов',
  'Құдайбергенова-Әбдірахманова',
];
const TITLES: Record<Locale, string[]> = {
  kk: [
    'Әлеуметтік кәсіпкерлік негіздері',
    'Қаржылық сауаттылық',
    'Жобаларды басқару: қауымдастықтағы өзгерістерге арналған тәжірибелік курс',
  ],
  ru: [
    'Основы социального предпринимательства',
    'Финансовая грамотность',
    'Управление проектами: практический курс для местных сообществ',
  ],
  en: [
    'Foundations of social entrepreneurship',
    'Financial literacy',
    'Project management: a practical course for community change',
  ],
};
const LOCALES: Locale[] = ['kk', 'ru', 'en'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function certificate(i: number): CertificatePdfData {
  const locale = LOCALES[i % 3] as Locale;
  const first = FIRST[i % FIRST.length] as string;
  const last = LAST[(i * 7) % LAST.length] as string;
  const patronymic = i % 4 === 0 ? ` ${FIRST[(i * 3) % FIRST.length]}қызы` : '';
  return {
    code: `BNCH-${String(i).padStart(4, '0')}-0000`.replace(/[ILOU]/g, '0'),
    holderName: `${first}${patronymic} ${last}`,
    courseTitle: TITLES[locale][i % 3] as string,
    hours: 4 + (i % 60),
    issuedAt: new Date(Date.UTC(2026, i % 12, 1 + (i % 28), 9)),
    locale,
  };
}

/** Runs the benchmark and returns its numbers. */
export async function runCertificateBench(count = 300): Promise<CertificateBenchResult> {
  const options: CertificatePdfOptions = {
    baseUrl: 'https://oqu.example.kz',
    partnerName: 'Қалалық даму орталығы',
    signatoryName: 'Айгерім Сейітова',
    signatoryTitle: 'Бағдарлама жетекшісі',
  };
  const logo = loadCertificateLogo(join(import.meta.dirname, '../tests/fixtures/certificates/logo.png'));

  const coldStart = performance.now();
  await renderCertificatePdf(certificate(0), options);
  const coldStartMs = performance.now() - coldStart;
  for (let i = 1; i <= 10; i++) await renderCertificatePdf(certificate(i), options); // warm-up, not counted

  const times: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    const pdf = await renderCertificatePdf(certificate(i), { ...options, logo: i % 5 === 0 ? logo : null });
    times.push(performance.now() - start);
    sizes.push(pdf.length / 1024);
  }
  times.sort((a, b) => a - b);
  sizes.sort((a, b) => a - b);
  const round = (n: number): number => Math.round(n * 100) / 100;
  const result: CertificateBenchResult = {
    name: 'certificates',
    count,
    coldStartMs: round(coldStartMs),
    medianMs: round(percentile(times, 50)),
    p95Ms: round(percentile(times, 95)),
    maxMs: round(times[times.length - 1] as number),
    medianKb: round(percentile(sizes, 50)),
    maxKb: round(sizes[sizes.length - 1] as number),
    targets: { medianMs: 15, sizeKb: 60 },
    pass: false,
  };
  result.pass = result.medianMs <= result.targets.medianMs && result.maxKb <= result.targets.sizeKb;
  return result;
}

function printTable(r: CertificateBenchResult): void {
  const rows: [string, string, string][] = [
    ['PDFs rendered', String(r.count), ''],
    ['first PDF (cold start)', `${r.coldStartMs} ms`, ''],
    ['median per PDF', `${r.medianMs} ms`, `target <= ${r.targets.medianMs} ms`],
    ['p95 per PDF', `${r.p95Ms} ms`, ''],
    ['max per PDF', `${r.maxMs} ms`, ''],
    ['median size', `${r.medianKb} KB`, `target <= ${r.targets.sizeKb} KB`],
    ['max size', `${r.maxKb} KB`, `target <= ${r.targets.sizeKb} KB`],
  ];
  for (const [label, value, note] of rows) console.log(`${label.padEnd(24)} ${value.padStart(10)}  ${note}`);
  console.log(r.pass ? 'PASS' : 'FAIL: a target was missed');
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const countAt = args.indexOf('--count');
  const outAt = args.indexOf('--json-out');
  const result = await runCertificateBench(countAt >= 0 ? Number(args[countAt + 1]) : 300);
  printTable(result);
  if (outAt >= 0 && args[outAt + 1]) writeFileSync(args[outAt + 1] as string, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result));
  process.exitCode = result.pass ? 0 : 1;
}
