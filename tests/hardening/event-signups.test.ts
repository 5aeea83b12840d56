/**
 * Sign-ups under load, through the real server and its database file: 200 people press "Sign up"
 * for a session of 50 places at the same moment. Exactly 50 are signed up and 150 wait, no one
 * twice, nothing answers 5xx or shows SQLITE_BUSY; then 10 of those signed up cancel at once and
 * the first 10 of the waiting list, in the order they signed up, take their places.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createEvents } from '#lib/events/events.server.ts';
import { parseEventForm } from '#lib/events/event-input.ts';
import { closeDatabase, count, integrityCheck, openFile, openMigrated, seedUsers, type SeedUser } from './lib/db.ts';
import { formatHistogram, HttpClient, statusHistogram, summarize } from './lib/http.ts';
import { databaseFile, makeDataDir, startServer, troubleInLog, type RunningServer } from './lib/server.ts';

const PEOPLE = 200;
const CAPACITY = 50;
const CANCELLING = 10;

let dataDir: string;
let server: RunningServer;
let http: HttpClient;
let people: SeedUser[];
let eventId: string;

beforeAll(async () => {
  dataDir = makeDataDir('event-signups');
  const db = await openMigrated(`file:${databaseFile(dataDir)}`);
  people = await seedUsers(
    db,
    Array.from({ length: PEOPLE }, (_, i) => ({ email: `person-${i}@oqu.test`, name: `Person ${i}` })),
  );
  const [admin] = await seedUsers(db, [{ email: 'admin@oqu.test', name: 'Admin', role: 'admin' }]);
  const parsed = parseEventForm({
    kind: 'dialogue_forum',
    title_ru: 'Диалоговый форум',
    place: 'Алматы, ул. Абая, 10',
    date: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10),
    startTime: '15:00',
    endTime: '17:00',
    capacity: String(CAPACITY),
    audience: 'everyone',
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.fields));
  eventId = (await createEvents(db, admin!.id, parsed.input))[0]!.id;
  closeDatabase(db);
  server = await startServer({ dataDir });
  http = new HttpClient(server.baseURL, { maxSockets: Infinity });
});

afterAll(async () => {
  http?.close();
  await server?.stop();
});

const press = (p: SeedUser, intent: 'signup' | 'cancel') =>
  http.post(`/en/events/${eventId}`, { intent }, { cookie: p.cookies[0] }).then(
    (res) => ({ p, status: res.status, ms: res.ms }),
    (error: unknown) => ({ p, status: 0, ms: 0, error: String(error) }),
  );

test('200 sign-ups at once for 50 places: 50 signed up, 150 waiting; cancellations promote in order', async () => {
  const started = performance.now();
  const signups = await Promise.all(people.map((p) => press(p, 'signup')));
  const wall = performance.now() - started;
  const statuses = signups.map((r) => r.status);
  console.log(
    `[event-signups] ${PEOPLE} concurrent sign-ups in ${Math.round(wall)} ms; statuses ` +
      `${formatHistogram(statusHistogram(statuses))}; latency ${summarize(signups.map((r) => r.ms))}`,
  );
  expect(
    statuses.every((s) => s === 200),
    formatHistogram(statusHistogram(statuses)),
  ).toBe(true);

  const client = () => openFile(databaseFile(dataDir));
  const read = async () => {
    const c = client();
    const rows = (
      await c.execute({
        sql: 'SELECT user_id, status, position FROM event_signups WHERE event_id = ? ORDER BY position',
        args: [eventId],
      })
    ).rows.map((r) => ({ userId: String(r[0]), status: String(r[1]), position: Number(r[2]) }));
    c.close();
    return rows;
  };
  const before = await read();
  expect(before.filter((r) => r.status === 'signed_up')).toHaveLength(CAPACITY);
  expect(before.filter((r) => r.status === 'waiting')).toHaveLength(PEOPLE - CAPACITY);
  expect(new Set(before.map((r) => r.userId)).size).toBe(PEOPLE);
  expect(new Set(before.map((r) => r.position)).size).toBe(PEOPLE);
  // The first 50 in sign-up order hold the places.
  expect(before.slice(0, CAPACITY).every((r) => r.status === 'signed_up')).toBe(true);

  const leaving = before.filter((r) => r.status === 'signed_up').slice(0, CANCELLING);
  const firstInLine = before.filter((r) => r.status === 'waiting').slice(0, CANCELLING);
  const byId = new Map(people.map((p) => [p.id, p]));
  const cancels = await Promise.all(leaving.map((r) => press(byId.get(r.userId)!, 'cancel')));
  expect(cancels.every((r) => r.status === 200)).toBe(true);

  const trouble = troubleInLog(server.log());
  await server.stop();
  const after = await read();
  expect(after.filter((r) => r.status === 'signed_up')).toHaveLength(CAPACITY);
  expect(after.filter((r) => r.status === 'cancelled').map((r) => r.userId)).toEqual(leaving.map((r) => r.userId));
  const promoted = new Set(firstInLine.map((r) => r.userId));
  expect(after.filter((r) => promoted.has(r.userId)).every((r) => r.status === 'signed_up')).toBe(true);
  expect(after.filter((r) => r.status === 'waiting')).toHaveLength(PEOPLE - CAPACITY - CANCELLING);
  const c = client();
  expect(await count(c, 'SELECT count(*) FROM event_signups')).toBe(PEOPLE);
  expect(await integrityCheck(c)).toBe('ok');
  c.close();
  expect(trouble).toEqual([]);
});
