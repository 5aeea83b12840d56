/**
 * What the pages show of sessions, through the real server: the trainer's course dashboard lists
 * each started session with its span, who was marked present or absent and the no-show rate;
 * a trainee's "My learning" (the account page) lists their upcoming session and the one they
 * attended, each with its span (start and end), not only the start; the month view places a
 * session at 00:30 Almaty time on the 1st on the 1st (19:30 UTC the day before), not on the last
 * day of the previous month.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createCohort } from '#lib/cohorts/cohorts.server.ts';
import { closeDatabase, openMigrated, seedUsers, type SeedUser } from './lib/db.ts';
import { HttpClient } from './lib/http.ts';
import { databaseFile, makeDataDir, startServer, type RunningServer } from './lib/server.ts';

let server: RunningServer;
let http: HttpClient;
let trainer: SeedUser;
let learner: SeedUser;
let cohortId: string;

/** 1 November 2026, 00:30-02:00 Almaty time (UTC+5): 31 October 19:30-21:00 UTC. */
const NIGHT = { start: Date.parse('2026-10-31T19:30:00Z'), end: Date.parse('2026-10-31T21:00:00Z') };
/** 3 June 2030, 10:00-12:30 Almaty time. */
const LATER = { start: Date.parse('2030-06-03T05:00:00Z'), end: Date.parse('2030-06-03T07:30:00Z') };

beforeAll(async () => {
  const dataDir = makeDataDir('event-pages');
  const db = await openMigrated(`file:${databaseFile(dataDir)}`);
  const [t, l, absentee] = await seedUsers(db, [
    { email: 'pages-trainer@oqu.test', name: 'Pages Trainer', role: 'trainer' },
    { email: 'pages-learner@oqu.test', name: 'Pages Learner' },
    { email: 'pages-absent@oqu.test', name: 'Pages Absent' },
  ]);
  [trainer, learner] = [t!, l!];
  const now = Date.now();
  const run = (sql: string, args: (string | number)[]) => db.$client.execute({ sql, args });
  await run('INSERT INTO course_trainers (user_id, course, assigned_at) VALUES (?, ?, ?)', [t!.id, 'urbanism', now]);
  for (const u of [l!, absentee!])
    await run('INSERT INTO enrollments (user_id, course, enrolled_at, last_activity_at) VALUES (?, ?, ?, ?)', [
      u.id,
      'urbanism',
      now,
      now,
    ]);
  const event = (id: string, title: string, at: { start: number; end: number }) =>
    run(
      'INSERT INTO events (id, kind, title, description, starts_at, ends_at, capacity, audience, course, created_by, ' +
        "created_at) VALUES (?, 'seminar', ?, '{}', ?, ?, 10, 'course', 'urbanism', ?, ?)",
      [id, JSON.stringify({ en: title }), at.start, at.end, t!.id, Date.parse('2026-10-01T00:00:00Z')],
    );
  const cohort = await createCohort(
    db,
    {
      name: 'Night owls',
      course: 'urbanism',
      startsOn: '',
      endsOn: '',
      applicationsOpenOn: '',
      applicationsCloseOn: '',
    },
    t!.id,
  );
  if (!cohort.ok) throw new Error(JSON.stringify(cohort.fields));
  cohortId = cohort.cohort.id;
  await event('night-seminar', 'Night seminar', NIGHT);
  await event('cohort-seminar', 'Cohort seminar', { start: NIGHT.start + 86_400_000, end: NIGHT.end + 86_400_000 });
  await run("UPDATE events SET audience = 'cohort', cohort_id = ? WHERE id = 'cohort-seminar'", [cohortId]);
  await event('later-seminar', 'Later seminar', LATER);
  const signup = (eventId: string, userId: string, position: number, attendance: string | null) =>
    run(
      'INSERT INTO event_signups (event_id, user_id, status, position, signed_up_at, updated_at, attendance, ' +
        "marked_at) VALUES (?, ?, 'signed_up', ?, ?, ?, ?, ?)",
      [eventId, userId, position, NIGHT.start - 86_400_000, now, attendance ?? null, attendance ? NIGHT.end : null] as (
        string | number
      )[],
    );
  await signup('night-seminar', l!.id, 1, 'present');
  await signup('night-seminar', absentee!.id, 2, 'absent');
  await signup('later-seminar', l!.id, 1, null);
  await signup('cohort-seminar', l!.id, 1, 'excused');
  closeDatabase(db);
  server = await startServer({ dataDir });
  http = new HttpClient(server.baseURL);
});
afterAll(async () => {
  http?.close();
  await server?.stop();
});

/** The text of the element that starts at the first match of `start` (up to `end`), tags removed. */
function textBetween(html: string, start: RegExp, end: string): string {
  const from = html.search(start);
  expect(from, `${start} on the page`).toBeGreaterThanOrEqual(0);
  const to = html.indexOf(end, from);
  return html
    .slice(from, to < 0 ? undefined : to)
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|\s+/g, ' ');
}
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

test("the trainer's course dashboard: the session's span, present, absent and the no-show rate", async () => {
  const res = await http.get('/en/trainer/courses/urbanism', { cookie: trainer.cookies[0] });
  expect(res.status).toBe(200);
  const section = squash(textBetween(res.text, /<section aria-labelledby="dashboard-sessions"/, '</section>'));
  expect(section).toContain('1 attendances marked present; no-show rate 50 %');
  // Started sessions only: the later one is not on the dashboard yet.
  expect(section).not.toContain('Later seminar');
  // The columns, then the row: signed up, present, absent, excused, no-show rate.
  expect(section).toContain('Session Signed up Present Absent Excused No-show rate');
  expect(section).toContain('Night seminar · 11/1/26, 12:30 AM – 2:00 AM 2 1 1 0 50 %');
});

test("a cohort's dashboard: only the cohort's sessions and their own counts", async () => {
  const res = await http.get(`/en/trainer/courses/urbanism?cohort=${cohortId}`, { cookie: trainer.cookies[0] });
  expect(res.status).toBe(200);
  const section = squash(textBetween(res.text, /<section aria-labelledby="dashboard-sessions"/, '</section>'));
  expect(section).toContain('0 attendances marked present; no-show rate —');
  expect(section).toContain('Cohort seminar · 11/2/26, 12:30 AM – 2:00 AM 1 0 0 1 —');
  expect(section).not.toContain('Night seminar');
});

test('"My learning": the upcoming session and the attended one, each with its span', async () => {
  const res = await http.get('/en/account', { cookie: learner.cookies[0] });
  expect(res.status).toBe(200);
  const upcoming = squash(textBetween(res.text, /<section aria-labelledby="my-upcoming-sessions"/, '</section>'));
  expect(upcoming).toContain('Later seminar · Seminar · 6/3/30, 10:00 AM – 12:30 PM · You are signed up');
  expect(upcoming).not.toContain('Night seminar');
  const attended = squash(textBetween(res.text, /<section aria-labelledby="my-attended-sessions"/, '</section>'));
  expect(attended).toContain('Night seminar · Seminar · 11/1/26, 12:30 AM – 2:00 AM');
});

test('the month view puts a session at 00:30 Almaty on the 1st on the 1st, not on the day before', async () => {
  const november = await http.get('/en/events?month=2026-11', { cookie: learner.cookies[0] });
  expect(november.status).toBe(200);
  const cells = [...november.text.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) =>
    squash(m[1]!.replace(/<[^>]+>/g, ' ')),
  );
  expect(cells.filter((c) => c.includes('Night seminar'))).toEqual(['1 00:30 Night seminar (You are signed up)']);
  const october = await http.get('/en/events?month=2026-10', { cookie: learner.cookies[0] });
  expect(october.status).toBe(200);
  expect(october.text).not.toContain('Night seminar');
});
