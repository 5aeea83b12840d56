/**
 * A course written in Kazakh and Russian only (`languages: [kk, ru]`, the fixture
 * tests/fixtures/e2e-courses/two-languages), in Chromium: an English reader sees its texts in
 * Russian (the test site's order for English readers) marked `lang="ru"`, with a notice in
 * English naming the language; a Kazakh reader reads Kazakh with no notice. Numbers with a
 * fraction are written as the page's language does ("2,5", "0,5" in Kazakh). The trainer's
 * dashboard shows the wrong answers trainees typed, and says which columns count attempts.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchBrowser, newContext } from './browser.ts';
import { postForm, signInCookie } from './http.ts';

const baseURL = inject('baseURL');
const accounts = inject('accounts');
const course = (locale: string) => `${baseURL}/${locale}/courses/two-languages/`;
const lesson = (locale: string) => `${course(locale)}goals/`;
let browser: Browser;
let context: BrowserContext | undefined;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A fresh browser context on `url`. */
async function open(url: string): Promise<void> {
  await context?.close();
  context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  await page.goto(url);
}

async function signIn(email: string, password: string): Promise<void> {
  await open(`${baseURL}/en/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/en\/account$/);
}

describe('a course in Kazakh and Russian only', () => {
  test('an English reader sees the course texts in Russian, marked, with a notice in English', async () => {
    await open(course('en'));
    const heading = page.getByRole('heading', { level: 1, name: 'Курс на двух языках' });
    expect(await heading.getAttribute('lang')).toBe('ru');
    const notice = page.getByText('This course is not yet translated into English. Its texts are shown in Русский.');
    expect(await notice.getAttribute('lang')).toBe('en');
    expect(await page.getByText('Курс, написанный только на казахском и русском.').getAttribute('lang')).toBe('ru');
    const outcome = page.getByRole('listitem').filter({ hasText: 'Сформулировать цель городского проекта' });
    expect(await outcome.locator('xpath=..').getAttribute('lang')).toBe('ru');
    const module = page.getByRole('heading', { level: 3, name: /Основы/ });
    expect(await module.getByText('Основы', { exact: true }).getAttribute('lang')).toBe('ru');
    await page.getByText('2.5 hours').waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  test('an English reader sees the quiz in Russian, marked, with a notice in English', async () => {
    await open(lesson('en'));
    await page.getByText('This lesson is not yet translated into English. It is shown in Русский.').waitFor();
    const quiz = page.getByRole('region', { name: 'Quiz: Слова' });
    await quiz.getByText('This quiz is not yet translated into English. It is shown in Русский.').waitFor();
    expect(await quiz.getByText('Слова', { exact: true }).getAttribute('lang')).toBe('ru');
    expect(await quiz.getByText('Что есть в цели?').getAttribute('lang')).toBe('ru');
    expect(await quiz.getByRole('checkbox', { name: 'Результат' }).count()).toBe(1);
    expect(await quiz.getByText('Погода').getAttribute('lang')).toBe('ru');
    expect(await axeViolations(page)).toEqual([]);
  });

  test('a Kazakh reader reads Kazakh, with no notice, and "2,5" hours', async () => {
    await open(course('kk'));
    const heading = page.getByRole('heading', { level: 1, name: 'Екі тілдегі курс' });
    expect(await heading.getAttribute('lang')).toBeNull();
    expect(await page.locator('.fallback-notice').count()).toBe(0);
    await page.getByText('2,5 сағат').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await open(lesson('kk'));
    const quiz = page.getByRole('region', { name: 'Тест: Сөздер' });
    await quiz.getByText('Мақсатта не болады?').waitFor();
    expect(await page.locator('.fallback-notice').count()).toBe(0);
    expect(await quiz.locator('[lang]').count()).toBe(0);
  });

  test('the English catalogue card shows the Russian title and summary, marked', async () => {
    await open(`${baseURL}/en/`);
    const title = page.getByRole('link', { name: 'Курс на двух языках' });
    expect(await title.getAttribute('lang')).toBe('ru');
    const card = page.getByRole('listitem').filter({ has: title });
    expect(await card.getByText('Курс, написанный только на казахском и русском.').getAttribute('lang')).toBe('ru');
  });

  test('the Russian catalogue card writes "2,5 ч"', async () => {
    await open(`${baseURL}/ru/`);
    const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Курс на двух языках' }) });
    await card.getByText('2,5 ч').waitFor();
  });

  test('a Kazakh trainee who earns half a point reads "0,5"', async () => {
    await signIn(accounts.learner.email, accounts.learner.password);
    await page.goto(lesson('kk'));
    const quiz = page.getByRole('region', { name: 'Тест: Сөздер' });
    await quiz.getByRole('checkbox', { name: 'Нәтиже' }).check();
    await quiz.getByRole('textbox', { name: 'Сіздің жауабыңыз' }).fill('мақсат');
    await quiz.getByRole('button', { name: 'Жауаптарды жіберу' }).click();
    await page.waitForURL(/\/quiz\?attempt=/);
    await page.getByText('Ішінара дұрыс: 1 ұпайдан 0,5.').waitFor();
    expect(await page.locator('.fallback-notice').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe('the trainer dashboard of that course', () => {
  test('shows the most common wrong typed answers and says what its columns count', async () => {
    // Three trainees type their answers to the text question, two of them the same wrong one.
    for (const [i, word] of ['Итог', ' итог ', 'цель'].entries()) {
      const email = `typed-${i}-${Date.now()}@oqu.test`;
      const password = 'birch-valley-wind-7';
      await postForm('/ru/register', { name: `Слушатель ${i + 1}`, email, password, locale: 'ru', consent: 'yes' });
      const cookie = await signInCookie(email, password);
      const fields = { 'q.parts': 'result', 'q.word': word, idempotencyKey: `typed-e2e-${i}-${Date.now()}` };
      expect((await postForm('/ru/courses/two-languages/goals/quiz', fields, cookie)).status).toBe(303);
    }

    await signIn(accounts.admin.email, accounts.admin.password);
    await page.goto(`${baseURL}/en/admin/?q=${encodeURIComponent(accounts.trainer.email)}`);
    await page.getByLabel(`Assign course: ${accounts.trainer.email}`).selectOption('two-languages');
    await page.getByRole('button', { name: 'Assign course' }).click();
    // Named by its title, in the reader's next language: the course has no English.
    await page.getByText(`${accounts.trainer.email} now follows “Курс на двух языках”.`).waitFor();

    await signIn(accounts.trainer.email, accounts.trainer.password);
    await page.goto(`${baseURL}/en/trainer/courses/two-languages/`);
    const quiz = page.getByRole('region', { name: 'Слова' });
    expect(await quiz.getByRole('heading', { name: 'Слова' }).getAttribute('lang')).toBe('ru');
    // The Kazakh trainee above may have tried it too: people and attempts, each named.
    await quiz.getByText(/\d+ trainees, \d+ attempts, pass rate/).waitFor();
    for (const name of ['Answered (attempts)', 'Right (% of attempts)', 'Most chosen or typed wrong answer (attempts)'])
      expect(await quiz.getByRole('columnheader', { name }).count(), name).toBe(1);
    const row = quiz.getByRole('row', { name: /Как называется измеримое изменение\?/ });
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells[0]).toBe('Как называется измеримое изменение?');
    expect(cells[3]).toMatch(/^«итог» \(2\); /);
    expect(cells[3]).toContain('«цель» (1)');
    expect(await axeViolations(page)).toEqual([]);
  });
});
