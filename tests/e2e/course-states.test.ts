/**
 * Hidden and archived courses (decision 030), in the suite's copy whose configuration hides
 * `hidden-pilot` and archives `archived-old`: neither is in the catalogue, the sitemap or the
 * search index; the hidden one takes enrolments at its address; the archived one says so, has
 * no enrol button and refuses a posted enrolment; the admin's programme report lists both with
 * their status (Chromium, axe, 390 px).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations, launchBrowser, newContext } from './browser.ts';
import { COURSE_STATES } from './global-setup.ts';
import { get, postForm, signInCookie } from './http.ts';

const baseURL = inject('baseURL');
const accounts = inject('accounts');
const siteRoot = inject('siteRoot');
const { hidden, archived } = COURSE_STATES;
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? htmlFiles(path) : path.endsWith('.html') ? [path] : [];
  });
}

describe('hidden and archived courses', () => {
  test('are in neither the catalogue nor the sitemap nor the search index; their pages answer', async () => {
    const catalogue = await (await get('/ru/')).text();
    expect(catalogue).toContain('/ru/courses/two-languages/');
    const sitemap = await (await get('/sitemap.xml')).text();
    for (const slug of [hidden, archived]) {
      expect(catalogue).not.toContain(`/ru/courses/${slug}/`);
      expect(sitemap).not.toContain(`/courses/${slug}/`);
      expect((await get(`/ru/courses/${slug}/`)).status).toBe(200);
      expect((await get(`/ru/courses/${slug}/plan/`)).status).toBe(200);
    }
    const lessons = htmlFiles(join(siteRoot, 'dist', 'client', 'ru', 'courses'));
    const indexed = (slug: string) =>
      lessons.filter((f) => f.includes(`/${slug}/`)).map((f) => readFileSync(f, 'utf8').includes('data-pagefind-body'));
    expect(indexed('two-languages')).toContain(true);
    expect(indexed(hidden)).toEqual([false]);
    expect(indexed(archived)).toEqual([false]);
  });

  test('an imported course credits the host it was first published by, beside its licence', async () => {
    for (const path of [`/ru/courses/${hidden}/`, `/ru/courses/${hidden}/plan/`]) {
      const html = await (await get(path)).text();
      expect(html).toContain('Впервые опубликован организацией Turkistan Learning Hub (курс «pilot-course»):');
      expect(html).toContain('<a href="https://oqu.turkistan.example.kz">');
    }
  });

  test('a hidden course takes an enrolment; an archived one refuses it and says why', async () => {
    const cookie = await signInCookie(accounts.otherLearner.email, accounts.otherLearner.password);
    expect((await postForm(`/ru/courses/${hidden}/`, {}, cookie)).status).toBe(303);
    const refused = await postForm(`/ru/courses/${archived}/`, {}, cookie);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('Этот курс в архиве');
    const done = await postForm(`/ru/courses/${archived}/plan/done`, {}, cookie);
    expect(done.headers.get('location')).toBe(`/ru/courses/${archived}/`);
    const account = await (await get('/ru/account', cookie)).text();
    expect(account).toContain(`/ru/courses/${hidden}/`);
    expect(account).not.toContain(`/ru/courses/${archived}/`);
  });

  test('the archived course page has a notice and no enrol button, at 390 px, with axe passing', async () => {
    const context = await newContext(browser, { viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${baseURL}/ru/courses/${archived}/`);
    await page.getByRole('note').filter({ hasText: 'Этот курс в архиве' }).waitFor();
    expect(await page.getByRole('button', { name: 'Записаться' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Читать уроки' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  test('the programme report lists them with their status', async () => {
    const context = await newContext(browser, { viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${baseURL}/en/login`);
    await page.getByLabel('Email').fill(accounts.admin.email);
    await page.getByLabel('Password').fill(accounts.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/en\/account$/);
    await page.goto(`${baseURL}/en/admin/report`);
    const table = page.getByRole('table').first();
    await table.getByRole('row', { name: /Скрытый пилотный курс.*Hidden/ }).waitFor();
    await table.getByRole('row', { name: /Архивный курс.*Archived/ }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
