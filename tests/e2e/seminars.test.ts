/**
 * Seminars end to end in Chromium, on a server of the test's own with a real SMTP server on
 * loopback: a trainer schedules a seminar for a cohort with 2 places; three trainees sign up (the
 * third waits; one of them with JavaScript off); one cancels and the third moves up and is
 * e-mailed; before the seminar the trainer's page takes no attendance; once it is on the trainer
 * takes attendance on a phone; the course's rule (one lesson and one session) is met and the
 * certificate is issued. A two-day study visit is entered with a last day and shown with both
 * dates, and on both of its days in the month view. The list, month view and pages pass axe.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cohortMembers, courseTrainers } from '#db/schema.ts';
import { createCohort } from '#lib/cohorts/cohorts.server.ts';
import { enrol } from '#lib/progress/progress.server.ts';
import { formatDateTime, formatDateTimeRange, fromKazakhstanWallClock } from '#lib/time/dates.ts';
import { FIXTURE_PASSWORD } from '../fixtures/accounts.ts';
import { startTestSmtp, type TestSmtp } from '../fixtures/smtp.ts';
import { closeDatabase, openFile, openMigrated, seedUsers, type SeedUser } from '../hardening/lib/db.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { axeViolations, launchBrowser, pageWidth, signedInPage } from './browser.ts';

let browser: Browser;
let smtp: TestSmtp;
let server: RunningServer;
let dataDir: string;
let trainer: SeedUser;
let trainees: SeedUser[];

beforeAll(async () => {
  smtp = await startTestSmtp();
  dataDir = mkdtempSync(join(tmpdir(), 'oqu-e2e-seminars-'));
  mkdirSync(join(dataDir, 'keys'), { mode: 0o700 });
  const db = await openMigrated(`file:${join(dataDir, 'oqu.db')}`);
  [trainer] = (await seedUsers(db, [{ email: 'seminar-trainer@oqu.test', name: 'Trainer', role: 'trainer' }])) as [
    SeedUser,
  ];
  trainees = await seedUsers(db, [
    { email: 'aigerim@oqu.test', name: 'Айгерім Сапарова' },
    { email: 'bolat@oqu.test', name: 'Болат Жұмабаев' },
    { email: 'dana@oqu.test', name: 'Дана Ким' },
  ]);
  await db.insert(courseTrainers).values({ userId: trainer.id, course: 'blended', assignedAt: new Date() });
  const cohort = await createCohort(
    db,
    {
      name: 'Almaty, winter',
      course: 'blended',
      startsOn: '',
      endsOn: '',
      applicationsOpenOn: '',
      applicationsCloseOn: '',
    },
    trainer.id,
  );
  if (!cohort.ok) throw new Error('no cohort');
  for (const t of trainees) {
    await db
      .insert(cohortMembers)
      .values({ cohortId: cohort.cohort.id, userId: t.id, state: 'member', joinedAt: new Date() });
    await enrol(db, t.id, 'blended');
  }
  closeDatabase(db);
  server = await startServer({
    root: inject('siteRoot'),
    dataDir,
    env: { SMTP_URL: smtp.url, MAIL_FROM: 'Oqu Test <no-reply@oqu.test>' },
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Signs in through the form: on a desktop unless `phone`, as the seminar's people use it. */
const signIn = (email: string, options: { javaScript?: boolean; phone?: boolean } = {}): Promise<Page> =>
  signedInPage(browser, server.baseURL, { email, password: FIXTURE_PASSWORD }, { ...options, desktop: !options.phone });

/** Moves the session's start to ten minutes ago (its two hours kept), as if the day had come. */
async function startedTenMinutesAgo(eventId: string): Promise<void> {
  const client = openFile(join(dataDir, 'oqu.db'));
  try {
    const startsAt = Date.now() - 10 * 60_000;
    await client.execute({
      sql: 'UPDATE events SET starts_at = ?, ends_at = ? WHERE id = ?',
      args: [startsAt, startsAt + 2 * 3600_000, eventId],
    });
  } finally {
    client.close();
  }
}

const inTwoDays = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

test('a seminar for a cohort: sign-ups, waiting list, a cancellation, attendance, certificate', async () => {
  const staff = await signIn(trainer.email);
  await staff.goto(`${server.baseURL}/en/trainer/events/`);
  expect(await axeViolations(staff)).toEqual([]);
  await staff.getByLabel('Title in English').fill('Street audit seminar');
  await staff.getByLabel('Address').fill('Abay Ave 10, Almaty');
  await staff.getByLabel('Date', { exact: true }).fill(inTwoDays);
  await staff.getByLabel('Starts at (Almaty time)').fill('10:00');
  await staff.getByLabel('Ends at (Almaty time)').fill('12:00');
  await staff.getByLabel('Places').fill('2');
  await staff.getByLabel('Who may sign up').selectOption('cohort');
  await staff.getByLabel('Cohort', { exact: true }).selectOption({ label: 'Almaty, winter' });
  await staff.getByRole('button', { name: 'Schedule', exact: true }).click();
  // The form's action keeps its #new fragment through the redirect.
  await staff.waitForURL(/\/en\/trainer\/events\/[a-z0-9]+(#new)?$/);
  const trainerPage = staff.url().replace(/#.*$/, '');
  const eventId = trainerPage.split('/').pop()!;
  expect(await staff.getByRole('heading', { level: 1 }).textContent()).toBe('Street audit seminar');

  // Three trainees sign up; the one without JavaScript too. The third is put on the waiting list.
  const [aigerim, bolat, dana] = [
    await signIn(trainees[0]!.email),
    await signIn(trainees[1]!.email, { javaScript: false }),
    await signIn(trainees[2]!.email, { phone: true }),
  ] as [Page, Page, Page];
  for (const page of [aigerim, bolat]) {
    await page.goto(`${server.baseURL}/en/events/`);
    await page.getByRole('link', { name: 'Street audit seminar' }).click();
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByText('You are signed up. A confirmation is on its way by e-mail.').waitFor();
    await page.getByText('Abay Ave 10, Almaty').waitFor();
  }
  expect(await axeViolations(aigerim)).toEqual([]);
  await dana.goto(`${server.baseURL}/en/events/${eventId}`);
  expect(await dana.getByText('The address or link is shown once you are signed up.').count()).toBe(1);
  await dana.getByRole('button', { name: 'Join the waiting list' }).click();
  await dana.getByText(/you are on the waiting list/).waitFor();
  expect(await dana.getByText('Abay Ave 10, Almaty').count()).toBe(0);
  await dana.goto(`${server.baseURL}/en/events/`);
  await dana.getByText('You are on the waiting list').waitFor();
  expect(await axeViolations(dana)).toEqual([]);
  expect(await pageWidth(dana)).toBeLessThanOrEqual(390);
  await dana.getByRole('link', { name: 'Month' }).click();
  await dana.getByRole('link', { name: 'Next month' }).waitFor();
  expect(await axeViolations(dana)).toEqual([]);

  // Bolat cancels: Dana moves up and is told by e-mail, with the address and an invitation.
  await bolat.getByRole('button', { name: 'Cancel my sign-up' }).click();
  await bolat.getByText('Your sign-up is cancelled.').waitFor();
  const deadline = Date.now() + 10_000;
  while (!smtp.messages.some((m) => m.to.includes(trainees[2]!.email) && /A place freed up/.test(m.subject))) {
    if (Date.now() > deadline) throw new Error(`no promotion e-mail: ${smtp.messages.map((m) => m.subject)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const mail = smtp.messages.find((m) => m.to.includes(trainees[2]!.email) && /A place freed up/.test(m.subject))!;
  expect(mail.text).toContain('Abay Ave 10, Almaty');
  expect(mail.raw).toMatch(/invite\.ics/);
  await dana.goto(`${server.baseURL}/en/events/${eventId}`);
  await dana.getByText('You are signed up', { exact: true }).waitFor();
  await dana.getByText('Abay Ave 10, Almaty').waitFor();
  expect(await pageWidth(dana)).toBeLessThanOrEqual(390);

  // Dana reads the lesson; the course still waits for the seminar.
  await dana.goto(`${server.baseURL}/en/courses/blended/walk/`);
  await dana.getByRole('button', { name: 'Mark as done' }).click();
  await dana.goto(`${server.baseURL}/en/account`);
  expect(await dana.getByRole('heading', { name: 'My certificates' }).count()).toBe(0);

  // Before the seminar begins the trainer's page lists who is coming but takes no attendance.
  const phone = await signIn(trainer.email, { phone: true });
  await phone.goto(trainerPage);
  await phone.getByText("Attendance is taken from the session's start on", { exact: false }).waitFor();
  expect(await phone.getByRole('list', { name: 'Signed up' }).getByText('Дана Ким').count()).toBe(1);
  expect(await phone.getByRole('button', { name: 'Save attendance' }).count()).toBe(0);
  expect(await phone.getByRole('heading', { name: 'Add someone who came' }).count()).toBe(0);

  // The seminar is on (its start moved to ten minutes ago): the trainer takes attendance on a phone.
  await startedTenMinutesAgo(eventId);
  await phone.goto(trainerPage);
  await phone
    .getByRole('group', { name: /Дана Ким/ })
    .getByLabel('Present')
    .check();
  await phone
    .getByRole('group', { name: /Айгерім Сапарова/ })
    .getByLabel('Absent')
    .check();
  expect(await phone.getByRole('group', { name: /Болат Жұмабаев/ }).count()).toBe(0);
  expect(await axeViolations(phone)).toEqual([]);
  expect(await pageWidth(phone)).toBeLessThanOrEqual(390);
  await phone.getByRole('button', { name: 'Save attendance' }).click();
  await phone.getByText('Attendance saved.').waitFor();
  expect(
    await phone
      .getByRole('group', { name: /Дана Ким/ })
      .getByLabel('Present')
      .isChecked(),
  ).toBe(true);

  // The rule (one lesson, one session) is met: Dana's certificate is issued; Aigerim has none.
  await dana.goto(`${server.baseURL}/en/account`);
  await dana.getByRole('heading', { name: 'My certificates' }).waitFor();
  expect(await dana.getByText('Blended course').count()).toBeGreaterThan(0);
  await aigerim.goto(`${server.baseURL}/en/account`);
  expect(await aigerim.getByRole('heading', { name: 'My certificates' }).count()).toBe(0);
});

test('a session whose sign-up has closed says so to a trainee who has not signed up', async () => {
  const staff = await signIn(trainer.email);
  await staff.goto(`${server.baseURL}/en/trainer/events/`);
  await staff.getByLabel('Title in English').fill('Late sign-up seminar');
  await staff.getByLabel('Address').fill('Abay Ave 10, Almaty');
  await staff.getByLabel('Date', { exact: true }).fill(inTwoDays);
  await staff.getByLabel('Starts at (Almaty time)').fill('10:00');
  await staff.getByLabel('Ends at (Almaty time)').fill('12:00');
  await staff.getByLabel('Sign-up closes on (optional)').fill(yesterday);
  await staff.getByLabel('Places').fill('5');
  await staff.getByLabel('Who may sign up').selectOption('cohort');
  await staff.getByLabel('Cohort', { exact: true }).selectOption({ label: 'Almaty, winter' });
  await staff.getByRole('button', { name: 'Schedule', exact: true }).click();
  await staff.waitForURL(/\/en\/trainer\/events\/[a-z0-9]+(#new)?$/);
  const eventId = staff.url().replace(/#.*$/, '').split('/').pop()!;

  const aigerim = await signIn(trainees[0]!.email);
  await aigerim.goto(`${server.baseURL}/en/events/${eventId}`);
  await aigerim.getByText('Sign-up for this session is closed: its deadline has passed.').waitFor();
  expect(await aigerim.getByRole('button', { name: 'Sign up' }).count()).toBe(0);
  expect(await axeViolations(aigerim)).toEqual([]);
});

test('a two-day study visit: entered with a last day, shown with both dates and on both days of a month', async () => {
  const inThreeDays = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  const staff = await signIn(trainer.email);
  await staff.goto(`${server.baseURL}/en/trainer/events/`);
  await staff.getByLabel('Kind').selectOption({ label: 'Study visit' });
  await staff.getByLabel('Title in English').fill('Study visit to Shymkent');
  await staff.getByLabel('Address').fill('Al-Farabi Sq 1, Shymkent');
  await staff.getByLabel('Date', { exact: true }).fill(inTwoDays);
  await staff.getByLabel('Last day (optional)').fill(inThreeDays);
  await staff.getByLabel('Starts at (Almaty time)').fill('09:00');
  await staff.getByLabel('Ends at (Almaty time)').fill('18:00');
  await staff.getByLabel('Places').fill('5');
  await staff.getByLabel('Who may sign up').selectOption('cohort');
  await staff.getByLabel('Cohort', { exact: true }).selectOption({ label: 'Almaty, winter' });
  await staff.getByRole('button', { name: 'Schedule', exact: true }).click();
  await staff.waitForURL(/\/en\/trainer\/events\/[a-z0-9]+(#new)?$/);
  const eventId = staff.url().replace(/#.*$/, '').split('/').pop()!;
  const [startsAt, endsAt] = [
    fromKazakhstanWallClock(inTwoDays, '09:00'),
    fromKazakhstanWallClock(inThreeDays, '18:00'),
  ];
  const range = formatDateTimeRange(startsAt, endsAt, 'en');
  expect(range).toContain(formatDateTime(endsAt, 'en'));
  await staff.getByText(range, { exact: false }).waitFor();
  expect(await staff.getByLabel('Last day (optional)').inputValue()).toBe(inThreeDays);

  const aigerim = await signIn(trainees[0]!.email);
  await aigerim.goto(`${server.baseURL}/en/events/${eventId}`);
  await aigerim.getByText(range).waitFor();
  for (const day of [inTwoDays, inThreeDays]) {
    await aigerim.goto(`${server.baseURL}/en/events/?month=${day.slice(0, 7)}`);
    const cell = aigerim
      .getByRole('cell')
      .filter({ has: aigerim.getByText(String(Number(day.slice(8))), { exact: true }) });
    const n = day === inTwoDays ? 1 : 2;
    await cell.getByRole('link', { name: /Study visit to Shymkent/ }).waitFor();
    expect(await cell.getByText(`(day ${n} of 2)`).count()).toBe(1);
  }
  expect(await axeViolations(aigerim)).toEqual([]);
});
