/**
 * "My competencies" in Chromium (decision 035): a new trainee passes the impact and funding
 * quiz of the social entrepreneurship course; the page then shows "Measure social impact" as
 * demonstrated (every question of the course naming it answered right in a passed attempt), the
 * funding competency as developing (one of its questions is in another quiz), one not started,
 * each with its evidence linked to the quiz's lesson; and the public framework page lists the
 * course under each competency it develops. Both pages pass axe.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readQuizFiles } from '../helpers/course-files.ts';
import type { QuizFile } from '../helpers/quiz-answers.ts';
import { axeViolations, launchBrowser, newContext } from './browser.ts';
import { postForm } from './http.ts';

const baseURL = inject('baseURL');
const courses = join(inject('projectRoot'), 'courses');
const quiz = readQuizFiles(courses, 'social-entrepreneurship')['impact-funding'] as QuizFile;
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function answerRight(page: Page): Promise<void> {
  for (const q of quiz.questions) {
    const choices = q.choices ?? [];
    if (q.type === 'text') await page.locator(`input[name="q.${q.id}"]`).fill(q.accept!.en![0]!);
    else if (q.type === 'order') {
      for (const [i, c] of choices.entries())
        await page.locator(`select[name="q.${q.id}.${c.id}"]`).selectOption(String(i + 1));
    } else {
      for (const c of choices.filter((c) => c.correct))
        await page.locator(`input[name="q.${q.id}"][value="${c.id}"]`).check();
    }
  }
  await page.getByRole('button', { name: 'Submit answers' }).click();
}

test('"My competencies" shows each competency with its evidence after a passed quiz', async () => {
  const email = `competent-${Date.now()}@oqu.test`;
  const password = 'steppe-lantern-orchard-4';
  const registered = await postForm('/en/register', {
    name: 'Дана Серікова',
    email,
    password,
    locale: 'en',
    consent: 'yes',
  });
  expect(registered.status).toBe(303);
  const context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${baseURL}/en/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/en\/account$/);

  await page.goto(`${baseURL}/en/courses/social-entrepreneurship/`);
  await page.getByRole('button', { name: 'Enrol' }).click();
  await page.waitForURL(/\/courses\/social-entrepreneurship\/[a-z-]+\/$/);
  await page.goto(`${baseURL}/en/courses/social-entrepreneurship/pitching/`);
  await answerRight(page);
  await page.waitForURL(/\/quiz\?attempt=/);
  await page
    .getByText(/^Passed/)
    .first()
    .waitFor();

  await page.goto(`${baseURL}/en/account`);
  await page.getByRole('link', { name: 'My competencies' }).click();
  await page.waitForURL(/\/en\/account\/competencies$/);
  await page.getByRole('heading', { level: 1, name: 'My competencies' }).waitFor();
  const item = (title: string) => page.locator('li').filter({ has: page.getByRole('heading', { name: title }) });
  const impact = item('Measure social impact');
  await impact.getByText('Demonstrated', { exact: true }).waitFor();
  const evidence = impact.getByRole('link', { name: /^Module 2: impact, legal form and funding: / });
  expect(await evidence.count()).toBe(4);
  expect(await evidence.first().getAttribute('href')).toBe('/en/courses/social-entrepreneurship/pitching/');
  const funding = item('Choose funding and pitch');
  await funding.getByText('Developing', { exact: true }).waitFor();
  expect(await funding.getByRole('link').count()).toBe(4);
  const research = item('Research a social problem');
  await research.getByText('Not started', { exact: true }).waitFor();
  await research.getByText('No evidence yet.').waitFor();
  expect(await axeViolations(page)).toEqual([]);

  // The public page, without signing in: the course under the competencies it develops.
  const anonymous = await newContext(browser, { viewport: { width: 390, height: 844 } });
  const visitor = await anonymous.newPage();
  await visitor.goto(`${baseURL}/en/competencies/social-innovation`);
  await visitor.getByRole('heading', { level: 1, name: 'Social innovation competencies' }).waitFor();
  const article = visitor.locator('article#impact-measurement');
  await article.getByRole('link', { name: 'Social entrepreneurship' }).waitFor();
  expect(await visitor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(await axeViolations(visitor)).toEqual([]);
  await anonymous.close();
  await context.close();
});
