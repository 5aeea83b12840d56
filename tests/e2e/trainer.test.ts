/**
 * The trainer's workspace in Chromium: an admin assigns a course, the trainer creates a cohort
 * and invites people from CSV, an invited trainee accepts on "My learning", the trainer sees
 * the trainee's progress after the trainee completes a lesson, and exports the table as CSV;
 * then edits the cohort, takes the trainee out (after a confirmation) and archives the cohort.
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

test('a trainer invites a cohort from CSV, a trainee accepts, the trainer follows and exports them', async () => {
  const traineeEmail = `cohort-trainee-${Date.now()}@oqu.test`;
  await postForm('/en/register', {
    name: 'Ерлан Сейітов',
    email: traineeEmail,
    password: 'cedar-valley-moon-3',
    locale: 'en',
    consent: 'yes',
  });

  const admin = await signedIn(accounts.admin.email, accounts.admin.password);
  await admin.page.goto(`${baseURL}/en/admin/?q=${encodeURIComponent(accounts.trainer.email)}`);
  await admin.page.getByLabel(`Assign course: ${accounts.trainer.email}`).selectOption('urbanism');
  await admin.page.getByRole('button', { name: 'Assign course' }).click();
  await admin.page.getByText(`${accounts.trainer.email} now follows “Urbanism and active citizenship”.`).waitFor();
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
  await page.getByLabel('Or paste the rows here').fill(
    // Cells pasted from Excel: tabs, an empty row, a row without a language.
    `Ерлан Сейітов\t${traineeEmail}\ten\n\t\t\nАйгүл Нұрова\taigul-${Date.now()}@oqu.test\t\nBroken ` +
      `Row\tnot-an-email\tрус\n`,
  );
  await page.getByRole('button', { name: 'Import trainees' }).click();
  // The same report for an existing account and a new one: nobody learns who has an account.
  await page
    .getByText(/Rows read: 3\. Invitations sent: 2; already invited or in the cohort: 0; rows not imported: 1\./)
    .waitFor();
  await page.getByText('1 rows named no language and were given English: lines 3.').waitFor();
  const refused = page
    .getByRole('table', { name: 'Rows that were not imported' })
    .getByRole('row', { name: /not-an-email/ });
  expect(await refused.textContent()).toMatch(/E-mail.*not-an-email.*the e-mail address is invalid/);
  expect(await axeViolations(page)).toEqual([]);

  // Until they accept, the trainer sees only the addresses, never the names.
  expect(await page.getByRole('row', { name: /Ерлан Сейітов/ }).count()).toBe(0);
  expect(
    await page
      .getByRole('row', { name: new RegExp(traineeEmail) })
      .getByText('invited')
      .count(),
  ).toBe(1);

  const trainee = await signedIn(traineeEmail, 'cedar-valley-moon-3');
  await trainee.page.getByRole('button', { name: /^Accept and join\s*: Shymkent, spring$/ }).click();
  await trainee.page.getByText('You have joined the group and are enrolled in the course.').waitFor();
  await trainee.page.goto(`${baseURL}/en/courses/urbanism/participatory-design/`);
  await trainee.page.getByRole('button', { name: 'Mark as done' }).click();
  await trainee.page.waitForURL(/\/wayfinding\/$/);
  await trainee.context.close();

  // The cohort's people, found by part of a Kazakh name in any case; the one who has not
  // accepted is not among them.
  await page.goto(cohortUrl);
  await page.getByLabel('Name or e-mail').fill('СЕЙІТ');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.waitForURL(/\?q=/);
  expect(await page.getByRole('row', { name: /Ерлан Сейітов/ }).count()).toBe(1);
  expect(await page.getByRole('row', { name: /Айгүл Нұрова/ }).count()).toBe(0);

  await page.goto(cohortUrl);
  await page
    .getByRole('link', { name: /Urbanism/ })
    .first()
    .click();
  await page.waitForURL(/\/en\/trainer\/courses\/urbanism\/\?cohort=/);
  const row = page.getByRole('row', { name: /Ерлан Сейітов/ });
  await row.waitFor();
  expect(await row.textContent()).toMatch(/16% \(1\)/);
  expect(await page.getByText('enrolled').first().isVisible()).toBe(true);
  expect(await axeViolations(page)).toEqual([]);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('a[href*="trainees.csv"]').click(),
  ]);
  const bytes = readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString('utf8');
  expect(text.split('\r\n')[0]).toMatch(/^\uFEFF"Name";"E-mail";"Region";"Enrolled \(Almaty, UTC\+5\)"/);
  expect(text).toContain(`"Ерлан Сейітов";"${traineeEmail}"`);

  // Name and dates change with the same checks as creation.
  await page.goto(cohortUrl);
  await page.getByLabel('Cohort name').fill('Shymkent, spring 2026');
  await page.getByLabel('Starts on').fill('2026-05-01');
  await page.getByLabel('Ends on').fill('2026-04-01');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('The end date is before the start date.').first().waitFor();
  await page.getByLabel('Ends on').fill('2026-06-30');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('The cohort is saved.').waitFor();
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Shymkent, spring 2026');

  // Taking the trainee out asks first and says their progress stays.
  await page.getByRole('button', { name: new RegExp(`^Remove\\s*: ${traineeEmail}$`) }).click();
  await page.getByRole('heading', { name: 'Remove Ерлан Сейітов from the cohort?' }).waitFor();
  await page.getByText(/their progress, quiz results and certificates stay with them/).waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Remove from the cohort' }).click();
  await page.getByText('Ерлан Сейітов is no longer in the cohort. Their progress in the course is kept.').waitFor();
  expect(await page.getByRole('row', { name: /Ерлан Сейітов/ }).count()).toBe(0);

  // Archived: read-only, off the active list, back with one button.
  await page.getByRole('button', { name: 'Archive the cohort' }).click();
  await page.getByText('This cohort is archived: it is read-only and its join link is closed.').waitFor();
  expect(await page.getByRole('button', { name: 'Import trainees' }).count()).toBe(0);
  await page.goto(`${baseURL}/en/trainer/`);
  expect(await page.getByRole('table').getByRole('link', { name: 'Shymkent, spring 2026' }).count()).toBe(0);
  await page.getByText('Archived cohorts (1)').click();
  await page.getByRole('link', { name: 'Shymkent, spring 2026' }).click();
  await page.getByRole('button', { name: 'Unarchive the cohort' }).click();
  await page.getByText('The cohort is active again.').waitFor();
  await trainer.context.close();
});
