/**
 * The trainer's workspace in Chromium: an admin assigns a course, the trainer creates a cohort
 * and enrols trainees from CSV, sees a trainee's progress after the trainee completes a
 * lesson, and exports the table as CSV.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchBrowser, newContext } from './browser.ts';
import { postForm } from './http.ts';

const baseURL = inject('baseURL');
const accounts = inject('accounts');
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function signedIn(email: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${baseURL}/en/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/en\/account$/);
  return { context, page };
}

test('a trainer imports a cohort from CSV, follows a trainee and exports the table', async () => {
  const traineeEmail = `cohort-trainee-${Date.now()}@oqu.test`;
  await postForm('/en/register', { name: 'Ерлан Сейітов', email: traineeEmail, password: 'cedar-valley-moon-3', locale: 'en' });

  const admin = await signedIn(accounts.admin.email, accounts.admin.password);
  await admin.page.goto(`${baseURL}/en/admin/?q=${encodeURIComponent(accounts.trainer.email)}`);
  await admin.page.getByLabel(`Assign course: ${accounts.trainer.email}`).selectOption('urbanism');
  await admin.page.getByRole('button', { name: 'Assign course' }).click();
  await admin.page.getByText(`${accounts.trainer.email} now follows urbanism.`).waitFor();
  expect(await axeViolations(admin.page)).toEqual([]);
  await admin.context.close();

  const trainer = await signedIn(accounts.trainer.email, accounts.trainer.password);
  const page = trainer.page;
  await page.goto(`${baseURL}/en/trainer/`);
  await page.getByLabel('Cohort name').fill('Shymkent, spring');
  await page.getByLabel('Course').selectOption('urbanism');
  await page.getByRole('button', { name: 'Create cohort' }).click();
  await page.waitForURL(/\/en\/trainer\/cohorts\/[a-z0-9]+$/);
  const cohortUrl = page.url();
  await page.getByLabel('Or paste the rows here').fill(`name;email;language\nЕрлан Сейітов;${traineeEmail};en\nАйгүл Нұрова;aigul-${Date.now()}@oqu.test;kk\nBroken Row;not-an-email;ru\n`);
  await page.getByRole('button', { name: 'Import trainees' }).click();
  await page.getByText(/Imported: 1 new trainees invited, 1 existing trainees added, 0 already in the cohort; 1 rows with errors were skipped\./).waitFor();
  expect(await page.getByRole('table', { name: 'Rows that were not imported' }).getByText('the e-mail address is invalid').count()).toBe(1);
  expect(await axeViolations(page)).toEqual([]);

  const trainee = await signedIn(traineeEmail, 'cedar-valley-moon-3');
  await trainee.page.goto(`${baseURL}/en/courses/urbanism/participatory-design/`);
  await trainee.page.getByRole('button', { name: 'Mark as done' }).click();
  await trainee.page.waitForURL(/\/wayfinding\/$/);
  await trainee.context.close();

  // The cohort's people, found by part of a Kazakh name in any case.
  await page.goto(cohortUrl);
  await page.getByLabel('Name or e-mail').fill('НҰР');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.waitForURL(/\?q=/);
  expect(await page.getByRole('row', { name: /Айгүл Нұрова/ }).count()).toBe(1);
  expect(await page.getByRole('row', { name: /Ерлан Сейітов/ }).count()).toBe(0);

  await page.goto(cohortUrl);
  await page.getByRole('link', { name: /Urbanism/ }).first().click();
  await page.waitForURL(/\/en\/trainer\/courses\/urbanism\/\?cohort=/);
  const row = page.getByRole('row', { name: /Ерлан Сейітов/ });
  await row.waitFor();
  expect(await row.textContent()).toMatch(/16% \(1\)/);
  expect(await page.getByText('enrolled').first().isVisible()).toBe(true);
  expect(await axeViolations(page)).toEqual([]);

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a[href*="trainees.csv"]').click()]);
  const bytes = readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString('utf8');
  expect(text.split('\r\n')[0]).toMatch(/^\uFEFFname;email;region;enrolled_at/);
  expect(text).toContain(`Ерлан Сейітов;${traineeEmail}`);
  await trainer.context.close();
});
