/**
 * 3 (continued). Discussions: a trainee named in markup starts a thread whose title is markup and
 * whose Markdown hides script in every way the sanitiser is known to be attacked, replies, and
 * reports with a reason that is markup; under a lesson it asks with the same title and answers with
 * the same Markdown, which the trainer marks as the answer (its excerpt is on the lesson's questions).
 * The board, the thread, the search results, the lesson's questions and the trainer's moderation
 * queue, in Chromium: no dialog, no `img[src=x]`, no inline script with `alert`, no `javascript:`
 * link, and the name reads as text.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../e2e/browser.ts';
import { courseInfo, donePath } from './lib/courses.ts';
import { sessionCookieOf } from './lib/http.ts';
import { createWorld, type World } from './lib/world.ts';

const NAME = '<img src=x onerror=alert(1)><script>alert(1)</script>';
const TITLE = '"><svg onload=alert(2)> <script>alert(2)</script>';
const BODY = [
  '<script>alert(3)</script>',
  '<img src=x onerror=alert(3)>',
  '[click](javascript:alert(3))',
  '[click](JaVaScRiPt:alert(3))',
  '<a href="https://e.kz" onclick="alert(3)">x</a>',
  '![x](x" onerror="alert(3))',
  '<iframe src="javascript:alert(3)"></iframe>',
  '`<script>alert(3)</script>` and **Қала**',
].join('\n\n');
const urbanism = courseInfo('urbanism');

let w: World;
let browser: Browser;
let cookie: string;
let threadPath: string;
const lessonQuestions = `/en/discussions/urbanism/lessons/${urbanism.lessons[0]!}`;

beforeAll(async () => {
  w = await createWorld('hostile-talk', { sessions: 2 });
  await w.http.post('/en/register', {
    name: NAME,
    email: 'talk-markup@oqu.test',
    password: 'amber-steppe-lantern-4',
    locale: 'en',
    consent: 'yes',
  });
  cookie = sessionCookieOf(
    await w.http.post('/en/login', { email: 'talk-markup@oqu.test', password: 'amber-steppe-lantern-4' }),
  )!;
  expect((await w.http.post(donePath('urbanism', urbanism.lessons[0]!), {}, { cookie })).status).toBe(303);
  const made = await w.http.post('/en/discussions/urbanism', { title: TITLE, body: BODY }, { cookie });
  expect(made.status, made.text.slice(0, 300)).toBe(303);
  threadPath = made.location!;
  expect((await w.http.post(threadPath, { intent: 'reply', body: BODY }, { cookie })).status).toBe(303);
  const page = await w.http.get(threadPath, { cookie: w.cookie('learner') });
  const postId = /name="post" value="([^"]+)"/.exec(page.text)![1]!;
  const reported = await w.http.post(
    threadPath,
    { intent: 'report', post: postId, reason: '<script>alert(4)</script>' },
    { cookie: w.cookie('learner') },
  );
  expect(reported.status).toBe(303);
  // A question under a lesson, answered with the same Markdown; the trainer marks the answer.
  const asked = await w.http.post(lessonQuestions, { title: TITLE, body: BODY }, { cookie });
  expect(asked.status).toBe(303);
  expect((await w.http.post(asked.location!, { intent: 'reply', body: BODY }, { cookie })).status).toBe(303);
  const staffView = await w.http.get(asked.location!, { cookie: w.cookie('trainer') });
  const ids = [...new Set([...staffView.text.matchAll(/name="post" value="([^"]+)"/g)].map((m) => m[1]!))];
  const marked = await w.http.post(
    asked.location!,
    { intent: 'answer', post: ids[1]! },
    { cookie: w.cookie('trainer') },
  );
  expect(marked.status).toBe(303);
  expect((await w.http.get(lessonQuestions, { cookie })).text).toContain('Answer:');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await w?.close();
});

test('in Chromium: no dialog, no img[src=x], no script or javascript: link, the name reads as text', async () => {
  const pages: [string | undefined, string[]][] = [
    [
      cookie,
      [
        '/en/discussions/urbanism',
        threadPath,
        `/en/discussions/urbanism?q=${encodeURIComponent('қала')}`,
        lessonQuestions,
      ],
    ],
    [w.cookie('trainer'), ['/en/discussions/urbanism/reports', threadPath, '/kk/discussions/urbanism']],
  ];
  const dialogs: string[] = [];
  let images = 0;
  let scripts = 0;
  let links = 0;
  let nameShown = 0;
  for (const [session, paths] of pages) {
    const context = await browser.newContext();
    const [name, value] = session!.split('=') as [string, string];
    await context.addCookies([{ name, value, url: w.server.baseURL }]);
    const page = await context.newPage();
    page.on('dialog', async (d) => {
      dialogs.push(`${page.url()}: ${d.message()}`);
      await d.dismiss();
    });
    for (const path of paths) {
      const res = await page.goto(new URL(path, w.server.baseURL).href, { waitUntil: 'load' });
      expect(res?.status(), path).toBe(200);
      await page.waitForTimeout(100);
      images += await page.locator('img[src="x"], svg, iframe').count();
      scripts += await page.evaluate(() => [...document.scripts].filter((s) => /alert\(/.test(s.text)).length);
      links += await page.locator('a[href^="javascript:" i], [onclick], [onerror], [onload]').count();
      if ((await page.evaluate(() => document.body.innerText)).includes('onerror=alert(1)')) nameShown++;
    }
    await context.close();
  }
  console.log(
    `[hostile-discussions] 7 pages: dialogs ${dialogs.length}, img/svg/iframe ${images}, alert scripts ${scripts}, ` +
      `handlers or javascript: links ${links}, pages showing the name as text ${nameShown}`,
  );
  expect(dialogs).toEqual([]);
  expect(images).toBe(0);
  expect(scripts).toBe(0);
  expect(links).toBe(0);
  expect(nameShown).toBeGreaterThanOrEqual(3);
});
