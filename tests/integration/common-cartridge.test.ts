/**
 * A curriculum course exported as an IMS Common Cartridge 1.1 (`oqu export-course --format cc`)
 * in each language: the zip passes `unzip -t`, its file names are ASCII, its manifest, QTI
 * assessments and web links are valid against the official schema files, Kazakh text survives,
 * lessons keep no quiz form or runtime (the LMS runs the quiz from the QTI file), and questions
 * the profile cannot carry are reported. The built lessons are stand-ins written here in the
 * shape Oqu builds (article.lesson-body, a quiz form, further reading), so the test needs no
 * site build; the page transform itself is the SCORM export's, played in Chromium by
 * tests/e2e/scorm-export.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readCourseContents } from '#lib/courses/content-files.ts';
import { exportCommonCartridge } from '#lib/exchange/cc-package.server.ts';
import { LOCALES, type Locale } from '#lib/i18n/locales.ts';
import { paths } from '#lib/i18n/urls.ts';
import { ccErrors } from '../helpers/cc-xsd.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const COURSE = 'social-entrepreneurship';
let root: string;

/** Each lesson file's front matter, by lesson slug and language. */
function frontMatters(courseDir: string): Map<string, Partial<Record<Locale, { title: string; quiz?: string }>>> {
  const out = new Map<string, Partial<Record<Locale, { title: string; quiz?: string }>>>();
  for (const folder of readdirSync(courseDir).filter((f) => /^\d{2}-/.test(f)))
    for (const file of readdirSync(join(courseDir, folder))) {
      const m = /^\d{2}-(.+)\.(kk|ru|en)\.mdx$/.exec(file);
      if (!m) continue;
      const fm = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(courseDir, folder, file), 'utf8'))?.[1] ?? '';
      out.set(m[1]!, { ...out.get(m[1]!), [m[2]!]: parseYaml(fm) as { title: string; quiz?: string } });
    }
  return out;
}

/** A lesson page in the shape Oqu builds it. */
function builtPage(locale: Locale, title: string, quiz?: string): string {
  const quizSection = quiz
    ? `<div data-pagefind-ignore><section class="quiz" id="quiz"><h2>Quiz</h2>` +
      `<form method="post" action="/x/quiz" id="quiz-${quiz}-form" class="quiz-form"><fieldset></fieldset></form>` +
      `</section></div>`
    : '';
  return `<!DOCTYPE html><html lang="${locale}"><head><link rel="stylesheet" href="/_astro/site.css"></head><body>
<article class="lesson-body"><h1>${title}</h1><p>Мәтін.</p>
<figure><img src="/course-assets/${COURSE}/Сурет 1.png" alt="Сурет"></figure>
<form method="post" action="/x/done" class="mark-done"><button>Done</button></form>
<section class="box box--reading"><p class="box__title">Әдебиет</p><ul>
<li><a href="https://example.org/kitap?a=1&amp;b=2">Әлеуметтік кәсіпкерлік: нұсқаулық</a></li><li>Кітап, 2010.</li>
</ul></section>${quizSection}</article></body></html>`;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'oqu-cc-'));
  cpSync(join(repo, 'courses', COURSE), join(root, 'courses', COURSE), { recursive: true });
  const client = join(root, 'dist', 'client');
  mkdirSync(join(client, '_astro'), { recursive: true });
  writeFileSync(join(client, '_astro', 'site.css'), 'body { color: #222 }');
  mkdirSync(join(client, 'course-assets', COURSE), { recursive: true });
  writeFileSync(join(client, 'course-assets', COURSE, 'Сурет 1.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  const matters = frontMatters(join(root, 'courses', COURSE));
  for (const locale of LOCALES)
    for (const [lesson, byLocale] of matters) {
      const fm = byLocale[locale] ?? byLocale.ru ?? byLocale.en ?? byLocale.kk!;
      const dir = join(client, paths.lesson(locale, COURSE, lesson));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'index.html'), builtPage(locale, fm.title, fm.quiz));
    }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.each(LOCALES)('the Common Cartridge of a curriculum course in %s', (locale) => {
  it('is a clean zip of ASCII names whose manifest, quizzes and links are valid', async () => {
    const course = readCourseContents(join(root, 'courses')).find((c) => c.slug === COURSE)!;
    const result = await exportCommonCartridge(root, COURSE, locale, {
      baseUrl: 'https://oqu.example.kz',
      site: 'Oqu',
    });
    expect(result.lessons).toBe(course.lessons.length);
    expect(result.quizzes).toBeGreaterThan(0);
    expect(result.links).toBe(course.lessons.length);
    const file = join(root, `${COURSE}-${locale}.imscc`);
    writeFileSync(file, result.bytes);
    expect(execFileSync('unzip', ['-t', file], { encoding: 'utf8' })).toMatch(/No errors detected/);
    const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n');
    expect(names.filter((n) => !/^[A-Za-z0-9._/-]+$/.test(n))).toEqual([]);
    const out = join(root, `unpacked-${locale}`);
    execFileSync('unzip', ['-q', file, '-d', out]);
    const manifest = readFileSync(join(out, 'imsmanifest.xml'), 'utf8');
    expect(await ccErrors('manifest', manifest)).toEqual([]);
    expect(manifest).toContain(course.data.title[locale]!);
    for (const quiz of readdirSync(join(out, 'quizzes')))
      expect(await ccErrors('qti', readFileSync(join(out, 'quizzes', quiz, 'assessment.xml'), 'utf8'))).toEqual([]);
    for (const link of readdirSync(join(out, 'links')))
      expect(await ccErrors('weblink', readFileSync(join(out, 'links', link), 'utf8'))).toEqual([]);
    // Every file the manifest names is in the zip.
    for (const [, href] of manifest.matchAll(/<file href="([^"]+)"/g)) expect(names).toContain(href);
  });

  it('keeps the lessons readable without the quiz, and Kazakh text intact', async () => {
    const out = join(root, `unpacked-${locale}`);
    const lessons = readdirSync(join(out, 'lessons'));
    const page = readFileSync(join(out, 'lessons', lessons[0]!), 'utf8');
    expect(page).toContain('Әлеуметтік кәсіпкерлік: нұсқаулық');
    expect(page).not.toContain('quiz-form');
    expect(page).not.toContain('runtime.js');
    expect(page).not.toContain('mark-done');
    expect(page).toMatch(/src="\.\.\/assets\/social-entrepreneurship\/[A-Za-z0-9._-]+\.png"/);
    const link = readFileSync(join(out, 'links', readdirSync(join(out, 'links'))[0]!), 'utf8');
    expect(link).toContain('<title>Әлеуметтік кәсіпкерлік: нұсқаулық</title>');
  });
});

it('reports the questions Common Cartridge 1.1 cannot carry (order questions)', async () => {
  const course = readCourseContents(join(root, 'courses')).find((c) => c.slug === COURSE)!;
  const orders = Object.entries(course.quizzes).flatMap(([id, q]) =>
    q.questions.filter((x) => x.type === 'order').map((x) => `${id}/${x.id}`),
  );
  const result = await exportCommonCartridge(root, COURSE, 'kk', { baseUrl: 'https://oqu.example.kz', site: 'Oqu' });
  const reported = result.skipped.flatMap((s) => s.questions.map((q) => `${s.quiz}/${q.question}`));
  expect(reported.sort()).toEqual(orders.sort());
});
