/**
 * Packages for other LMSs from the trainer's course page, in Chromium: a trainer of the course
 * sees SCORM 1.2, SCORM 2004 and Common Cartridge links for each of the course's languages,
 * downloads them, and each is a zip `unzip -t` finds clean with its manifest inside; a learner,
 * a trainer of another course and a visitor who is not signed in are refused the same URL.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { closeDatabase, createDatabase, type Database } from '#db/client.ts';
import { axeViolations, launchBrowser, newContext } from './browser.ts';
import { get, signInCookie } from './http.ts';
import { signInOnPage } from './sign-up.ts';
import { assignSuiteTrainer } from './trainer-courses.ts';

const baseURL = inject('baseURL');
const accounts = inject('accounts');
const COURSE = 'social-entrepreneurship';
let browser: Browser;
let db: Database;
let work: string;

beforeAll(async () => {
  browser = await launchBrowser();
  db = await createDatabase({ url: inject('databaseUrl') });
  await assignSuiteTrainer(db, accounts.trainer.email, COURSE);
  work = mkdtempSync(join(tmpdir(), 'oqu-packages-'));
});
afterAll(async () => {
  await browser?.close();
  if (db) closeDatabase(db);
  if (work) rmSync(work, { recursive: true, force: true });
});

test('a trainer downloads the course for another LMS in each format; the zips are clean', async () => {
  const context = await newContext(browser, { acceptDownloads: true });
  const page = await context.newPage();
  await signInOnPage(page, accounts.trainer.email, accounts.trainer.password);
  await page.goto(`${baseURL}/en/trainer/courses/${COURSE}/`);
  await page.getByRole('heading', { name: 'Packages for other learning platforms' }).waitFor();
  expect(await axeViolations(page)).toEqual([]);
  for (const [name, manifest] of [
    ['SCORM 1.2 (Kazakh)', 'imsmanifest.xml'],
    ['SCORM 2004 (Russian)', 'imsmanifest.xml'],
    ['Common Cartridge (English)', 'imsmanifest.xml'],
  ] as const) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
    const file = join(work, download.suggestedFilename());
    await download.saveAs(file);
    expect(execFileSync('unzip', ['-t', file], { encoding: 'utf8' })).toMatch(/No errors detected/);
    expect(execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n')).toContain(manifest);
  }
  await context.close();
});

test('a learner, another course’s trainer and an anonymous visitor are refused', async () => {
  const url = `/en/trainer/courses/${COURSE}/packages/cc-kk`;
  expect((await get(url)).status).toBe(401);
  const learner = await signInCookie(accounts.learner.email, accounts.learner.password);
  expect((await get(url, learner)).status).toBe(403);
  const otherTrainer = await signInCookie(accounts.otherTrainer.email, accounts.otherTrainer.password);
  // The suite's second trainer follows no course in this suite.
  const refused = await get(url, otherTrainer);
  expect(refused.status).toBe(403);
  expect(refused.headers.get('content-type') ?? '').not.toContain('zip');
  expect((await refused.arrayBuffer()).byteLength).toBe(0);
  const admin = await signInCookie(accounts.admin.email, accounts.admin.password);
  expect((await get(`/en/trainer/courses/${COURSE}/packages/pdf-kk`, admin)).status).toBe(404);
});
