/**
 * A project root as the exports for other LMSs read it, without building the site: a fixture
 * course (tests/fixtures/exchange-courses) in `courses/`, its files copied where the build puts
 * them (`dist/client/course-assets/`), and each lesson page a stand-in in the shape Oqu builds it
 * (article.lesson-body; Figure and Handout as src/components/mdx/Figure.astro and Handout.astro
 * render them; a quiz form), with Oqu's sources linked in (the export finds its runtime, schema
 * files and site configuration there, and the command line runs from it).
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LOCALES, type Locale } from '#lib/i18n/locales.ts';
import { paths } from '#lib/i18n/urls.ts';

const repo = join(import.meta.dirname, '..', '..');
export const EXCHANGE_FIXTURES = join(repo, 'tests', 'fixtures', 'exchange-courses');
const LINKED = ['src', 'db', 'public', 'node_modules', 'package.json', 'tsconfig.json', 'oqu.config.yaml'];

const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1] ?? '';

/**
 * A lesson page as Oqu builds it from its MDX. The handout's link is percent-encoded, as a link
 * pasted from a browser is; the image's is raw, as Astro writes it.
 */
function builtPage(course: string, locale: Locale, mdx: string): string {
  const front = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(mdx)!;
  const title = /^title: (.*)$/m.exec(front[1]!)![1]!;
  const quiz = /^quiz: (.*)$/m.exec(front[1]!)?.[1];
  const body = front[2]!
    .replace(/^## (.*)$/gm, '<h2>$1</h2>')
    .replace(
      /<Figure [^>]*\/>/g,
      (tag) =>
        `<figure><img src="${paths.courseAsset(course, attr(tag, 'src'))}" alt="${attr(tag, 'alt')}" loading="lazy" ` +
        `decoding="async"><figcaption>${attr(tag, 'caption')}</figcaption></figure>`,
    )
    .replace(
      /<Handout [^>]*\/>/g,
      (tag) =>
        `<aside class="box box--reading handout"><p class="box__title">Үлестірме</p><p>` +
        `<a href="${paths.courseAsset(course, encodeURIComponent(attr(tag, 'file')))}" download>` +
        `${attr(tag, 'title')} (CSV, 1 KB)</a></p></aside>`,
    );
  const quizSection = quiz
    ? `<section class="quiz" id="quiz"><form method="post" action="/x/quiz" id="quiz-${quiz}-form" class="quiz-form">` +
      `<button type="submit">Жіберу</button></form></section>`
    : '';
  return `<!DOCTYPE html><html lang="${locale}"><head><link rel="stylesheet" href="/_astro/site.css"></head><body>
<main><article class="lesson-body"><h1>${title}</h1>${body}${quizSection}</article></main></body></html>`;
}

/** A temporary project root holding `course` (a folder of tests/fixtures/exchange-courses) as built in `locales`. */
export function builtProject(course: string, locales: readonly Locale[] = LOCALES): string {
  const dir = mkdtempSync(join(tmpdir(), 'oqu-built-lessons-'));
  for (const name of LINKED) symlinkSync(join(repo, name), join(dir, name));
  const source = join(EXCHANGE_FIXTURES, course);
  cpSync(source, join(dir, 'courses', course), { recursive: true });
  const client = join(dir, 'dist', 'client');
  mkdirSync(join(client, '_astro'), { recursive: true });
  writeFileSync(join(client, '_astro', 'site.css'), 'body { color: #222 }');
  cpSync(join(source, 'assets'), join(client, 'course-assets', course), { recursive: true });
  for (const module of readdirSync(source).filter((f) => /^\d{2}-/.test(f)))
    for (const file of readdirSync(join(source, module))) {
      const [, lesson, locale] = /^\d{2}-(.+)\.(kk|ru|en)\.mdx$/.exec(file) ?? [];
      if (!lesson || !locales.includes(locale as Locale)) continue;
      const page = join(client, paths.lesson(locale as Locale, course, lesson), 'index.html');
      mkdirSync(dirname(page), { recursive: true });
      writeFileSync(page, builtPage(course, locale as Locale, readFileSync(join(source, module, file), 'utf8')));
    }
  return dir;
}
