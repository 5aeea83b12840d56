/**
 * The admin's tools in Chromium at 390 px, with axe: every user listed without a search and
 * sorted by a column header; the mail settings and a test e-mail (the suite's server has no
 * SMTP, so the page says so); the certificate list, where a certificate found by its holder's
 * e-mail is revoked from its row; the System page with its warnings, in English and Kazakh.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser, newContext } from './browser.ts';
import { COURSE_STATES } from './global-setup.ts';
import { postForm, signInCookie } from './http.ts';

const baseURL = inject('baseURL');
const accounts = inject('accounts');
let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launchBrowser();
  const context = await newContext(browser, { viewport: { width: 390, height: 800 } });
  page = await context.newPage();
  await page.goto(`${baseURL}/en/login`);
  await page.getByLabel('Email').fill(accounts.admin.email);
  await page.getByLabel('Password').fill(accounts.admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/en\/account$/);
});
afterAll(async () => {
  await browser?.close();
});

const fitsWidth = async () =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

describe('the admin tools', () => {
  test('every user is listed without a search, and sorted on a phone with the form', async () => {
    await page.goto(`${baseURL}/en/admin/`);
    const table = page.getByRole('table', { name: 'Users' });
    // Newest first, 50 a page: the run's own accounts may be further on; the count covers them all.
    await page
      .getByRole('status')
      .filter({ hasText: /^Users: \d+$/ })
      .waitFor();
    expect(await table.locator('tbody tr').count()).toBeGreaterThanOrEqual(5);
    await page.getByLabel('Sort by').selectOption('email');
    await page.getByLabel('Order').selectOption('asc');
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await page.waitForURL(/sort=email&dir=asc/);
    const emails = await table.locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(emails.length).toBeGreaterThanOrEqual(5);
    expect(emails).toEqual([...emails].sort()); // byte order, as SQLite compares
    await fitsWidth();
    expect(await axeViolations(page)).toEqual([]);
  });

  test('the mail settings are shown, and a test e-mail without SMTP says it cannot be sent', async () => {
    await page.goto(`${baseURL}/en/admin/`);
    await page.getByText('Mail is not configured (SMTP_URL is not set)').waitFor();
    await page.getByLabel('Send a test e-mail to').fill('partner@example.kz');
    await page.getByRole('button', { name: 'Send test e-mail' }).click();
    await page.getByText('No e-mail can be sent: SMTP_URL is not set.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  test('a certificate found by its holder’s e-mail is revoked from the list', async () => {
    const email = `listed-${Date.now()}@oqu.test`;
    const person = { name: 'Айгерім Listed', email, password: 'cedar-valley-moon-3', locale: 'ru', consent: 'yes' };
    await postForm('/en/register', person);
    const cookie = await signInCookie(email, 'cedar-valley-moon-3');
    expect((await postForm(`/ru/courses/${COURSE_STATES.hidden}/plan/done`, {}, cookie)).status).toBe(303);

    await page.goto(`${baseURL}/en/admin/`);
    await page.getByRole('link', { name: 'Certificates' }).click();
    await page.getByLabel('Code, holder or course').fill(email);
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await page.getByText('Certificates: 1').waitFor();
    const row = page.getByRole('row').filter({ hasText: email });
    const code = (await row.getByRole('link').innerText()).trim();
    await row.getByLabel(`Reason for revoking: ${code}`).fill('Issued by mistake');
    await row.getByRole('button', { name: new RegExp(`^Revoke\\s*: ${code}$`) }).click();
    await page.getByText(`Certificate ${code} is revoked.`).waitFor();
    await page.getByRole('row').filter({ hasText: email }).getByText('Revoked').waitFor();
    await fitsWidth();
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe('the System page', () => {
  test('shows the version, the database, backups, keys and courses, and warns in plain words', async () => {
    await page.goto(`${baseURL}/en/admin/`);
    await page.getByRole('link', { name: 'System' }).click();
    await page.getByRole('heading', { level: 1, name: 'System' }).waitFor();
    await page.getByText('Backups are not scheduled. Set OQU_BACKUP_INTERVAL', { exact: false }).waitFor();
    await page.getByText('E-mail is not configured (SMTP_URL)', { exact: false }).waitFor();
    await page.getByText(/^Oqu \d+\.\d+\.\d+ \(Node v\d+/).waitFor();
    await page.getByText(/an embedded file, [\d.]+ (KB|MB|GB); migrations not applied: 0/).waitFor();
    await page.getByText(/ free of /).waitFor();
    expect(await page.getByRole('table', { name: 'Signing keys' }).getByText('(current)').count()).toBe(1);
    const courses = page.getByRole('table', { name: 'Courses as built' });
    expect(await courses.locator('tbody tr').count()).toBeGreaterThanOrEqual(3);
    expect(await courses.getByText(/^[0-9a-f]{12}$/).count()).toBeGreaterThanOrEqual(3);
    await fitsWidth();
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${baseURL}/kk/admin/system`);
    await page.getByText('Сақтық көшірмелер кесте бойынша жасалмайды.', { exact: false }).waitFor();
    await fitsWidth();
    expect(await axeViolations(page)).toEqual([]);
  });
});
