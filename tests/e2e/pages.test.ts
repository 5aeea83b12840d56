/** The built site over HTTP: every lesson in every language, redirects, filters, no JavaScript. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { listCourses, listLessonFiles, readQuizFiles } from '../helpers/course-files.ts';

const baseURL = inject('baseURL');
const root = inject('projectRoot');
const coursesDir = join(root, 'courses');
const locales = ['kk', 'ru', 'en'];
const lessons = listLessonFiles(coursesDir);
const slugs = [...new Map(lessons.map((l) => [`${l.course}/${l.slug}`, l])).values()];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
}

describe('routes', () => {
  test('/ redirects to the browser language among the enabled ones', async () => {
    for (const [header, expected] of [
      ['ru-RU,ru;q=0.9,en;q=0.8', '/ru/'],
      ['en-GB,en;q=0.9', '/en/'],
      ['de-DE', '/kk/'],
      ['kk', '/kk/'],
    ]) {
      const res = await fetch(`${baseURL}/`, { headers: { 'Accept-Language': header! }, redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(new URL(res.headers.get('location')!, baseURL).pathname).toBe(expected);
    }
  });

  test.each(locales)('/%s/ lists every course with <html lang>', async (locale) => {
    const html = await (await fetch(`${baseURL}/${locale}/`)).text();
    expect(html).toContain(`<html lang="${locale}"`);
    for (const course of listCourses(coursesDir)) expect(html).toContain(`/${locale}/courses/${course}/`);
  });

  test('every lesson answers 200 in every language, with the right <html lang>', async () => {
    expect(slugs.length).toBeGreaterThan(0);
    for (const { course, slug } of slugs) {
      for (const locale of locales) {
        const res = await fetch(`${baseURL}/${locale}/courses/${course}/${slug}/`);
        expect(res.status, `${locale}/${course}/${slug}`).toBe(200);
        expect(await res.text()).toContain(`<html lang="${locale}"`);
      }
    }
  });

  test('unknown pages answer 404 in the language of the address', async () => {
    const res = await fetch(`${baseURL}/ru/courses/no-such-course/`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('<html lang="ru"');
    expect(html).toContain('Страница не найдена');
    expect((await fetch(`${baseURL}/xx/`)).status).toBe(404);
  });

  test('the catalogue filters by field and by language with a plain GET form', async () => {
    const all = await (await fetch(`${baseURL}/en/`)).text();
    const urban = await (await fetch(`${baseURL}/en/?field=urbanism`)).text();
    const count = (html: string) => Number(/role="status"[^>]*>(\d+)/.exec(html)?.[1] ?? 0);
    expect(count(urban)).toBeLessThan(count(all));
    expect(urban).not.toContain('/en/courses/social-entrepreneurship/');
    expect(count(await (await fetch(`${baseURL}/en/?field=nonsense`)).text())).toBe(count(all));
  });

  test('/healthz answers ok', async () => {
    expect(await (await fetch(`${baseURL}/healthz`)).json()).toMatchObject({ status: 'ok' });
  });
});

describe('built pages', () => {
  const client = join(inject('siteRoot'), 'dist', 'client');
  // The curriculum's lessons (the build also holds the end-to-end fixture courses).
  const curriculum = new Set(listCourses(coursesDir));
  const lessonPages = walk(client).filter((f) => {
    const found = /\/(kk|ru|en)\/courses\/([^/]+)\/[^/]+\/index\.html$/.exec(f);
    return found !== null && curriculum.has(found[2]!);
  });

  test('plain lesson pages ship no JavaScript; quiz lessons only the small quiz script', () => {
    expect(lessonPages.length).toBe(slugs.length * locales.length);
    let withQuiz = 0;
    for (const page of lessonPages) {
      const html = readFileSync(page, 'utf8');
      expect(html, page).not.toMatch(/\son[a-z]+=/i);
      const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)];
      if (!html.includes('class="quiz"')) {
        expect(scripts, page).toEqual([]);
        expect(html, page).not.toMatch(/\.m?js["'\s>]/);
        continue;
      }
      withQuiz++;
      expect(
        scripts.map((s) => s[0].replace(/>[\s\S]*/, '>')),
        page,
      ).toEqual(['<script type="module" src="/scripts/quiz.js">']);
      expect(
        scripts.every((s) => s[1]!.trim() === ''),
        page,
      ).toBe(true);
    }
    expect(withQuiz).toBeGreaterThan(0);
    expect(gzipSync(readFileSync(join(client, 'scripts', 'quiz.js'))).length).toBeLessThanOrEqual(5 * 1024);
  });

  test('no answer key reaches a built page or script', () => {
    const files = walk(client).filter((f) => /\.(html|js|mjs|json)$/.test(f) && !f.includes('/pagefind/'));
    const texts = files.map((f) => [f, readFileSync(f, 'utf8')] as const);
    for (const [file, text] of texts) {
      expect(text, file).not.toMatch(/"correct"\s*:/);
      expect(text, file).not.toMatch(/data-correct|"accept"\s*:/);
    }
    for (const course of listCourses(coursesDir)) {
      for (const [id, quiz] of Object.entries(readQuizFiles(coursesDir, course))) {
        const hosts = lessonPages.filter((p) => p.includes(`/courses/${course}/`));
        for (const page of hosts) {
          const html = readFileSync(page, 'utf8');
          const section = /<section class="quiz"[\s\S]*?<\/section>/.exec(html)?.[0];
          if (!section || !section.includes(`quiz-${id}-`)) continue;
          for (const q of quiz.questions) {
            for (const list of Object.values((q.accept ?? {}) as Record<string, string[]>)) {
              for (const answer of list)
                expect(section, `${page}: accepted answer of ${id}/${q.id}`).not.toContain(`value="${answer}"`);
            }
            for (const text of Object.values((q.feedback ?? {}) as Record<string, string>)) {
              expect(section, `${page}: feedback of ${id}/${q.id}`).not.toContain(text.slice(0, 40));
            }
          }
        }
      }
    }
  });

  test('Pagefind built a search index per language', () => {
    const indexes = readdirSync(join(client, 'pagefind')).filter(
      (f) => f.startsWith('pagefind.') || f === 'pagefind-entry.json',
    );
    expect(indexes).toContain('pagefind-entry.json');
    const entry = JSON.parse(readFileSync(join(client, 'pagefind', 'pagefind-entry.json'), 'utf8'));
    expect(Object.keys(entry.languages).sort()).toEqual(['en', 'kk', 'ru']);
  });
});

describe('security headers', () => {
  test.each(['/en/', '/en/courses/example-course/learning-outcomes/', '/en/login', '/favicon.svg'])(
    '%s carries CSP (no inline script), nosniff, referrer policy, frame-ancestors',
    async (path) => {
      const res = await fetch(`${baseURL}${path}`);
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/script-src 'self'/);
      expect(csp).not.toMatch(/unsafe-inline/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    },
  );
});
