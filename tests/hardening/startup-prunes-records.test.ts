/**
 * Start-up removes account records that can no longer be used (`oqu prepare` runs
 * pruneAuthRecords; the server repeats it daily): an expired session, an ended rate-limit
 * window, a used reset link are gone once the server listens; a live session, the owner's
 * trusted browser and a running window are still there, and the live session still signs in.
 */
import { afterAll, expect, test } from 'vitest';
import { passwordResetTokens, rateLimits } from '#db/schema.ts';
import { closeDatabase, count, openFile, openMigrated, seedUsers, sessionAt } from './lib/db.ts';
import { databaseFile, makeDataDir, startServer, type RunningServer } from './lib/server.ts';

const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

const DAY = 24 * 60 * 60 * 1000;

test('oqu prepare removes expired sessions, links and counters, and keeps live ones', async () => {
  const dataDir = makeDataDir('startup-prune');
  const db = await openMigrated(`file:${databaseFile(dataDir)}`);
  const [user] = await seedUsers(db, [{ email: 'prune@oqu.test', name: 'Prune Test', sessions: 1 }]);
  const live = user!.cookies[0]!;
  await sessionAt(db, user!, new Date(Date.now() - 90 * DAY));
  const old = new Date(Date.now() - 2 * DAY);
  await db.insert(passwordResetTokens).values([
    { tokenHash: 'used', userId: user!.id, createdAt: old, expiresAt: new Date(Date.now() + DAY), usedAt: old },
    { tokenHash: 'live', userId: user!.id, createdAt: new Date(), expiresAt: new Date(Date.now() + DAY) },
  ]);
  await db.insert(rateLimits).values([
    { key: 'signin-pair:prune@oqu.test|203.0.113.9', windowStartedAt: old, hits: 3 },
    { key: 'signin-pair:prune@oqu.test|203.0.113.10', windowStartedAt: new Date(), hits: 3 },
    { key: 'signin-device:prune@oqu.test:abc', windowStartedAt: new Date(Date.now() - 100 * DAY), hits: 0 },
  ]);
  closeDatabase(db);

  const server = await startServer({ dataDir });
  servers.push(server);
  const account = await fetch(`${server.baseURL}/en/account`, { headers: { cookie: live }, redirect: 'manual' });
  await server.stop();

  const file = openFile(databaseFile(dataDir));
  const sessions = await count(file, 'SELECT count(*) FROM sessions');
  const tokens = (await file.execute('SELECT token_hash FROM password_reset_tokens')).rows.map((r) => String(r[0]));
  const keys = (await file.execute("SELECT key FROM rate_limits WHERE key NOT LIKE 'health:%' ORDER BY key")).rows.map(
    (r) => String(r[0]),
  );
  file.close();
  console.log(
    `[startup-prune] sessions left ${sessions}; links ${tokens.join(',')}; counters ${keys.join(',')}; live session ` +
      `${account.status}`,
  );
  expect(account.status).toBe(200);
  expect(sessions).toBe(1);
  expect(tokens).toEqual(['live']);
  expect(keys).toEqual(['signin-device:prune@oqu.test:abc', 'signin-pair:prune@oqu.test|203.0.113.10']);
});
