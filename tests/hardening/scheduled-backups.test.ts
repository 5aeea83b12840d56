/**
 * Scheduled backups and the restore drill (decision 051, docs/operations.md): a server with a
 * two-second interval and two to keep writes checked archives while it serves, prunes the older
 * ones, and the newest, restored onto a fresh copy with `oqu restore`, starts and lets its
 * trainee sign in.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { closeDatabase, count, openFile, openMigrated, seedUsers } from './lib/db.ts';
import { HttpClient } from './lib/http.ts';
import { databaseFile, makeDataDir, startServer, type RunningServer } from './lib/server.ts';
import { siteRoot } from './lib/site-build.ts';
import { FIXTURE_PASSWORD } from '../fixtures/accounts.ts';
import { logMessages } from '../helpers/server.ts';

const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.kill();
});

const written = (s: RunningServer) =>
  logMessages(s.log())
    .split('\n')
    .filter((line) => line.startsWith('Scheduled backup written and checked'));

test('backups are written every interval, checked, pruned to the newest two, and one restores', async () => {
  const liveDir = makeDataDir('scheduled-backups');
  const db = await openMigrated(`file:${databaseFile(liveDir)}`);
  await seedUsers(db, [{ email: 'drill@oqu.test', name: 'Restore Drill' }]);
  closeDatabase(db);
  const folder = join(liveDir, 'backups');
  const live = await startServer({
    dataDir: liveDir,
    env: { OQU_BACKUP_INTERVAL: '2s', OQU_BACKUP_KEEP: '2', OQU_BACKUP_DIR: folder },
  });
  servers.push(live);
  await expect.poll(() => written(live).length, { timeout: 180_000, interval: 250 }).toBeGreaterThanOrEqual(3);
  // The site kept answering while the archives were made.
  expect((await fetch(`${live.baseURL}/healthz`)).status).toBe(200);
  await live.stop();

  const archives = readdirSync(folder).filter((name) => name.endsWith('.scheduled.tar.gz'));
  console.log(`[scheduled-backups] ${written(live).length} written; kept ${archives.join(', ')}`);
  expect(archives).toHaveLength(2);
  expect(readdirSync(folder).filter((name) => name.startsWith('.'))).toEqual([]);
  for (const name of archives) expect(statSync(join(folder, name)).mode & 0o777).toBe(0o600);
  const newest = join(folder, archives.sort().at(-1)!);

  const fresh = makeDataDir('scheduled-restored');
  const restore = spawnSync(process.execPath, ['src/cli/oqu.ts', 'restore', newest], {
    cwd: siteRoot,
    env: { ...process.env, DATABASE_URL: `file:${databaseFile(fresh)}`, OQU_KEYS_DIR: join(fresh, 'keys') },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(`${restore.stdout}${restore.stderr}`).toMatch(/^Restored /);
  expect(restore.status).toBe(0);
  const restored = openFile(databaseFile(fresh));
  expect(await count(restored, "SELECT count(*) AS n FROM users WHERE email = 'drill@oqu.test'")).toBe(1);
  restored.close();

  const copy = await startServer({ dataDir: fresh });
  servers.push(copy);
  const http = new HttpClient(copy.baseURL);
  try {
    expect(await http.signIn('drill@oqu.test', FIXTURE_PASSWORD)).toMatch(/^oqu_session=/);
  } finally {
    http.close();
  }
});
