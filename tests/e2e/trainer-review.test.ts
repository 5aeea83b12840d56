/**
 * The whole trainer-reviewed journey through the pages, in Chromium at 390 px, with JavaScript
 * on and off: a trainee opens the lesson, follows "Hand in your work", hands in text and a PDF;
 * a trainer finds it in the queue, downloads the file, asks for revision with rubric levels and
 * a comment; the trainee reads the levels and comment on their page and hands in again (with a
 * file again); the trainer accepts; the course completes (the lesson was never marked done by
 * hand: handing in finished it) and the certificate is on the trainee's "My learning".
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { closeDatabase, createDatabase, type Database } from '#db/client.ts';
import { assignSuiteTrainer } from './trainer-courses.ts';
import { axeViolations, launchBrowser, newContext } from './browser.ts';
import { registerOnPage, signInOnPage, uniqueEmail } from './sign-up.ts';

const baseURL = inject('baseURL');
const accounts = inject('accounts');
const dir = mkdtempSync(join(tmpdir(), 'oqu-e2e-review-'));
const pdf = (name: string, size: number) => {
  const file = join(dir, name);
  writeFileSync(
    file,
    Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'), Buffer.alloc(size, 0x20)]),
  );
  return file;
};
const notes = pdf('street-notes.pdf', 1500);
const notesAgain = pdf('street-notes-v2.pdf', 2500);
let browser: Browser;
let db: Database;
beforeAll(async () => {
  browser = await launchBrowser();
  db = await createDatabase({ url: inject('databaseUrl') });
  // Which courses a trainer is responsible for is set by an admin; the suite's trainer gets this one.
  await assignSuiteTrainer(db, accounts.trainer.email, 'practice');
});
afterAll(async () => {
  await browser?.close();
  if (db) closeDatabase(db);
});

/** axe runs as a script in the page, so it checks the pages in the run with JavaScript on (the same pages). */
async function checkPage(page: Page, javaScriptEnabled: boolean) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  if (javaScriptEnabled) expect(await axeViolations(page)).toEqual([]);
}

async function phone(javaScriptEnabled: boolean): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, { viewport: { width: 390, height: 844 }, javaScriptEnabled });
  return { context, page: await context.newPage() };
}

/** The trainee writes `text`, attaches `file` and presses "Hand in" on their assignment page. */
async function handInOnPage(page: Page, text: string, file: string) {
  await page.getByLabel('Your answer').fill(text);
  await page.getByLabel('Attach files').setInputFiles(file);
  await page.getByRole('button', { name: 'Hand in' }).click();
  await page.getByText('Handed in. Your work now waits for its reviewer.').waitFor();
}

/** Each level of a criterion is a row of its own, tall enough to tap, and the two decisions do not touch. */
async function expectReviewLayout(page: Page) {
  const levels = await page
    .getByRole('group', { name: 'Observation' })
    .locator('label')
    .evaluateAll((labels) =>
      labels.map((l) => l.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom })),
    );
  expect(levels.length).toBeGreaterThan(1);
  for (const [i, level] of levels.entries()) {
    expect(level.bottom - level.top).toBeGreaterThanOrEqual(44);
    if (i > 0) expect(level.top).toBeGreaterThanOrEqual(levels[i - 1]!.bottom - 0.5);
  }
  const revise = (await page.getByRole('button', { name: 'Ask for revision' }).boundingBox())!;
  const accept = (await page.getByRole('button', { name: 'Accept' }).boundingBox())!;
  const apart = accept.x >= revise.x + revise.width + 4 || accept.y >= revise.y + revise.height + 4;
  expect(apart).toBe(true);
}

/** The trainer chooses a level per criterion (by the level's words), comments and decides. */
async function decide(page: Page, observation: RegExp, clarity: RegExp, comment: string, button: string) {
  await expectReviewLayout(page);
  await page.getByRole('group', { name: 'Observation' }).getByRole('radio', { name: observation }).check();
  await page.getByRole('group', { name: 'Clarity' }).getByRole('radio', { name: clarity }).check();
  if (comment) await page.getByLabel('Comment for the trainee').fill(comment);
  await page.getByRole('button', { name: button }).click();
  await expect(page.getByRole('status').textContent()).resolves.toContain('Your decision is saved');
}

for (const javaScriptEnabled of [true, false]) {
  const js = javaScriptEnabled ? 'on' : 'off';
  test(`hand in a file, revision asked, resubmitted, accepted, certificate (JavaScript ${js})`, async () => {
    const name = javaScriptEnabled ? 'Айгерім Нұрланқызы' : 'Дмитрий Ким';
    const trainee = await phone(javaScriptEnabled);
    const me = trainee.page;
    await registerOnPage(me, name, uniqueEmail('review'));
    await me.goto(`${baseURL}/en/courses/practice/audit`);
    await me.getByRole('link', { name: 'Hand in your work' }).click();
    await me.getByRole('heading', { level: 1, name: 'Field notes' }).waitFor();
    await handInOnPage(me, 'Pavements are **narrow**; no benches.', notes);
    await checkPage(me, javaScriptEnabled);
    // "My learning" says whose move it is.
    await me.goto(`${baseURL}/en/account`);
    const waiting = me.getByRole('list', { name: 'Waiting on a reviewer' });
    await waiting.getByRole('listitem').filter({ hasText: 'Handed in: a trainer will review it' }).waitFor();
    await checkPage(me, javaScriptEnabled);

    const staff = await phone(javaScriptEnabled);
    const trainer = staff.page;
    await signInOnPage(trainer, accounts.trainer.email, accounts.trainer.password);
    await trainer.goto(`${baseURL}/en/trainer/`);
    await trainer.getByRole('link', { name: 'Work waiting for review' }).click();
    await trainer.getByRole('heading', { level: 1, name: 'Work to review' }).waitFor();
    await checkPage(trainer, javaScriptEnabled);
    await trainer.getByRole('link', { name }).click();
    await trainer.getByText('narrow', { exact: true }).waitFor();
    // Every file of the version can be downloaded from the review page, as an attachment.
    const href = await trainer.getByRole('link', { name: 'street-notes.pdf' }).getAttribute('href');
    const cookies = await staff.context.cookies();
    const file = await fetch(new URL(href!, baseURL), {
      headers: { Cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="street-notes.pdf"/);
    expect((await file.arrayBuffer()).byteLength).toBe(1500 + 15);
    await checkPage(trainer, javaScriptEnabled);
    await decide(trainer, /Much seen/, /Unclear/, 'Add the crossings you counted.', 'Ask for revision');
    await trainer.getByText('Current state: Needs revision').waitFor();

    // The trainee reads the levels and the comment, and hands in again.
    await me.reload();
    const onMe = me.getByRole('list', { name: 'Waiting on you' });
    await onMe.getByText('Revision asked: read the review and hand in again').waitFor();
    await onMe.getByRole('link', { name: 'Field notes' }).click();
    await me.getByText('Status: needs revision').waitFor();
    const first = me.getByRole('article', { name: 'Version 1' });
    await first.getByRole('row', { name: /Clarity.*Unclear/ }).waitFor();
    await first.getByRole('row', { name: /Observation.*Much seen/ }).waitFor();
    await first.getByText('Add the crossings you counted.').waitFor();
    await checkPage(me, javaScriptEnabled);
    await handInOnPage(me, 'Pavements are narrow; no benches; **three** crossings in 500 m.', notesAgain);

    await trainer.reload();
    await trainer.getByRole('heading', { name: /Version 2/ }).waitFor();
    await trainer.getByRole('link', { name: 'street-notes-v2.pdf' }).waitFor();
    await decide(trainer, /Much seen/, /Clear$/, '', 'Accept');
    await trainer.getByText('Current state: Accepted').waitFor();
    await checkPage(trainer, javaScriptEnabled);

    await me.goto(`${baseURL}/en/courses/practice/assignments/field-notes`);
    await me.getByText('Status: accepted').waitFor();
    await me.goto(`${baseURL}/en/account`);
    expect(await me.getByRole('heading', { name: 'My assignments' }).count()).toBe(0);
    const certificates = me.getByRole('heading', { name: 'My certificates' });
    await certificates.waitFor();
    await me.getByText('Practice in the field').first().waitFor();
    await me.getByText(/Issued .*, code /).waitFor();
    await checkPage(me, javaScriptEnabled);
    await trainee.context.close();
    await staff.context.close();
  });
}
