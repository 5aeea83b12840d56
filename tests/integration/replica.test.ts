/**
 * Reading from an embedded replica of a real libSQL server (sqld), decision 056: after its first
 * sync the replica answers with the server's rows; a write through it goes to the server and is
 * read back at once (a session, a rate-limit hit); another client's write reaches it within the
 * sync interval (and not before); its files are readable by their owner only.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { closeDatabase, createDatabase, type Database } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { users } from '#db/schema.ts';
import { createSession, generateSessionToken, validateSessionToken } from '#lib/auth/session.server.ts';
import { createUser } from '#lib/auth/user.server.ts';
import { consumeRateLimits } from '#lib/rate-limits/rate-limit.server.ts';
import { RATE_LIMITS } from '#lib/rate-limits/rate-limit.ts';
import { startSqld, type RunningSqld } from '../helpers/sqld.ts';

const INTERVAL_S = 0.5;
let sqld: RunningSqld;
let server: Database;
let replica: Database;
let hourly: Database;
let folder: string;

const newUser = (db: Database, email: string) =>
  createUser(db, {
    email,
    name: email,
    password: 'correct horse battery',
    locale: 'en',
    region: null,
    organisation: null,
  });

beforeAll(async () => {
  sqld = await startSqld();
  server = await createDatabase({ url: sqld.url });
  await migrateDatabase(server);
  await newUser(server, 'before@oqu.test');
  folder = mkdtempSync(join(tmpdir(), 'oqu-replica-'));
  replica = await createDatabase({
    url: sqld.url,
    replica: { path: join(folder, 'replica.db'), syncIntervalSeconds: INTERVAL_S },
  });
  hourly = await createDatabase({
    url: sqld.url,
    replica: { path: join(folder, 'hourly.db'), syncIntervalSeconds: 3600 },
  });
}, 60_000);

afterAll(async () => {
  if (replica) closeDatabase(replica);
  if (hourly) closeDatabase(hourly);
  if (server) closeDatabase(server);
  await sqld?.stop();
  rmSync(folder, { recursive: true, force: true });
});

test("after the first sync the replica reads the server's rows", async () => {
  const rows = await replica.select({ email: users.email }).from(users);
  expect(rows.map((r) => r.email)).toEqual(['before@oqu.test']);
});

test('a write through the replica reaches the server and is read back by the replica at once', async () => {
  const user = await newUser(replica, 'writer@oqu.test');
  expect(user).not.toBeNull();
  const token = generateSessionToken();
  await createSession(replica, token, user!);
  expect((await validateSessionToken(replica, token))?.user.email).toBe('writer@oqu.test');
  expect((await validateSessionToken(server, token))?.user.email).toBe('writer@oqu.test');
  // A conflicting write is decided by the server: the e-mail is taken.
  expect(await newUser(replica, 'writer@oqu.test')).toBeNull();
});

test('rate-limit hits are counted by the server, whichever client makes them', async () => {
  const rule = RATE_LIMITS.resetEmail; // 3 an hour
  const hit = async (db: Database) => (await consumeRateLimits(db, [[rule, 'counted@oqu.test']])).allowed;
  expect([await hit(replica), await hit(server), await hit(replica), await hit(replica)]).toEqual([
    true,
    true,
    true,
    false,
  ]);
});

test("another client's write reaches a replica at its next sync, not before", async () => {
  const token = generateSessionToken();
  const user = await newUser(server, 'elsewhere@oqu.test');
  const started = performance.now();
  await createSession(server, token, user!);
  // A replica that syncs hourly sees it only when it syncs.
  expect(await validateSessionToken(hourly, token)).toBeNull();
  await hourly.$client.sync();
  expect((await validateSessionToken(hourly, token))?.user.email).toBe('elsewhere@oqu.test');
  // The one that syncs every INTERVAL_S, on its own (a loaded machine syncs late: allow a margin).
  while ((await validateSessionToken(replica, token)) === null) {
    expect(performance.now() - started).toBeLessThan(10_000);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
});

test('the replica and the files libSQL keeps beside it are readable by their owner only', () => {
  const files = readdirSync(folder);
  expect(files).toContain('replica.db');
  expect(files).toContain('replica.db-client_wal_index');
  for (const name of files)
    expect([name, (statSync(join(folder, name)).mode & 0o777).toString(8)]).toEqual([name, '600']);
});
