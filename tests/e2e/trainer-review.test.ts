/**
 * A trainer reviews handed-in work in Chromium, with JavaScript on and off: the queue lists
 * it, the trainer asks for revision with rubric levels and a comment, the trainee hands in
 * again, the trainer accepts, and the course completes with a certificate. The hand-in itself
 * is made through the submission domain on the server's database (the trainee's page is
 * tested on its own).
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { closeDatabase, createDatabase, type Database } from '#db/client.ts';
import { courseTrainers, users } from '#db/schema.ts';
import { assignmentSchema } from '#lib/assignments/schema.ts';
import { handIn, openDraft, saveDraft } from '#lib/assignments/submissions.server.ts';
import { listCertificates } from '#lib/certificates/certificates.server.ts';
import { eq } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { axeViolations, launchBrowser, newContext } from './browser.ts';
import { postForm, signInCookie } from './http.ts';

const baseURL = inject('baseURL');
const accounts = inject('accounts');
const assignment = assignmentSchema.parse(
  parse(
    readFileSync(
      join(inject('projectRoot'), 'tests/fixtures/e2e-courses/practice/assignments/field-notes.yaml'),
      'utf8',
    ),
  ),
);
let browser: Browser;
let db: Database;
beforeAll(async () => {
  browser = await launchBrowser();
  db = await createDatabase({ url: inject('databaseUrl') });
  const [trainer] = await db.select().from(users).where(eq(users.email, accounts.trainer.email));
  await db
    .insert(courseTrainers)
    .values({ userId: trainer!.id, course: 'practice', assignedAt: new Date() })
    .onConflictDoNothing();
});
afterAll(async () => {
  await browser?.close();
  if (db) closeDatabase(db);
});

/** axe runs as a script in the page, so it checks the pages in the run with JavaScript on (the same pages). */
async function noAxeViolations(page: Page, javaScriptEnabled: boolean) {
  if (!javaScriptEnabled) return;
  expect(await axeViolations(page)).toEqual([]);
  // Nothing wider than the phone (390 px) the context is.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

/** A trainee who read the lesson and handed in `body`. */
async function traineeHandsIn(name: string) {
  const email = `review-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@oqu.test`;
  await postForm('/en/register', { name, email, password: 'cedar-valley-moon-3', locale: 'en', consent: 'yes' });
  const cookie = await signInCookie(email, 'cedar-valley-moon-3');
  expect((await postForm('/en/courses/practice/audit/done', {}, cookie)).status).toBe(303);
  const [user] = await db.select().from(users).where(eq(users.email, email));
  const key = { userId: user!.id, course: 'practice', assignmentId: 'field-notes', assignment };
  const again = async (body: string) => {
    await openDraft(db, key);
    await saveDraft(db, { ...key, body, link: '' });
    const done = await handIn(db, key);
    if (!done.ok) throw new Error(done.error);
  };
  await again('Pavements are **narrow**; no benches.');
  return { user: user!, again };
}

for (const javaScriptEnabled of [true, false]) {
  const js = javaScriptEnabled ? 'on' : 'off';
  test(`the trainer asks for revision, then accepts; the course completes (JavaScript ${js})`, async () => {
    const name = javaScriptEnabled ? 'Айгерім Нұрланқызы' : 'Дмитрий Ким';
    const trainee = await traineeHandsIn(name);
    const context = await newContext(browser, { viewport: { width: 390, height: 844 }, javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(`${baseURL}/en/login`);
    await page.getByLabel('Email').fill(accounts.trainer.email);
    await page.getByLabel('Password').fill(accounts.trainer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/en\/account$/);

    await page.goto(`${baseURL}/en/trainer/`);
    await page.getByRole('link', { name: 'Work waiting for review' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Work to review' }).isVisible()).resolves.toBe(true);
    await noAxeViolations(page, javaScriptEnabled);
    await page.getByRole('link', { name }).click();
    await expect(page.getByText('narrow', { exact: true }).isVisible()).resolves.toBe(true);
    await noAxeViolations(page, javaScriptEnabled);

    await page
      .getByRole('group', { name: 'Observation' })
      .getByRole('radio', { name: /Much seen/ })
      .check();
    await page
      .getByRole('group', { name: 'Clarity' })
      .getByRole('radio', { name: /Unclear/ })
      .check();
    await page.getByLabel('Comment for the trainee').fill('Add the crossings you counted.');
    await page.getByRole('button', { name: 'Ask for revision' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Your decision is saved');
    await expect(page.getByText('Current state: Needs revision').isVisible()).resolves.toBe(true);
    await expect(page.getByText('Add the crossings you counted.').isVisible()).resolves.toBe(true);

    await trainee.again('Pavements are narrow; no benches; **three** crossings in 500 m.');
    await page.reload();
    await expect(page.getByRole('heading', { name: /Version 2/ }).isVisible()).resolves.toBe(true);
    await page
      .getByRole('group', { name: 'Observation' })
      .getByRole('radio', { name: /Much seen/ })
      .check();
    await page
      .getByRole('group', { name: 'Clarity' })
      .getByRole('radio', { name: /Clear$/ })
      .check();
    await page.getByRole('button', { name: 'Accept' }).click();
    await expect(page.getByText('Current state: Accepted').isVisible()).resolves.toBe(true);
    await noAxeViolations(page, javaScriptEnabled);
    const certificates = await listCertificates(db, trainee.user.id);
    expect(certificates.map((c) => c.course)).toEqual(['practice']);
    await context.close();
  });
}
