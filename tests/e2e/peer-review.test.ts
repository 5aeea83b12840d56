/**
 * A peer review round among four trainees through the pages, in Chromium at 390 px, with
 * JavaScript on and off (fixture course tests/fixtures/e2e-courses/peer-round: each submission
 * gets two reviews, each trainee gives two). Each hands in, asks for work, reviews what they
 * are given with the rubric and a comment; nobody sees a name either way; a trainee reads the
 * reviews of their work only after giving theirs, and flags one for the trainer, who sees the
 * flag; every round ends accepted and the course completes.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { and, eq } from 'drizzle-orm';
import { closeDatabase, createDatabase, type Database } from '#db/client.ts';
import { submissions, users } from '#db/schema.ts';
import { listCertificates } from '#lib/certificates/certificates.server.ts';
import { assignSuiteTrainer } from './trainer-courses.ts';
import { axeViolations, launchBrowser, newContext } from './browser.ts';
import { registerOnPage, signInOnPage, uniqueEmail } from './sign-up.ts';

const baseURL = inject('baseURL');
const accounts = inject('accounts');
const assignmentUrl = `${baseURL}/en/courses/peer-round/assignments/street-note`;
let browser: Browser;
let db: Database;
beforeAll(async () => {
  browser = await launchBrowser();
  db = await createDatabase({ url: inject('databaseUrl') });
  await assignSuiteTrainer(db, accounts.trainer.email, 'peer-round');
});
afterAll(async () => {
  await browser?.close();
  if (db) closeDatabase(db);
});

interface Trainee {
  name: string;
  email: string;
  context: BrowserContext;
  page: Page;
}

async function checkPage(page: Page, javaScriptEnabled: boolean) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  if (javaScriptEnabled) expect(await axeViolations(page)).toEqual([]);
}

/** Opens the trainee's peer page from their assignment page. */
async function openPeerPage(page: Page) {
  await page.goto(assignmentUrl);
  await page.getByRole('link', { name: 'Review the work of others and read the reviews of yours' }).click();
  await page.getByRole('heading', { level: 1, name: 'Peer review: A note on a street' }).waitFor();
}

/** Reviews the n-th submission given (by its link "Submission A"/"B"), all levels at the top. */
async function review(trainee: Trainee, label: string, others: string[], javaScriptEnabled: boolean) {
  const { page } = trainee;
  await page.getByRole('link', { name: `Submission ${label}` }).click();
  await page.getByRole('heading', { level: 1, name: `Submission ${label}` }).waitFor();
  // The work is there; whose it is is not.
  await page.getByText(/^Street of trainee /).waitFor();
  const html = await page.content();
  for (const name of others) expect(html).not.toContain(name);
  await checkPage(page, javaScriptEnabled);
  await page
    .getByRole('group', { name: 'Clarity' })
    .getByRole('radio', { name: /Clear$/ })
    .check();
  await page.getByRole('group', { name: 'Detail' }).getByRole('radio', { name: /Some$/ }).check();
  await page.getByLabel('Comment').fill(`Well seen, from ${trainee.email.slice(0, 12)}`);
  await page.getByRole('button', { name: 'Send review' }).click();
  await page.getByRole('heading', { level: 1, name: /^Peer review:/ }).waitFor();
}

for (const javaScriptEnabled of [true, false]) {
  const js = javaScriptEnabled ? 'on' : 'off';
  test(`four trainees review each other anonymously; flags reach the trainer (JavaScript ${js})`, async () => {
    const names = javaScriptEnabled
      ? ['Әсел Бекова', 'Нурлан Оспанов', 'Gulnara Iskakova', 'Тимур Ли']
      : ['Жанар Әлиева', 'Ержан Садыков', 'Marat Kim', 'Ольга Пак'];
    const trainees: Trainee[] = [];
    for (const name of names) {
      const context = await newContext(browser, { viewport: { width: 390, height: 844 }, javaScriptEnabled });
      const page = await context.newPage();
      const email = uniqueEmail('peer');
      await registerOnPage(page, name, email);
      trainees.push({ name, email, context, page });
    }
    const [a, b, c, d] = trainees as [Trainee, Trainee, Trainee, Trainee];

    // Nobody reviews before handing in their own work.
    await d.page.goto(`${assignmentUrl}/peer`);
    await d.page.getByText('Hand in your own work first; then you can review the work of others.').waitFor();
    for (const [i, t] of trainees.entries()) {
      await t.page.goto(assignmentUrl);
      await t.page.getByLabel('Your answer').fill(`Street of trainee ${i + 1}: narrow **pavements**, few trees.`);
      await t.page.getByRole('button', { name: 'Hand in' }).click();
      await t.page.getByText('Status: in review').waitFor();
    }

    for (const t of trainees) {
      await openPeerPage(t.page);
      await t.page.getByRole('button', { name: 'Give me work to review' }).click();
      await t.page.getByRole('link', { name: 'Submission B' }).waitFor();
      expect(await t.page.getByRole('button', { name: 'Give me work to review' }).count()).toBe(0);
    }
    await checkPage(a.page, javaScriptEnabled);
    await a.page.goto(`${baseURL}/en/account`);
    await a.page.getByRole('list', { name: 'Waiting on you' }).getByText('Peer reviews to give: 2').waitFor();
    await a.page.getByRole('list', { name: 'Waiting on a reviewer' }).getByText('In peer review').waitFor();
    await checkPage(a.page, javaScriptEnabled);
    await openPeerPage(a.page);
    await a.page.getByText('You will see the reviews of your work after you give 2 reviews yourself.').waitFor();

    const othersOf = (t: Trainee) => names.filter((n) => n !== t.name);
    for (const t of trainees) {
      await review(t, 'A', othersOf(t), javaScriptEnabled);
      await review(t, 'B', othersOf(t), javaScriptEnabled);
      await t.page.getByRole('heading', { name: 'Work to review (2 of 2 reviewed)' }).waitFor();
    }

    // Having given theirs, a trainee reads the two reviews of their work, named by number only.
    await a.page.reload();
    await a.page.getByRole('heading', { name: 'Reviewer 1 (version 1)' }).waitFor();
    await a.page.getByRole('heading', { name: 'Reviewer 2 (version 1)' }).waitFor();
    const html = await a.page.content();
    for (const t of [b, c, d]) {
      expect(html).not.toContain(t.name);
      expect(html).not.toContain(t.email);
    }
    await checkPage(a.page, javaScriptEnabled);
    await a.page.getByLabel('Reason').first().selectOption({ label: 'Abusive' });
    await a.page.getByRole('button', { name: 'Flag review 1 for the trainer' }).click();
    await a.page.getByText('Your flag has been sent; the trainer will see it.').waitFor();
    await a.page.getByText('Flagged for the trainer: Abusive').waitFor();

    // Each round ended with its two reviews: accepted, so the course is complete.
    await a.page.goto(assignmentUrl);
    await a.page.getByText('Status: accepted').waitFor();
    for (const t of trainees) {
      const [user] = await db.select().from(users).where(eq(users.email, t.email));
      expect((await listCertificates(db, user!.id)).map((x) => x.course)).toEqual(['peer-round']);
    }

    // The trainer sees the flag on the review page of A's work.
    const [author] = await db.select().from(users).where(eq(users.email, a.email));
    const [own] = await db
      .select()
      .from(submissions)
      .where(and(eq(submissions.userId, author!.id), eq(submissions.course, 'peer-round')));
    const staff = await newContext(browser, { viewport: { width: 390, height: 844 }, javaScriptEnabled });
    const trainer = await staff.newPage();
    await signInOnPage(trainer, accounts.trainer.email, accounts.trainer.password);
    await trainer.goto(`${baseURL}/en/trainer/reviews/${own!.id}`);
    await trainer.getByText('Flagged by the trainee as abusive').waitFor();
    await checkPage(trainer, javaScriptEnabled);
    await staff.close();
    for (const t of trainees) await t.context.close();
  });
}
