/**
 * Check-in with the session's QR code in Chromium, on a server of the test's own
 * (docs/decisions/044): the trainer shows the code on a phone (it refreshes itself each minute, no
 * script); a signed-up trainee without JavaScript opens its address, confirms and is marked
 * present; someone not signed up is told why not; the code of the minute before last and a code
 * for a session that is not on are refused through the real server. Once the session is on, the trainer adds a
 * walk-in (the guest, who never signed up) by e-mail on the attendance list. The pages pass axe at 390 px.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { courseTrainers, eventSignups, events } from '#db/schema.ts';
import { checkinCode, minuteOf } from '#lib/events/checkin.ts';
import { FIXTURE_PASSWORD } from '../fixtures/accounts.ts';
import { closeDatabase, count, openFile, openMigrated, seedUsers, type SeedUser } from '../hardening/lib/db.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { axeViolations, launchBrowser, pageWidth, signedInPage } from './browser.ts';

let browser: Browser;
let server: RunningServer;
let dataDir: string;
let trainer: SeedUser;
let trainees: SeedUser[];
const running = 'checkinrunning01';
const later = 'checkinlater0001';
/** For the course's enrolled trainees: its trainer runs it but is not in its audience. */
const courseOnly = 'checkincourse001';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'oqu-e2e-checkin-'));
  mkdirSync(join(dataDir, 'keys'), { mode: 0o700 });
  const db = await openMigrated(`file:${join(dataDir, 'oqu.db')}`);
  [trainer] = (await seedUsers(db, [{ email: 'checkin-trainer@oqu.test', name: 'Trainer', role: 'trainer' }])) as [
    SeedUser,
  ];
  trainees = await seedUsers(db, [
    { email: 'asel@oqu.test', name: 'Әсел Нұрланқызы' },
    { email: 'yerlan@oqu.test', name: 'Ерлан Серіков' },
    { email: 'guest@oqu.test', name: 'Guest' },
  ]);
  await db.insert(courseTrainers).values({ userId: trainer.id, course: 'blended', assignedAt: new Date() });
  const now = Date.now();
  const session = (id: string, startsAt: number, title: string) => ({
    id,
    kind: 'seminar' as const,
    title: { en: title },
    description: {},
    place: 'Abay Ave 10, Almaty',
    startsAt: new Date(startsAt),
    endsAt: new Date(startsAt + 2 * 3600_000),
    capacity: 10,
    audience: 'everyone' as const,
    course: 'blended',
    createdBy: trainer.id,
    createdAt: new Date(now - 86_400_000),
  });
  await db
    .insert(events)
    .values([
      session(running, now - 600_000, 'Running seminar'),
      session(later, now + 86_400_000, 'Later seminar'),
      { ...session(courseOnly, now + 86_400_000, 'Course seminar'), audience: 'course' as const },
    ]);
  for (const id of [running, later])
    for (const [i, t] of trainees.slice(0, 2).entries())
      await db.insert(eventSignups).values({
        eventId: id,
        userId: t.id,
        status: 'signed_up',
        position: i + 1,
        signedUpAt: new Date(now - 3600_000),
        updatedAt: new Date(now - 3600_000),
      });
  closeDatabase(db);
  server = await startServer({ root: inject('siteRoot'), dataDir });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const signIn = (email: string, javaScript = true): Promise<Page> =>
  signedInPage(browser, server.baseURL, { email, password: FIXTURE_PASSWORD }, { javaScript });

/** The session's check-in key as the server stored it. */
async function keyOf(eventId: string): Promise<string> {
  const client = openFile(join(dataDir, 'oqu.db'));
  try {
    const rs = await client.execute({ sql: 'SELECT checkin_key FROM events WHERE id = ?', args: [eventId] });
    return String(rs.rows[0]![0]);
  } finally {
    client.close();
  }
}

/** Posts a check-in with `code` as the trainee's browser would, and answers the status and the page's text. */
async function postCode(page: Page, eventId: string, code: string) {
  const response = await page.request.post(`${server.baseURL}/en/events/${eventId}/checkin`, {
    form: { code },
    headers: { Origin: server.baseURL },
  });
  return { status: response.status(), text: await response.text() };
}

test('the trainer shows the code; a signed-up trainee scans it and is marked present; others are refused', async () => {
  const staff = await signIn(trainer.email);
  await staff.goto(`${server.baseURL}/en/trainer/events/${running}`);
  const [shown] = await Promise.all([
    staff.waitForResponse((r) => r.url().endsWith(`/en/trainer/events/${running}/checkin`)),
    staff.getByRole('link', { name: 'Show the check-in code' }).click(),
  ]);
  await staff.getByRole('img', { name: 'Check-in QR code for Running seminar' }).waitFor();
  expect(await staff.getByText('Present: 0 of 2 signed up').count()).toBe(1);
  // The page reloads itself just after the next minute begins (no script), unless the trainer pauses it.
  const refresh = Number(shown.headers()['refresh']);
  expect(refresh).toBeGreaterThanOrEqual(1);
  expect(refresh).toBeLessThanOrEqual(61);
  // Paused (also so that axe does not see it reload midway): no Refresh header.
  const paused = await staff.goto(`${server.baseURL}/en/trainer/events/${running}/checkin?paused=1`);
  expect(paused!.headers()['refresh']).toBeUndefined();
  await staff.getByRole('link', { name: 'Refresh each minute again' }).waitFor();
  expect(await axeViolations(staff)).toEqual([]);
  expect(await pageWidth(staff)).toBeLessThanOrEqual(390);
  const link = new URL((await staff.locator('a.checkin-link').getAttribute('href'))!);
  expect(link.pathname).toBe(`/en/events/${running}/checkin`);

  // Asel, without JavaScript, opens the code's address and confirms.
  const asel = await signIn(trainees[0]!.email, false);
  await asel.goto(`${server.baseURL}${link.pathname}${link.search}`);
  await asel.getByRole('button', { name: 'I am here: check me in' }).click();
  await asel.getByText('You are marked present. Thank you!').waitFor();
  expect(await pageWidth(asel)).toBeLessThanOrEqual(390);

  // Someone not signed up is told so, on opening and on confirming (axe needs the script the others go without).
  const guest = await signIn(trainees[2]!.email);
  await guest.goto(`${server.baseURL}${link.pathname}${link.search}`);
  await guest.getByText(/Only people signed up for this session check in/).waitFor();
  expect(await guest.getByRole('button', { name: 'I am here: check me in' }).count()).toBe(0);
  expect(await axeViolations(guest)).toEqual([]);
  expect((await postCode(guest, running, link.searchParams.get('code')!)).status).toBe(400);

  // Yerlan's code is from the minute before last: refused. Then a code for a session that is not on.
  const yerlan = await signIn(trainees[1]!.email);
  await yerlan.goto(`${server.baseURL}${link.pathname}${link.search}`);
  await yerlan.getByRole('button', { name: 'I am here: check me in' }).waitFor();
  expect(await axeViolations(yerlan)).toEqual([]);
  const key = await keyOf(running);
  const stale = await postCode(yerlan, running, checkinCode(key, running, minuteOf(new Date()) - 2));
  expect(stale.status).toBe(400);
  expect(stale.text).toContain('This code is wrong or has expired');
  await staff.goto(`${server.baseURL}/en/trainer/events/${later}/checkin`);
  await staff.getByText(/Check-in opens when the session starts/).waitFor();
  expect(await staff.getByRole('img').count()).toBe(0);
  const early = await postCode(yerlan, later, checkinCode(key, later, minuteOf(new Date())));
  expect(early.status).toBe(400);
  expect(early.text).toContain('Check-in works only while the session is on.');

  const db = openFile(join(dataDir, 'oqu.db'));
  try {
    const present = `SELECT count(*) FROM event_signups WHERE event_id = ? AND attendance = 'present'`;
    expect(await count(db, present, [running])).toBe(1);
    expect(await count(db, present, [later])).toBe(0);
  } finally {
    db.close();
  }
  await staff.goto(`${server.baseURL}/en/trainer/events/${running}/checkin`);
  expect(await staff.getByText('Present: 1 of 2 signed up').count()).toBe(1);
});

test('a trainer who runs a session but is not in its audience gets no sign-up button', async () => {
  const staff = await signIn(trainer.email);
  await staff.goto(`${server.baseURL}/en/events/${courseOnly}`);
  await staff.getByText(/This session is not open to you for sign-up/).waitFor();
  expect(await staff.getByRole('button', { name: 'Sign up' }).count()).toBe(0);
  await staff.getByRole('link', { name: 'Open the trainer page' }).click();
  await staff.getByRole('link', { name: 'Show the check-in code' }).waitFor();
});

test('the trainer adds a walk-in on the attendance list (no script), once the session has started', async () => {
  // Not before the start: the later session's page has no walk-in form.
  const staff = await signIn(trainer.email, false);
  await staff.goto(`${server.baseURL}/en/trainer/events/${later}`);
  await staff.getByRole('heading', { name: 'Attendance' }).waitFor();
  expect(await staff.getByRole('button', { name: 'Add as present' }).count()).toBe(0);

  await staff.goto(`${server.baseURL}/en/trainer/events/${running}`);
  await staff.getByLabel('Email').fill('nobody@oqu.test');
  await staff.getByRole('button', { name: 'Add as present' }).click();
  await staff.getByText('No one has an account with this e-mail address.').first().waitFor();
  // The guest did not sign up (sign-up closed at the start) but came.
  await staff.getByLabel('Email').fill(trainees[2]!.email);
  await staff.getByRole('button', { name: 'Add as present' }).click();
  await staff.getByText('Guest is recorded as present.').waitFor();
  const row = staff.getByRole('group', { name: /Guest/ });
  expect(await row.getByRole('radio', { name: 'Present' }).isChecked()).toBe(true);
  await staff.getByLabel('Email').fill(trainees[2]!.email);
  await staff.getByRole('button', { name: 'Add as present' }).click();
  await staff.getByText('Guest was already recorded as present.').waitFor();
  expect(await pageWidth(staff)).toBeLessThanOrEqual(390);

  const withScript = await signIn(trainer.email);
  await withScript.goto(`${server.baseURL}/en/trainer/events/${running}#walkin`);
  expect(await axeViolations(withScript)).toEqual([]);
  const db = openFile(join(dataDir, 'oqu.db'));
  try {
    const guest = `SELECT count(*) FROM event_signups WHERE event_id = ? AND user_id = ? AND status = 'signed_up'
      AND attendance = 'present'`;
    expect(await count(db, guest, [running, trainees[2]!.id])).toBe(1);
  } finally {
    db.close();
  }
});
