/**
 * /healthz answers for the database, not only for the process (src/lib/site/health.server.ts).
 * Before, it said "ok" while every write failed. Here another process holds the database's
 * write lock (as a forgotten `sqlite3` shell in a transaction would): every write of the
 * server fails, and /healthz must answer 503 naming the database, without internals; once
 * the lock is gone it answers 200 again.
 */
import { createClient } from '@libsql/client';
import { afterAll, expect, test } from 'vitest';
import { databaseFile, makeDataDir, startServer, type RunningServer } from './lib/server.ts';

let server: RunningServer | undefined;
afterAll(async () => {
  await server?.stop();
});

async function health(): Promise<{ status: number; body: string }> {
  const res = await fetch(`${server!.baseURL}/healthz`);
  return { status: res.status, body: await res.text() };
}

test('/healthz answers 503 naming the database while writes fail, and 200 when they work again', async () => {
  const dataDir = makeDataDir('health-check');
  server = await startServer({ dataDir });
  const before = await health();

  const other = createClient({ url: `file:${databaseFile(dataDir)}` });
  const tx = await other.transaction('write'); // BEGIN IMMEDIATE: holds the write lock
  await tx.execute("UPDATE rate_limits SET hits = hits WHERE key = 'none'");
  await new Promise((r) => setTimeout(r, 1100)); // past the check's one-second reuse
  const started = performance.now();
  const during = await health();
  const ms = performance.now() - started;
  await tx.rollback();
  other.close();
  await new Promise((r) => setTimeout(r, 1100));
  const after = await health();
  console.log(
    `[health-check] before ${before.status} ${before.body}; writes blocked: ${during.status} ${during.body} in ` +
      `${ms.toFixed(0)} ms; after ${after.status}`,
  );

  expect(before.status).toBe(200);
  expect(JSON.parse(before.body)).toEqual({ status: 'ok', checks: { database: 'ok' } });
  expect(during.status).toBe(503);
  expect(JSON.parse(during.body)).toEqual({ status: 'failing', checks: { database: 'write failed' } });
  expect(during.body).not.toMatch(/SQLITE|at |\/src\//);
  expect(after.status).toBe(200);
  expect(server.log()).toMatch(/Health check: database write failed \(SQLITE_BUSY/);
});
