/**
 * The private calendar feed through the real server: the "Make my calendar address" button on
 * the sessions page is a plain form (no script) that answers with the new address; that address
 * serves the person's sessions as iCalendar (read back with ical.js), only those they signed up
 * for; pressing the button again makes a new address and the old one is not found, as is a
 * made-up one. Calendar apps send no cookie: the feed is fetched without one.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createEvents } from '#lib/events/events.server.ts';
import { parseEventForm } from '#lib/events/event-input.ts';
import { signUp } from '#lib/events/signups.server.ts';
import { closeDatabase, openMigrated, seedUsers, type SeedUser } from './lib/db.ts';
import { HttpClient } from './lib/http.ts';
import { databaseFile, makeDataDir, startServer, type RunningServer } from './lib/server.ts';

let server: RunningServer;
let http: HttpClient;
let learner: SeedUser;

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
function forEveryone(title: string, date: string) {
  const parsed = parseEventForm({
    kind: 'seminar',
    title_en: title,
    place: 'Abay Ave 10, Almaty',
    date,
    startTime: '10:00',
    endTime: '12:00',
    capacity: '10',
    audience: 'everyone',
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
  return parsed.input;
}

beforeAll(async () => {
  const dataDir = makeDataDir('event-calendar-feed');
  const db = await openMigrated(`file:${databaseFile(dataDir)}`);
  const [admin, person] = await seedUsers(db, [
    { email: 'admin@oqu.test', name: 'Admin', role: 'admin' },
    { email: 'feed@oqu.test', name: 'Feed Person' },
  ]);
  learner = person!;
  const [mine] = await createEvents(db, admin!.id, forEveryone('Street audit seminar', inDays(2)));
  await createEvents(db, admin!.id, forEveryone('Budget forum', inDays(3)));
  expect((await signUp(db, mine!.id, learner.id)).ok).toBe(true);
  closeDatabase(db);
  server = await startServer({ dataDir });
  http = new HttpClient(server.baseURL);
});
afterAll(async () => {
  http?.close();
  await server?.stop();
});

/** Presses the button as a browser without script would, and reads the address off the answer. */
async function makeAddress(): Promise<string> {
  const res = await http.post('/en/events', { intent: 'feed' }, { cookie: learner.cookies[0] });
  expect(res.status).toBe(200);
  expect(res.text).toContain('Your calendar address, shown only now');
  const match = /<code>[^<]*?(\/calendar\/[A-Za-z0-9_-]+\.ics)<\/code>/.exec(res.text);
  expect(match, 'the new address is shown').not.toBeNull();
  return match![1]!;
}

function summaries(ics: string): string[] {
  const calendar = new ICAL.Component(ICAL.parse(ics) as unknown[]);
  return calendar.getAllSubcomponents('vevent').map((e) => String(e.getFirstPropertyValue('summary')));
}

test('the button makes an address whose feed lists the sessions signed up for; a new one ends the old', async () => {
  const before = await http.get('/en/events', { cookie: learner.cookies[0] });
  expect(before.text).toMatch(/<form method="post"[^>]*#feed"[\s\S]*?Make my calendar address/);

  const first = await makeAddress();
  const feed = await http.get(first);
  expect(feed.status).toBe(200);
  expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
  expect(feed.headers['cache-control']).toContain('no-store');
  expect(summaries(feed.text)).toEqual(['Street audit seminar']);

  const after = await http.get('/en/events', { cookie: learner.cookies[0] });
  expect(after.text).toContain('Make a new address (the old one stops working)');
  expect(after.text).not.toContain(first);

  const second = await makeAddress();
  expect(second).not.toBe(first);
  expect((await http.get(first)).status).toBe(404);
  expect(summaries((await http.get(second)).text)).toEqual(['Street audit seminar']);
});

test('a made-up or malformed address is not found', async () => {
  expect((await http.get(`/calendar/${'A'.repeat(43)}.ics`)).status).toBe(404);
  expect((await http.get('/calendar/not-a-token.ics')).status).toBe(404);
});
