/** A reader's path in Chromium: catalogue -> course -> lesson -> language switch; keyboard; axe. */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser, newContext } from './browser.ts';

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function openPage(path: string, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await newContext(browser, options);
  const page = await context.newPage();
  await page.goto(new URL(path, baseURL).href);
  return page;
}

describe('reading a course', () => {
  test('catalogue -> course -> lesson -> next -> language switch keeps the lesson', async () => {
    const page = await openPage('/en/');
    await expect(page.getByRole('heading', { level: 1, name: 'Courses' }).isVisible()).resolves.toBe(true);
    // A curriculum course (the fixture courses of other tests may sort first and have one lesson).
    const firstCourse = page.locator('.course-card__title a[href$="/courses/urbanism/"]');
    const courseTitle = (await firstCourse.textContent())!.trim();
    await firstCourse.click();
    await page.waitForURL(/\/en\/courses\/[^/]+\/$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(courseTitle);
    await page.getByRole('link', { name: 'Start the course' }).click();
    await page.waitForURL(/\/en\/courses\/[^/]+\/[^/]+\/$/);
    const lessonUrl = new URL(page.url());
    expect(await page.getByRole('navigation', { name: 'On this page' }).count()).toBe(1);
    await page.getByRole('navigation', { name: 'Lessons' }).getByRole('link', { name: /Next/ }).click();
    await page.waitForURL((url) => url.pathname !== lessonUrl.pathname);
    const second = new URL(page.url()).pathname;
    await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'Қазақша' }).click();
    await page.waitForURL(/\/kk\//);
    expect(new URL(page.url()).pathname).toBe(second.replace('/en/', '/kk/'));
    expect(await page.locator('html').getAttribute('lang')).toBe('kk');
    await page
      .getByRole('navigation', { name: 'Сабақтар' })
      .getByRole('link', { name: /Алдыңғы/ })
      .click();
    await page.waitForURL((url) => url.pathname === lessonUrl.pathname.replace('/en/', '/kk/'));
    await page.context().close();
  });

  test('the catalogue filter works without JavaScript', async () => {
    const page = await openPage('/ru/', { javaScriptEnabled: false });
    await page.getByLabel('Направление').selectOption('social-entrepreneurship');
    await page.getByRole('button', { name: 'Показать курсы' }).click();
    await page.waitForURL(/field=social-entrepreneurship/);
    const cards = await page.locator('.course-card').count();
    expect(cards).toBeGreaterThan(0);
    for (const text of await page.locator('.course-card .tags li:first-child').allTextContents())
      expect(text).toBe('Социальное предпринимательство');
    await page.context().close();
  });

  test('keyboard: the skip link is first and moves focus to the content', async () => {
    const page = await openPage('/kk/');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
    expect(focused).toBe('Мазмұнға өту');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.closest('main') !== null);
    expect(next).toBe(true);
    await page.context().close();
  });
});

describe('accessibility (axe-core)', () => {
  const locales = ['kk', 'ru', 'en'] as const;
  test.each(locales)('catalogue, syllabus and lesson in %s have no violations', async (locale) => {
    const page = await openPage(`/${locale}/`);
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('.course-card__title a').first().click();
    await page.waitForURL(/\/courses\/[^/]+\/$/);
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('.module li a').first().click();
    await page.waitForURL(/\/courses\/[^/]+\/[^/]+\/$/);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  test('a lesson with a quiz has no violations', async () => {
    const page = await openPage('/en/');
    const courses = await page
      .locator('.course-card__title a')
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const href of courses) {
      await page.goto(href);
      const lessons = await page
        .locator('.module li a')
        .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
      for (const lesson of lessons) {
        await page.goto(lesson);
        if ((await page.locator('.quiz').count()) > 0) {
          expect(await axeViolations(page)).toEqual([]);
          await page.context().close();
          return;
        }
      }
    }
    throw new Error('no lesson with a quiz was found');
  });
});

describe('search', () => {
  test('Pagefind finds lessons in the reader language', async () => {
    const page = await openPage('/en/search/');
    await page.getByRole('searchbox', { name: 'Search' }).fill('learning outcomes');
    const first = page.locator('#search-results a').first();
    await first.waitFor({ timeout: 15_000 });
    expect(await first.getAttribute('href')).toMatch(/^\/en\/courses\/[^/]+\/[^/]+\/$/);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });
});
