/**
 * A trainee's own data in Chromium (decision 026): the JSON download from "My learning", then
 * deleting the account after reading what stays and confirming with the password. Afterwards
 * the e-mail cannot sign in but can register again, and the certificate still verifies. Once
 * with JavaScript (axe checks the page) and once without.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readQuizFiles } from '../helpers/course-files.ts';
import { rightAnswers } from '../helpers/quiz-answers.ts';
import { axeViolations, launchBrowser, newContext } from './browser.ts';
import { baseURL, get, postForm, signInCookie } from './http.ts';

const quiz = readQuizFiles(join(inject('projectRoot'), 'courses'), 'example-course')['writing-basics']!;
const LESSONS = ['learning-outcomes', 'structuring-a-course', 'writing-a-lesson', 'quiz-questions-that-teach'];
const PASSWORD = 'amber-steppe-lantern-4';
const accounts = inject('accounts');

/** A trainee who completed the example course, with the code of their certificate. */
async function certifiedTrainee(tag: string): Promise<{ email: string; code: string }> {
  const email = `${tag}-${Date.now()}@oqu.test`;
  await postForm('/en/register', { name: 'Әлия Нұрланова', email, password: PASSWORD, locale: 'en', consent: 'yes' });
  const cookie = await signInCookie(email, PASSWORD);
  for (const lesson of LESSONS) await postForm(`/en/courses/example-course/${lesson}/done`, {}, cookie);
  await postForm('/en/courses/example-course/quiz-questions-that-teach/quiz', rightAnswers(quiz), cookie);
  const html = await (await get('/en/account', cookie)).text();
  const code = /\/verify\/([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(html)?.[1];
  if (!code) throw new Error('no certificate was issued');
  return { email, code };
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function expectAccessible(page: Page, javaScriptEnabled: boolean): Promise<void> {
  if (javaScriptEnabled) expect(await axeViolations(page)).toEqual([]);
}

describe.each([true, false])('one’s own data (JavaScript %s)', (javaScriptEnabled) => {
  test('download it, then delete the account; the certificate still verifies', async () => {
    const { email, code } = await certifiedTrainee(`privacy-${javaScriptEnabled ? 'js' : 'nojs'}`);
    const context = await newContext(browser, { javaScriptEnabled, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${baseURL}/en/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/en\/account$/);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download my data (JSON)' }).click(),
    ]);
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8')) as Record<string, unknown>;
    expect(data).toMatchObject({ account: { email }, certificates: [expect.objectContaining({ code })] });
    expect(JSON.stringify(data)).not.toContain('argon2');

    await expectAccessible(page, javaScriptEnabled);
    expect(await page.getByText('certificates already issued can still be checked').isVisible()).toBe(true);
    await page.getByLabel('Your password, to confirm').fill('not my password');
    await page.getByRole('button', { name: 'Delete my account for good' }).click();
    expect(await page.getByText('current password is wrong', { exact: false }).first().isVisible()).toBe(true);
    await expectAccessible(page, javaScriptEnabled);
    await page.getByLabel('Your password, to confirm').fill(PASSWORD);
    await page.getByRole('button', { name: 'Delete my account for good' }).click();
    await page.waitForURL(/\/en\/$/);
    await page.goto(`${baseURL}/en/account`);
    await page.waitForURL(/\/en\/login/);
    await context.close();

    const refused = await postForm('/en/login', { email, password: PASSWORD });
    expect(refused.headers.getSetCookie().find((c) => c.startsWith('oqu_session='))).toBeUndefined();
    const status = await get(`/certificates/${code}/status`);
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ revokedCredential: [] });
    const verify = await (await get(`/verify/${code}?lang=en`)).text();
    expect(verify).toContain('Әлия Нұрланова');

    await postForm('/en/register', { name: 'Someone Else', email, password: PASSWORD, locale: 'en', consent: 'yes' });
    expect(await signInCookie(email, PASSWORD)).toMatch(/^oqu_session=/);
  });
});

test('admin lists name a deleted account in the reader’s language, never its deleted:<id> placeholder', async () => {
  const { email, code } = await certifiedTrainee('listed-after-deletion');
  const cookie = await signInCookie(email, PASSWORD);
  const deleted = await postForm('/ru/account', { intent: 'delete', deletePassword: PASSWORD }, cookie);
  expect(deleted.status).toBeLessThan(400);
  const refused = await postForm('/en/login', { email, password: PASSWORD });
  expect(refused.headers.getSetCookie().find((c) => c.startsWith('oqu_session='))).toBeUndefined();
  const admin = await signInCookie(accounts.admin.email, accounts.admin.password);
  const pages = {
    certificates: await (await get(`/ru/admin/certificates?q=${code}`, admin)).text(),
    users: await (await get('/ru/admin/?q=deleted', admin)).text(),
    audit: await (await get('/ru/admin/audit?action=user.delete_self', admin)).text(),
  };
  for (const [name, html] of Object.entries(pages)) {
    expect(html, name).toContain('удалённая учётная запись');
    expect(html, name).not.toMatch(/deleted:[0-9a-z]/);
  }
  expect(pages.certificates).toContain(code);
});
