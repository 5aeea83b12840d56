/**
 * "My competencies" in Chromium (decision 035): a new trainee passes the impact and funding
 * quiz of the social entrepreneurship course; the page then shows "Measure social impact" as
 * demonstrated (every question of the course naming it answered right in a passed attempt), the
 * funding competency as developing (one of its questions is in another quiz), one not started,
 * each with its evidence linked to the quiz's lesson; and the public framework page lists the
 * course under each competency it develops. Both pages pass axe. A framework's page links each
 * competency's outside alignments (the fixture framework e2e-outside, in Kazakh). Then a trainer pages through
 * a cohort of 105 at phone width (decision 052): the heat map and counts cover all 105, the
 * table 100 a page, the links go to the next page and back, and the CSV holds everyone.
 */
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { closeDatabase, createDatabase } from '#db/client.ts';
import { users } from '#db/schema.ts';
import { createCohort } from '#lib/cohorts/cohorts.server.ts';
import { setCompetencyByHand } from '#lib/competencies/evidence.server.ts';
import { assignSuiteTrainer } from './trainer-courses.ts';
import type { Browser, Page } from 'playwright-core';
import { readQuizFiles } from '../helpers/course-files.ts';
import type { QuizFile } from '../helpers/quiz-answers.ts';
import { axeViolations, launchBrowser, newContext } from './browser.ts';
import { signInOnPage } from './sign-up.ts';
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

test("the framework page links a competency's outside alignments, with the code when there is one", async () => {
  const context = await newContext(browser, { viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${baseURL}/kk/competencies/e2e-outside`);
  await page.getByRole('heading', { level: 1, name: 'Ашық деректер құзыреттері' }).waitFor();
  const article = page.locator('article#e2e-open-data');
  await article.getByRole('heading', { name: 'Қаланың ашық деректерімен жұмыс' }).waitFor();
  await article.getByText('Сәйкестігі:').waitFor();
  const esco = article.getByRole('link', { name: 'ESCO: analyse big data (S2.7.3)', exact: true });
  expect(await esco.getAttribute('href')).toBe('http://data.europa.eu/esco/skill/e2e-analyse-big-data');
  expect(await esco.getAttribute('rel')).toBe('external');
  const standard = article.getByRole('link', { name: 'Кәсіби стандарт: Деректер талдаушысы', exact: true });
  expect(await standard.getAttribute('href')).toBe('https://example.kz/standards/data-analyst?lang=kk&v=2');
  await article.getByText('Әзірге оны ешбір курс дамытпайды.').waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(await axeViolations(page)).toEqual([]);
  await context.close();
});

/** An empty cohort of the suite's trainer in `course`, written straight into the suite's database; its id. */
async function seedEmptyCohort(course: string, name: string): Promise<string> {
  const accounts = inject('accounts');
  const db = await createDatabase({ url: inject('databaseUrl') });
  try {
    await assignSuiteTrainer(db, accounts.trainer.email, course);
    const [trainer] = await db.select().from(users).where(eq(users.email, accounts.trainer.email));
    const blank = { startsOn: '', endsOn: '', applicationsOpenOn: '', applicationsCloseOn: '' };
    const made = await createCohort(db, { name, course, ...blank }, trainer!.id);
    if (!made.ok) throw new Error(JSON.stringify(made.fields));
    return made.cohort.id;
  } finally {
    closeDatabase(db);
  }
}

test('an empty matrix says why: no members yet, or a course that names no competencies', async () => {
  const accounts = inject('accounts');
  const empty = await seedEmptyCohort('social-entrepreneurship', 'Nobody yet');
  const none = await seedEmptyCohort('example-course', 'Authors');
  const context = await newContext(browser);
  const page = await context.newPage();
  await signInOnPage(page, accounts.trainer.email, accounts.trainer.password);
  await page.goto(`${baseURL}/en/trainer/cohorts/${empty}/competencies`);
  await page.getByText('The cohort has no members yet.').waitFor();
  expect(await axeViolations(page)).toEqual([]);
  await page.goto(`${baseURL}/kk/trainer/cohorts/${none}/competencies`);
  await page.getByText('Курс ешбір құзыретті атамайды, сондықтан мұнда көрсететін ештеңе жоқ.').waitFor();
  await context.close();
});

/**
 * A cohort of 105 in social entrepreneurship run by the suite's trainer, written straight into the
 * suite's database (by the forms it would take minutes); all "not started" but one set by hand.
 */
async function seedBigCohort(): Promise<string> {
  const accounts = inject('accounts');
  const db = await createDatabase({ url: inject('databaseUrl') });
  try {
    await assignSuiteTrainer(db, accounts.trainer.email, 'social-entrepreneurship');
    const [trainer] = await db.select().from(users).where(eq(users.email, accounts.trainer.email));
    const made = await createCohort(
      db,
      {
        name: 'Big matrix',
        course: 'social-entrepreneurship',
        startsOn: '',
        endsOn: '',
        applicationsOpenOn: '',
        applicationsCloseOn: '',
      },
      trainer!.id,
    );
    if (!made.ok) throw new Error(JSON.stringify(made.fields));
    const cohortId = made.cohort.id;
    const now = Date.now();
    await db.run(sql`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 105)
      INSERT INTO users (id, email, display_name, password_hash, role, locale, created_at)
      SELECT ${cohortId} || '-m' || i, ${cohortId} || '-m' || i || '@matrix.oqu.test',
        'Matrix member ' || substr('000' || i, -3), 'not-a-hash', 'learner', 'en', ${now} FROM n`);
    await db.run(sql`
      INSERT INTO cohort_members (cohort_id, user_id, state, joined_at)
      SELECT ${cohortId}, id, 'member', ${now} FROM users WHERE email LIKE ${cohortId + '-m%@matrix.oqu.test'}`);
    await setCompetencyByHand(
      db,
      { id: trainer!.id, email: trainer!.email },
      { userId: `${cohortId}-m104`, competency: 'impact-measurement', state: 'demonstrated', comment: 'Field visit' },
    );
    return cohortId;
  } finally {
    closeDatabase(db);
  }
}

test("a trainer pages through a big cohort's matrix at phone width, and downloads it whole", async () => {
  const accounts = inject('accounts');
  const cohortId = await seedBigCohort();
  const context = await newContext(browser, { viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await signInOnPage(page, accounts.trainer.email, accounts.trainer.password);
  await page.goto(`${baseURL}/en/trainer/cohorts/${cohortId}/competencies`);
  await page.getByRole('heading', { level: 1, name: 'Competencies: Big matrix' }).waitFor();
  await page.getByRole('img', { name: /the whole cohort \(105 members\)/ }).waitFor();
  const summary = page.getByRole('table', { name: /The whole cohort/ });
  await summary.getByRole('row', { name: /^Measure social impact 104 0 1$/ }).waitFor();
  const members = page.getByRole('table', { name: /Each member's state/ });
  await members.getByText('(members 1–100 of 105)').waitFor();
  expect(await members.locator('tbody tr').count()).toBe(100);
  await page.getByText('Page 1 of 2').waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(await axeViolations(page)).toEqual([]);

  await page.getByRole('navigation', { name: 'Pages of members' }).getByRole('link', { name: 'Next page' }).click();
  await page.waitForURL(/competencies\?page=2$/);
  await members.getByText('(members 101–105 of 105)').waitFor();
  expect(await members.locator('tbody tr').count()).toBe(5);
  await members.getByRole('row', { name: /^Matrix member 104 .*Demonstrated \*/ }).waitFor();
  expect(await page.getByLabel('Trainee').locator('option').count()).toBe(5);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'Previous page' }).click();
  await page.waitForURL(/competencies$/);
  await page.getByText('Page 1 of 2').waitFor();

  const href = await page.getByRole('link', { name: 'Download the matrix as CSV' }).getAttribute('href');
  const csv = await page.request.get(`${baseURL}${href}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
  const lines = (await csv.text()).trimEnd().split('\r\n');
  expect(lines).toHaveLength(106);
  expect(lines[105]).toMatch(/^"Matrix member 105";/);
  await context.close();
});
