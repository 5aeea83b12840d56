/**
 * The admin edits a call's scoring rubric in Chromium with JavaScript off at 390 px (axe checks
 * the page in a twin context with it on; decision 053): a criterion is added in three
 * languages with a description and a weight, an existing one is edited and moved; the jury's
 * scoring form shows the new criterion with its weighted points; once a juror has scored, the
 * admin's page says the rubric is locked and offers no form to change it.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { closeDatabase, createDatabase, type Database } from '#db/client.ts';
import { grantScores, users } from '#db/schema.ts';
import { seedCallWithJuror } from '../hardening/lib/grants.ts';
import { axeViolations, launchBrowser, newContext, pageWidth, signedInPage } from './browser.ts';

const baseURL = inject('baseURL');
const accounts = inject('accounts');
const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const CALL = `rubric${tag}`;
const PROPOSAL = `rubricp${tag}`;
let browser: Browser;
let db: Database;

beforeAll(async () => {
  browser = await launchBrowser();
  db = await createDatabase({ url: inject('databaseUrl') });
  const [trainer] = await db.select().from(users).where(eq(users.email, accounts.trainer.email));
  const [learner] = await db.select().from(users).where(eq(users.email, accounts.learner.email));
  const ids = { callId: CALL, proposalId: PROPOSAL, leadId: learner!.id, jurorId: trainer!.id };
  await seedCallWithJuror(db, ids, 'scoring', Date.now() - 60_000);
});
afterAll(async () => {
  await browser?.close();
  if (db) closeDatabase(db);
});

/** A phone with JavaScript off, signed in. */
const signIn = (email: string, password: string) =>
  signedInPage(browser, baseURL, { email, password }, { javaScript: false });

async function checkPage(page: Page) {
  const twin = await newContext(browser, {
    viewport: { width: 390, height: 844 },
    storageState: await page.context().storageState(),
  });
  const copy = await twin.newPage();
  await copy.goto(page.url());
  expect(await axeViolations(copy), page.url()).toEqual([]);
  expect(await pageWidth(copy), page.url()).toBeLessThanOrEqual(390);
  await twin.close();
}

test('the admin adds, edits and moves criteria; after a juror scores, the rubric is locked', async () => {
  const admin = await signIn(accounts.admin.email, accounts.admin.password);
  await admin.goto(`${baseURL}/en/admin/grants/${CALL}`);
  await admin.getByRole('heading', { name: 'The scoring rubric' }).waitFor();
  await admin.getByText('The most a proposal can get: 20 points.').waitFor();
  await checkPage(admin);

  await admin.getByLabel('Criterion title (Қазақша)').fill('Серіктестер');
  await admin.getByLabel('Criterion title (Русский)').fill('Партнёры');
  await admin.getByLabel('Criterion title (English)').fill('Partners');
  await admin.getByLabel('What the jury judges (English)').fill('Who else takes part, and how');
  await admin.getByLabel("Weight (the level's points are multiplied by it)", { exact: true }).last().selectOption('3');
  await admin.getByRole('button', { name: 'Add a criterion' }).click();
  await admin.getByText('The rubric is changed.').waitFor();
  await admin.getByText('The most a proposal can get: 35 points.').waitFor();
  await admin.getByText('up to 15 points (weight ×3)').waitFor();

  // Edit the budget criterion: a new English title and weight 2, its description typed in.
  const budget = admin.getByRole('listitem').filter({ hasText: 'A budget that is justified' });
  await budget.getByText('Edit').click();
  await budget.getByLabel('Title (English)').fill('Value for money');
  await budget.getByLabel('Description (English)').fill('Every line is needed and priced fairly');
  await budget.getByLabel("Weight (the level's points are multiplied by it)").selectOption('2');
  await budget.getByRole('button', { name: 'Save the criterion' }).click();
  await admin.getByText('The rubric is changed.').waitFor();
  const value = admin.getByRole('listitem').filter({ hasText: 'Value for money' });
  await value.getByText('Every line is needed and priced fairly', { exact: true }).first().waitFor();
  expect(await value.getByLabel('Description (English)').inputValue()).toBe('Every line is needed and priced fairly');
  await admin.getByRole('button', { name: /Move up\s*: Partners/ }).click();
  await admin.getByText('The rubric is changed.').waitFor();
  const titles = await admin.locator('section:has(h2:text("The scoring rubric")) > ol > li > strong').allTextContents();
  expect(titles).toEqual([
    'Relevance of the problem and target group',
    'Feasibility of activities and timeline',
    'Value for money',
    'Partners',
    'Results and how they are measured',
  ]);
  await admin.getByRole('button', { name: /Remove\s*: Feasibility/ }).click();
  await admin.getByText('The most a proposal can get: 35 points.').waitFor();
  await checkPage(admin);

  // The juror's form shows the new criterion, its description and weighted points; they score.
  const juror = await signIn(accounts.trainer.email, accounts.trainer.password);
  await juror.goto(`${baseURL}/en/grants/${CALL}/jury/${PROPOSAL}`);
  const partners = juror.getByRole('group', { name: 'Partners' });
  await partners.getByText('Who else takes part, and how').waitFor();
  await partners.getByLabel('Strong (points: 15)').check();
  await juror.getByRole('group', { name: 'Value for money' }).getByLabel('Adequate (points: 6)').check();
  await juror
    .getByRole('group', { name: /Relevance/ })
    .getByLabel(/Weak/)
    .check();
  await juror
    .getByRole('group', { name: /Results/ })
    .getByLabel(/Weak/)
    .check();
  await juror.getByRole('button', { name: 'Save the score' }).click();
  await juror.getByText(/Your score is saved/).waitFor();
  const [row] = await db.select().from(grantScores).where(eq(grantScores.proposalId, PROPOSAL));
  expect(row!.points).toBe(15 + 6 + 1 + 1);

  // Locked now: a clear note, no form to change it.
  await admin.goto(`${baseURL}/en/admin/grants/${CALL}`);
  await admin.getByText(/The rubric is locked: a juror has already scored with it/).waitFor();
  for (const name of ['Add a criterion', 'Save the criterion', /Move up\s*: Partners/, /Remove\s*: Partners/])
    expect(await admin.getByRole('button', { name }).count()).toBe(0);
  await checkPage(admin);
});
