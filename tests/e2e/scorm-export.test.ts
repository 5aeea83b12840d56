/**
 * A course exported as SCORM 1.2 and 2004 (`oqu export-course --format scorm12|scorm2004`), run
 * the way a partner's LMS runs it: scorm-again (the SCORM runtime many LMSs and players use) provides the API to a
 * frame, each SCO of the package opens in it, a trainee answers the quizzes in Chromium, and
 * the test reads back what the package committed. In Kazakh, both versions, every SCO of the
 * manifest is opened in turn and each quiz answered right (from the course's quiz files): each
 * lesson reports completed, each quiz passed with its score. In Russian and English, one lesson
 * and one quiz (failed, then passed). Every language: `unzip -t` clean, the manifest valid
 * against the schema files, and no request leaves the package (a frame's every request is a
 * file of the package; nothing reaches another host).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import { xmlId, type ScormVersion } from '#lib/exchange/scorm-manifest.ts';
import { exportScorm } from '#lib/exchange/scorm-package.server.ts';
import { launchBrowser, newContext } from './browser.ts';
import { listLessonFiles, readQuizFiles } from '../helpers/course-files.ts';
import { rightAnswers, wrongAnswers } from '../helpers/quiz-answers.ts';
import { activityTree, playCourse } from '../helpers/scorm-sequencing.ts';
import { scormManifestErrors } from '../helpers/scorm-xsd.ts';

const siteRoot = inject('siteRoot');
const COURSE = 'social-entrepreneurship';
const LMS = 'http://lms.test';
const runtimes = join(import.meta.dirname, '..', '..', 'node_modules/scorm-again/dist');
/** How an LMS plays each version: scorm-again's API object and the names of what the SCO commits. */
const PLAYER = {
  scorm12: {
    script: readFileSync(join(runtimes, 'scorm12.min.js')),
    api: 'window.API = new Scorm12API({ autocommit: false, logLevel: 5 });',
    get: 'LMSGetValue',
    status: 'cmi.core.lesson_status',
    success: 'cmi.core.lesson_status',
    score: 'cmi.core.score.raw',
  },
  scorm2004: {
    script: readFileSync(join(runtimes, 'scorm2004.min.js')),
    api: 'window.API_1484_11 = new Scorm2004API({ autocommit: false, logLevel: 5 });',
    get: 'GetValue',
    status: 'cmi.completion_status',
    success: 'cmi.success_status',
    score: 'cmi.score.raw',
  },
} as const;
const quizzes = readQuizFiles(join(siteRoot, 'courses'), COURSE);
/** The language whose packages are walked through SCO by SCO (the others play one lesson and one quiz). */
const FULL_WALK = 'kk';
let browser: Browser;
let work: string;

beforeAll(async () => {
  browser = await launchBrowser();
  work = mkdtempSync(join(tmpdir(), 'oqu-scorm-'));
});
afterAll(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

interface Lms {
  page: Page;
  frame: Frame;
  /** Requests the LMS page and the SCO made that are not files of the package or the player's own. */
  strayRequests: string[];
}

/**
 * A page that plays one SCO as an LMS does: the API on the window, the lesson in a frame. The
 * package is served from `/package/`; every other request is recorded and refused, so a test
 * can check that the SCO needs nothing outside its package.
 */
async function openLms(version: ScormVersion, dir: string, href: string): Promise<Lms> {
  const context = await newContext(browser);
  const page = await context.newPage();
  const strayRequests: string[] = [];
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    const path = url.startsWith(`${LMS}/`) ? new URL(url).pathname : undefined;
    if (path === '/lms.html')
      return route.fulfill({
        contentType: 'text/html',
        body: `<!DOCTYPE html><html><head><script src="/scorm-again.js"></script>
          <script>${PLAYER[version].api}</script></head>
          <body><iframe name="sco" title="SCO" src="/package/${href}" style="width:100%;height:90vh"></iframe>
          </body></html>`,
      });
    if (path === '/scorm-again.js')
      return route.fulfill({ contentType: 'text/javascript', body: PLAYER[version].script });
    const file = path?.startsWith('/package/')
      ? normalize(join(dir, decodeURIComponent(path.slice('/package/'.length))))
      : undefined;
    if (!file?.startsWith(`${dir}/`) || !existsSync(file)) {
      strayRequests.push(url);
      return route.abort();
    }
    return route.fulfill({ contentType: TYPES[extname(file)] ?? 'application/octet-stream', body: readFileSync(file) });
  });
  await page.goto(`${LMS}/lms.html`);
  const frame = page.frame({ name: 'sco' })!;
  await frame.waitForLoadState('load');
  return { page, frame, strayRequests };
}

/** What the SCO committed, read from the LMS's API object. */
const cmi = (version: ScormVersion, page: Page, key: string) =>
  page.evaluate(
    ([get, k]) => {
      const w = window as unknown as Record<string, Record<string, (k: string) => string>>;
      return (w.API_1484_11 ?? w.API)![get]!(k);
    },
    [PLAYER[version].get, key] as const,
  );

/** Fills a quiz form in the frame with a trainee's answers, as the hands would. */
async function answer(frame: Frame, fields: URLSearchParams): Promise<void> {
  for (const [name, value] of fields) {
    const field = frame.locator(`[name="${name}"]`).first();
    const tag = await field.evaluate((e) => `${e.tagName}:${(e as HTMLInputElement).type}`);
    if (tag === 'SELECT:select-one') await field.selectOption(value);
    else if (tag === 'INPUT:text') await field.fill(value);
    else await frame.locator(`[name="${name}"][value="${value}"]`).check();
  }
  await frame.locator('form.quiz-form [type=submit]').click();
}

const CASES = (['scorm12', 'scorm2004'] as const).flatMap((v) =>
  (['kk', 'ru', 'en'] as const).map((l) => [v, l] as const),
);

/** The SCOs of a manifest in its order: each resource's launch page. */
const scoPages = (manifest: string) =>
  [...manifest.matchAll(/<resource identifier="[^"]+" type="webcontent" adlcp:scorm[tT]ype="sco" href="([^"]+)"/g)].map(
    (m) => m[1]!,
  );

describe.each(CASES)('%s package in %s', (version, locale) => {
  const player = PLAYER[version];
  /** Each lesson's quiz, by lesson slug, from the course's files. */
  const lessonQuiz = new Map(
    listLessonFiles(join(siteRoot, 'courses'))
      .filter((l) => l.course === COURSE && l.locale === locale)
      .map((l) => [l.slug, l.quiz]),
  );
  let dir: string;
  let manifest: string;

  beforeAll(async () => {
    const { bytes } = await exportScorm(siteRoot, COURSE, locale, { baseUrl: 'https://oqu.example.kz', version });
    const zip = join(work, `${version}-${locale}.zip`);
    writeFileSync(zip, bytes);
    execFileSync('unzip', ['-tq', zip]);
    dir = join(work, `${version}-${locale}`);
    execFileSync('unzip', ['-q', zip, '-d', dir]);
    manifest = readFileSync(join(dir, 'imsmanifest.xml'), 'utf8');
  });

  test('its manifest is valid and lists one SCO per lesson', async () => {
    expect(await scormManifestErrors(manifest, version)).toEqual([]);
    expect(scoPages(manifest)).toHaveLength(lessonQuiz.size);
  });

  test.runIf(locale === FULL_WALK)(
    'every SCO opened in turn reports completion; each quiz, answered right, passed with its score',
    async () => {
      const reported: { sco: string; completion: string; success?: string; score?: string }[] = [];
      for (const href of scoPages(manifest)) {
        const lesson = /^lessons\/\d{2}-(.+)\.html$/.exec(href)![1]!;
        const quizId = lessonQuiz.get(lesson);
        const { page, frame, strayRequests } = await openLms(version, dir, href);
        expect(await frame.locator('html').getAttribute('lang')).toBe(locale);
        expect(await frame.locator('form.quiz-form').count()).toBe(quizId ? 1 : 0);
        if (quizId) {
          // Nothing is reported before the trainee answers: opening a quiz's lesson is not passing it.
          expect(await cmi(version, page, player.success)).not.toBe('passed');
          expect(await frame.locator('form.quiz-form').getAttribute('id')).toBe(`quiz-${quizId}-form`);
          await answer(frame, rightAnswers(quizzes[quizId], locale));
          await expect.poll(() => cmi(version, page, player.success)).toBe('passed');
          await expect.poll(() => frame.locator('#oqu-scorm-status').textContent()).toContain('100');
        } else await expect.poll(() => cmi(version, page, player.status)).toBe('completed');
        reported.push({
          sco: lesson,
          completion: await cmi(version, page, player.status),
          ...(quizId
            ? { success: await cmi(version, page, player.success), score: await cmi(version, page, player.score) }
            : {}),
        });
        expect(strayRequests, `${href} requested files outside its package`).toEqual([]);
        await page.context().close();
      }
      // SCORM 1.2 has one status: a passed quiz's lesson is `passed`, which 1.2 counts as completed.
      const done = (quiz?: string) => (version === 'scorm12' && quiz ? 'passed' : 'completed');
      expect(reported).toEqual(
        [...lessonQuiz].map(([lesson, quiz]) => ({
          sco: lesson,
          completion: done(quiz),
          ...(quiz ? { success: 'passed', score: '100' } : {}),
        })),
      );
      expect(reported.filter((r) => r.success)).toHaveLength(Object.keys(quizzes).length);
      if (version === 'scorm2004') {
        // What the SCOs committed, rolled up by the package's sequencing as an LMS does: the course
        // (whose rule requires every lesson and quiz) is completed and passed.
        const outcomes = Object.fromEntries(
          reported.map((r) => [`item-${xmlId(r.sco)}`, r.success === 'passed' ? 'passed' : 'completed'] as const),
        );
        expect(playCourse(activityTree(manifest), outcomes)).toEqual({ completion: 'completed', success: 'passed' });
        const { [`item-${xmlId(reported.at(-1)!.sco)}`]: _, ...withoutLast } = outcomes;
        expect(playCourse(activityTree(manifest), withoutLast).completion).not.toBe('completed');
      }
    },
  );

  test.runIf(locale !== FULL_WALK)(
    'a lesson without a quiz reports completed; its text is in the language',
    async () => {
      const href = /href="(lessons\/01-[^"]+)"/.exec(manifest)![1]!;
      const { page, frame, strayRequests } = await openLms(version, dir, href);
      await expect.poll(() => cmi(version, page, player.status)).toBe('completed');
      expect(await frame.locator('html').getAttribute('lang')).toBe(locale);
      expect(await frame.locator('form.lesson-actions').count()).toBe(0);
      expect(strayRequests).toEqual([]);
      await page.context().close();
    },
  );

  test.runIf(locale !== FULL_WALK)('a lesson with a quiz reports failed, then the score and passed', async () => {
    const href = /href="(lessons\/03-[^"]+)"/.exec(manifest)![1]!;
    const quiz = quizzes.foundations;
    const { page, frame, strayRequests } = await openLms(version, dir, href);
    await answer(frame, wrongAnswers(quiz));
    await expect.poll(() => cmi(version, page, player.success)).toBe('failed');
    await frame.locator('form.quiz-form').evaluate((f: HTMLFormElement) => f.reset());
    await answer(frame, rightAnswers(quiz, locale));
    await expect.poll(() => cmi(version, page, player.success)).toBe('passed');
    expect(Number(await cmi(version, page, player.score))).toBe(100);
    await expect.poll(() => frame.locator('#oqu-scorm-status').textContent()).toContain('100');
    expect(strayRequests).toEqual([]);
    await page.context().close();
  });
});
