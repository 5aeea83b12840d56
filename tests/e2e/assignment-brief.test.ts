/**
 * The assignment at the end of its lesson, in Chromium at 390 px: the example course's
 * learning-outcomes lesson shows the brief, what to hand in (files with their kinds and size in
 * the reader's language), the rubric as a labelled table, the pass mark, who reviews, and the
 * link to the hand-in page; axe finds nothing and the page does not scroll sideways.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser, newContext } from './browser.ts';

const baseURL = inject('baseURL');
const lesson = (locale: string) => `${baseURL}/${locale}/courses/example-course/learning-outcomes/`;
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function open(locale: string): Promise<Page> {
  const context = await newContext(browser, { viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  expect((await page.goto(lesson(locale)))?.status()).toBe(200);
  return page;
}

describe('the assignment section of a lesson', () => {
  test('shows the brief, the hand-in, the rubric and the link to hand in (English)', async () => {
    const page = await open('en');
    const section = page.getByRole('region', { name: 'Assignment: Learning outcomes for your own course' });
    await expect(section.getByRole('heading', { level: 2 }).textContent()).resolves.toContain('Learning outcomes');
    expect(await section.locator('.assignment-brief strong').innerText()).toBe('three to five learning outcomes');
    expect(await section.locator('.assignment-brief ol > li').count()).toBe(3);
    const handIn = await section.locator('h3 + ul').innerText();
    expect(handIn).toContain('A written answer (required)');
    expect(handIn).toContain('A link (for example to a map or a shared document) (optional)');
    expect(handIn).toContain('Files (PDF, PNG, JPG, DOCX): up to 2, at most 10 MB each (optional)');
    const rubric = section.getByRole('region', { name: 'How the work is assessed' });
    const table = rubric.getByRole('table');
    expect(await table.getByRole('rowheader').allInnerTexts()).toEqual([
      'Measurable verbs',
      'How each outcome is checked',
      'Fit for the trainees',
    ]);
    expect(await table.getByRole('columnheader').allInnerTexts()).toEqual([
      'Criterion',
      'Level 1',
      'Level 2',
      'Level 3',
    ]);
    expect(await table.getByRole('cell').first().innerText()).toContain('0 pts');
    const text = await section.innerText();
    expect(text).toContain('Accepted with at least 60% of the 6 points.');
    expect(text).toContain(
      '2 other trainees review it first (you review the work of 2 others), then a trainer decides.',
    );
    expect(text).toContain('Resubmissions allowed after a request for revision: 2.');
    const link = section.getByRole('link', { name: 'Hand in your work' });
    expect(await link.getAttribute('href')).toBe('/en/courses/example-course/assignments/learning-outcomes-draft');
    await page.context().close();
  });

  const READ = {
    kk: {
      heading: 'Тапсырма: Өз курсыңыздың оқу нәтижелері',
      parts: ['әрқайсысы 10 МБ-тан аспайды', 'кемінде 60%', 'тренер шешім қабылдайды'],
      link: 'Жұмысты тапсыру',
    },
    ru: {
      heading: 'Задание: Результаты обучения вашего курса',
      parts: ['каждый до 10 МБ', 'не менее 60\u00a0% из 6 баллов', 'решение принимает тренер'],
      link: 'Сдать работу',
    },
  };
  test.each(['kk', 'ru'] as const)('reads in %s, passes axe and fits 390 px', async (locale) => {
    const page = await open(locale);
    const section = page.getByRole('region', { name: READ[locale].heading });
    const text = await section.innerText();
    for (const part of READ[locale].parts) expect(text).toContain(part);
    expect(await section.getByRole('link', { name: READ[locale].link }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.context().close();
  });
});
