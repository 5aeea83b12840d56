/**
 * Many simultaneous writes through one client (db/server-calls.ts). On a libSQL server, before
 * the cap and the retry, some of 1,200 simultaneous write batches failed with SQLITE_BUSY and the
 * server could spin without finishing; on the embedded file they queue on SQLite's busy timeout.
 * Either way every batch must land, once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const BATCHES = 1200;
const COUNTERS = 300;

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.$client.execute('CREATE TABLE burst_counts (k TEXT PRIMARY KEY, n INTEGER NOT NULL)');
});
afterAll(async () => {
  await t?.cleanup();
});

it(`${BATCHES} simultaneous write batches all land, each once`, { timeout: 120_000 }, async () => {
  const upsert = 'INSERT INTO burst_counts (k, n) VALUES (?, 1) ON CONFLICT (k) DO UPDATE SET n = n + 1';
  const results = await Promise.allSettled(
    Array.from({ length: BATCHES }, (_, i) =>
      t.db.$client.batch(
        [
          { sql: 'SELECT count(*) FROM users', args: [] },
          { sql: upsert, args: [`shared-${i % COUNTERS}`] },
          { sql: upsert, args: [`own-${i}`] },
        ],
        'write',
      ),
    ),
  );
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
  expect(failures.slice(0, 3)).toEqual([]);
  const { rows } = await t.db.$client.execute(
    "SELECT sum(n) AS total, count(*) AS keys FROM burst_counts WHERE k LIKE 'shared-%'",
  );
  expect({ total: Number(rows[0]!.total), keys: Number(rows[0]!.keys) }).toEqual({ total: BATCHES, keys: COUNTERS });
  const own = await t.db.$client.execute("SELECT count(*) AS n FROM burst_counts WHERE k LIKE 'own-%' AND n = 1");
  expect(Number(own.rows[0]!.n)).toBe(BATCHES);
});
