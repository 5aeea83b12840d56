/**
 * The discussions' done-when test in Chromium, with JavaScript on and off, on a server of its
 * own that mails through a real SMTP server on loopback: trainee A asks under a lesson (from the
 * lesson's link); trainee B replies; the trainer marks B's reply as the answer (shown first, and
 * its excerpt under the question on the lesson's questions);
 * A gets the reply e-mail and unsubscribes from its link without signing in (or, with JavaScript on,
 * as a mail client's one-click POST does); a post A reports
 * is hidden by the trainer from the moderation queue and vanishes for everyone but staff.
 * Every page passes axe and fits a 390 px phone. Then (JavaScript off) a trainee chooses the daily
 * digest on the account page, gets no reply e-mail but one digest, and stops it from its link; a
 * trainer moves a thread to a lesson's questions (the course page lists it among the latest) and
 * an admin lifts a posting ban from the ban list.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { closeDatabase, createDatabase } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { createUser } from '#lib/auth/user.server.ts';
import { sendDigests } from '#lib/discussions/digest.server.ts';
import { createMailer } from '#lib/mail/mailer.server.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { startTestSmtp, type TestSmtp } from '../fixtures/smtp.ts';
import { axeViolations, launchBrowser, newContext } from './browser.ts';

const PASSWORD = 'cedar-valley-moon-3';
const TRAINER = { email: 'discussion-trainer@oqu.test', name: 'Тренер Әлиев' };
const ADMIN = { email: 'discussion-admin@oqu.test', name: 'Әкімші Сейітова' };
let browser: Browser;
let smtp: TestSmtp;
let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'oqu-e2e-discussions-'));
  const url = `file:${join(dataDir, 'oqu.db')}`;
  const db = await createDatabase({ url });
  await migrateDatabase(db);
  const trainer = await createUser(db, {
    ...TRAINER,
    password: PASSWORD,
    locale: 'en',
    region: null,
    organisation: null,
    role: 'trainer',
  });
  await createUser(db, { ...ADMIN, password: PASSWORD, locale: 'en', region: null, organisation: null, role: 'admin' });
  await db.$client.execute({
    sql: "INSERT INTO course_trainers (user_id, course, assigned_at) VALUES (?, 'practice', ?)",
    args: [trainer!.id, Date.now()],
  });
  closeDatabase(db);
  smtp = await startTestSmtp();
  server = await startServer({ root: inject('siteRoot'), dataDir, env: { SMTP_URL: smtp.url } });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function post(path: string, fields: Record<string, string>, cookie?: string): Promise<Response> {
  return fetch(new URL(path, server.baseURL), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: server.baseURL,
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
}

async function signIn(email: string): Promise<string> {
  const res = await post('/en/login', { email, password: PASSWORD, next: '/en/account' });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('oqu_session='));
  if (res.status !== 303 || !cookie) throw new Error(`sign-in of ${email} failed with ${res.status}`);
  return cookie.split(';')[0]!;
}

/** A trainee of the practice course (registered, enrolled by finishing its lesson). */
async function trainee(name: string): Promise<{ email: string; cookie: string }> {
  const email = `talk-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@oqu.test`;
  await post('/en/register', { name, email, password: PASSWORD, locale: 'en', consent: 'yes' });
  const cookie = await signIn(email);
  expect((await post('/en/courses/practice/audit/done', {}, cookie)).status).toBe(303);
  return { email, cookie };
}

async function browse(
  cookie: string | null,
  javaScriptEnabled: boolean,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, { viewport: { width: 390, height: 844 }, javaScriptEnabled });
  if (cookie) {
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.baseURL }]);
  }
  return { context, page: await context.newPage() };
}

/** axe and the phone width, checked with JavaScript on (axe runs as a script in the page). */
async function checkPage(page: Page, javaScriptEnabled: boolean): Promise<void> {
  if (!javaScriptEnabled) return;
  expect(await axeViolations(page)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

for (const javaScriptEnabled of [true, false]) {
  const js = javaScriptEnabled ? 'on' : 'off';
  test(`ask under a lesson, reply, answer, mail and unsubscribe, report and hide (JavaScript ${js})`, async () => {
    const a = await trainee(javaScriptEnabled ? 'Әлия Сәрсенова' : 'Анна Ким');
    const b = await trainee(javaScriptEnabled ? 'Бауыржан Құрманов' : 'Борис Ли');
    const trainerCookie = await signIn(TRAINER.email);
    const title = `Қалай бастаймын? ${js}`;

    // A asks from the lesson's link (the lesson itself is a prerendered page).
    const asker = await browse(a.cookie, javaScriptEnabled);
    await asker.page.goto(new URL('/en/courses/practice/audit/', server.baseURL).href);
    await asker.page.getByRole('link', { name: 'Questions about this lesson' }).click();
    await checkPage(asker.page, javaScriptEnabled);
    await asker.page.getByLabel('Title').fill(title);
    await asker.page.getByRole('textbox', { name: 'Your message' }).fill('Where do I *start* the audit?');
    await asker.page.getByRole('button', { name: 'Post', exact: true }).click();
    await asker.page.getByRole('heading', { level: 1, name: title }).waitFor();
    const threadUrl = asker.page.url().split('?')[0]!;
    await checkPage(asker.page, javaScriptEnabled);

    // B replies.
    const replier = await browse(b.cookie, javaScriptEnabled);
    await replier.page.goto(threadUrl);
    await replier.page
      .getByRole('textbox', { name: 'Your message' })
      .fill(`Start at the **bus stop** (аялдама-${js}) on the corner.`);
    await replier.page.getByRole('button', { name: 'Post reply' }).click();
    await replier.page.getByText('Your post is up.').waitFor();

    // The trainer marks B's reply as the answer: it is shown first.
    const trainer = await browse(trainerCookie, javaScriptEnabled);
    await trainer.page.goto(threadUrl);
    await trainer.page.locator('#post-2').getByRole('button', { name: 'Mark as the answer' }).click();
    const answer = asker.page.getByRole('region', { name: 'Answer' });
    await asker.page.goto(threadUrl);
    await answer.getByText('bus stop').waitFor();
    expect(await asker.page.locator('#post-2').getByText('Trainer').count()).toBe(0);
    await checkPage(asker.page, javaScriptEnabled);
    // The lesson's board shows the thread as answered.
    await asker.page.goto(new URL('/en/discussions/practice/lessons/audit', server.baseURL).href);
    await asker.page.getByRole('listitem').filter({ hasText: 'Answered' }).first().waitFor();
    // …with the start of its answer, as plain text (no Markdown, no markup).
    await asker.page.getByText(`Answer: Start at the bus stop (аялдама-${js}) on the corner.`).waitFor();

    // The course board finds B's reply by a Kazakh word typed in capitals.
    await asker.page.goto(new URL('/en/discussions/practice', server.baseURL).href);
    await asker.page.getByRole('searchbox', { name: 'Search the course’s discussions' }).fill(`АЯЛДАМА-${js}`);
    await asker.page.getByRole('button', { name: 'Search', exact: true }).click();
    await asker.page.getByRole('link', { name: title }).first().waitFor();
    await checkPage(asker.page, javaScriptEnabled);

    // A's e-mail about B's reply, and its unsubscribe link, opened without signing in.
    const mail = await waitForMailTo(a.email);
    expect(mail.subject).toBe(`New reply in “${title}”`);
    expect(mail.raw.replace(/\r?\n[ \t]+/g, ' ')).toMatch(/^List-Unsubscribe: <http[^>]+\/unsubscribe\?token=/m);
    const link = /(https?:\/\/\S+\/en\/discussions\/unsubscribe\?token=\S+)/.exec(mail.text)![1]!;
    const stranger = await browse(null, javaScriptEnabled);
    await stranger.page.goto(new URL(new URL(link).pathname + new URL(link).search, server.baseURL).href);
    await checkPage(stranger.page, javaScriptEnabled);
    if (javaScriptEnabled) {
      // A mail client's one-click unsubscribe (RFC 8058): a POST from its servers, no Origin, no cookies.
      const oneClick = await fetch(new URL(new URL(link).pathname + new URL(link).search, server.baseURL), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
        redirect: 'manual',
      });
      expect(oneClick.status).toBe(200);
      expect(await oneClick.text()).toContain('You will get no more e-mails about');
    } else {
      await stranger.page.getByRole('button', { name: 'Stop these e-mails' }).click();
      await stranger.page.getByText(`You will get no more e-mails about “${title}”.`).waitFor();
    }
    await asker.page.goto(threadUrl);
    await asker.page.getByRole('button', { name: 'Follow this thread by e-mail' }).waitFor();

    // An abusive reply, reported by A, hidden by the trainer from the queue.
    await replier.page.goto(threadUrl);
    await replier.page.getByRole('textbox', { name: 'Your message' }).fill('You are all idiots');
    await replier.page.getByRole('button', { name: 'Post reply' }).click();
    await replier.page.getByText('Your post is up.').waitFor();
    await asker.page.goto(threadUrl);
    const abusive = asker.page.locator('#post-3');
    await abusive.locator('summary', { hasText: 'Report' }).click();
    await abusive.getByLabel('Reason').fill('Insults');
    await abusive.getByRole('button', { name: 'Send report' }).click();
    await asker.page.getByText('Thank you. The course’s trainers will look at the post.').waitFor();
    await trainer.page.goto(new URL('/en/discussions/practice/reports', server.baseURL).href);
    await checkPage(trainer.page, javaScriptEnabled);
    const report = trainer.page.getByRole('article').filter({ hasText: 'idiots' });
    await report.getByLabel('Reason').fill('Insults other trainees');
    await report.getByRole('button', { name: 'Hide', exact: true }).click();
    await trainer.page.getByText('No reported posts are waiting.').waitFor();
    for (const viewer of [asker, replier]) {
      await viewer.page.goto(threadUrl);
      await viewer.page.getByText('This post was hidden by a moderator.').waitFor();
      expect(await viewer.page.getByText('idiots').count()).toBe(0);
    }
    await trainer.page.goto(threadUrl);
    await trainer.page.getByText('Hidden from trainees: Insults other trainees').waitFor();
    await trainer.page.getByText('You are all idiots').waitFor();
    for (const c of [asker, replier, trainer, stranger]) await c.context.close();
  }, 120_000);
}

test('choose the daily digest on the account page, get it instead of reply mail, stop it from its link', async () => {
  const a = await trainee('Дана Жақсылықова');
  const b = await trainee('Ерлан Оспанов');
  const asker = await browse(a.cookie, false);
  await asker.page.goto(new URL('/en/account', server.baseURL).href);
  await asker.page.getByLabel('One daily digest of new posts').check();
  await asker.page.getByRole('button', { name: 'Save e-mail choice' }).click();
  await asker.page.getByText('Your choice of discussion e-mails is saved.').waitFor();
  expect(await asker.page.getByLabel('One daily digest of new posts').isChecked()).toBe(true);

  await asker.page.goto(new URL('/en/discussions/practice', server.baseURL).href);
  await asker.page.getByLabel('Title').fill('Digest, please');
  await asker.page.getByRole('textbox', { name: 'Your message' }).fill('Anyone?');
  await asker.page.getByRole('button', { name: 'Post', exact: true }).click();
  const threadUrl = asker.page.url().split('?')[0]!;
  const replier = await browse(b.cookie, false);
  await replier.page.goto(threadUrl);
  await replier.page.getByRole('textbox', { name: 'Your message' }).fill('Here: <script>alert(1)</script> **yes**');
  await replier.page.getByRole('button', { name: 'Post reply' }).click();
  await replier.page.getByText('Your post is up.').waitFor();

  // The hourly run, as the server makes it, against the server's own database file.
  const db = await createDatabase({ url: `file:${join(dataDir, 'oqu.db')}` });
  const mailer = createMailer({ smtpUrl: smtp.url, from: 'Oqu Test <no-reply@oqu.test>' });
  expect(await sendDigests(db, { mailer, baseUrl: server.baseURL, siteName: () => 'Oqu' })).toBe(1);
  closeDatabase(db);
  const digest = await waitForMailTo(a.email, 'New posts in your discussions');
  expect(smtp.messages.some((m) => m.to.includes(a.email) && m.subject.startsWith('New reply'))).toBe(false);
  expect(digest.html).toContain('<strong>yes</strong>');
  expect(digest.html).not.toContain('<script');
  const link = /Stop the daily digest: (\S+)/.exec(digest.text)![1]!;
  const stranger = await browse(null, false);
  await stranger.page.goto(link);
  await stranger.page.getByRole('button', { name: 'Stop these e-mails' }).click();
  await stranger.page.getByText('You will get no more e-mails about discussions.', { exact: false }).waitFor();
  await asker.page.goto(new URL('/en/account', server.baseURL).href);
  expect(await asker.page.getByLabel('No e-mails').isChecked()).toBe(true);
  for (const c of [asker, replier, stranger]) await c.context.close();
}, 120_000);

test('a trainer moves a thread to a lesson’s questions; an admin lifts a posting ban (axe, phone width)', async () => {
  const a = await trainee('Гүлнар Әбенова');
  const asker = await browse(a.cookie, true);
  await asker.page.goto(new URL('/en/discussions/practice', server.baseURL).href);
  await asker.page.getByLabel('Title').fill('About the audit lesson');
  await asker.page.getByRole('textbox', { name: 'Your message' }).fill('Which street first?');
  await asker.page.getByRole('button', { name: 'Post', exact: true }).click();
  await asker.page.getByRole('heading', { level: 1, name: 'About the audit lesson' }).waitFor();
  const threadUrl = asker.page.url().split('?')[0]!;
  expect(await asker.page.getByRole('link', { name: 'Move this thread' }).count()).toBe(0);

  const trainer = await browse(await signIn(TRAINER.email), true);
  await trainer.page.goto(threadUrl);
  await trainer.page.getByRole('link', { name: 'Move this thread' }).click();
  await checkPage(trainer.page, true);
  const choice = trainer.page.getByLabel('New board');
  const lessonOption = await choice
    .locator('option', { hasText: 'Questions about a lesson' })
    .first()
    .getAttribute('value');
  await choice.selectOption(lessonOption!);
  await trainer.page.getByRole('button', { name: 'Move the thread' }).click();
  await trainer.page.getByText('Done.').waitFor();
  expect(trainer.page.url().split('?')[0]).toBe(threadUrl);
  await asker.page.goto(
    new URL(`/en/discussions/practice/lessons/${lessonOption!.split('/')[1]}`, server.baseURL).href,
  );
  await asker.page.getByRole('link', { name: 'About the audit lesson' }).waitFor();
  // The course page lists it among the latest threads.
  await asker.page.goto(new URL('/en/courses/practice/', server.baseURL).href);
  await asker.page
    .getByRole('region', { name: 'Latest in the discussions' })
    .getByText('About the audit lesson')
    .waitFor();
  await checkPage(asker.page, true);

  const db = await createDatabase({ url: `file:${join(dataDir, 'oqu.db')}` });
  await db.$client.execute({
    sql: `INSERT INTO discussion_bans (user_id, until, reason, created_at)
      SELECT id, NULL, 'Spam links', ? FROM users WHERE email = ?`,
    args: [Date.now(), a.email],
  });
  closeDatabase(db);
  const admin = await browse(await signIn(ADMIN.email), true);
  await admin.page.goto(new URL('/en/admin/', server.baseURL).href);
  await admin.page.getByRole('link', { name: 'Posting bans in discussions' }).click();
  await checkPage(admin.page, true);
  await admin.page.getByText('Spam links').waitFor();
  await admin.page.getByRole('button', { name: /^Let post again\W+Гүлнар Әбенова/ }).click();
  await admin.page.waitForURL(/\/en\/admin\/discussion-bans\?done=lifted$/);
  await admin.page.getByText('The ban is lifted: that person may post again.').waitFor();
  await admin.page.getByText('Nobody is stopped from posting.').waitFor();
  for (const c of [asker, trainer, admin]) await c.context.close();
}, 120_000);

/** The e-mail to `email` whose subject starts so (its welcome e-mail came first). */
async function waitForMailTo(email: string, subject = 'New reply') {
  for (let i = 0; i < 50; i++) {
    const found = smtp.messages.find((m) => m.to.includes(email) && m.subject.startsWith(subject));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no e-mail reached ${email}`);
}
