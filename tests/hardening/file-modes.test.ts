/**
 * The database, its -wal/-shm, its lock and backups are readable by their owner only (0600, in
 * 0700 folders), as the signing keys are. Before, all of them were 0644: anyone on the host
 * could copy every account's e-mail and password hash.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { closeDatabase, openMigrated } from './lib/db.ts';
import { databaseFile, makeDataDir, startServer, type RunningServer } from './lib/server.ts';
import { siteRoot } from './lib/site-build.ts';

const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  rmSync(join(siteRoot, 'data'), { recursive: true, force: true });
});

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

function oqu(args: string[], env: Record<string, string | undefined>): { code: number | null; output: string } {
  const result = spawnSync(process.execPath, ['src/cli/oqu.ts', ...args], {
    cwd: siteRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

test('a new database, its -wal, -shm and lock are 0600; older 0644 files are tightened at start', async () => {
  const fresh = makeDataDir('modes-fresh');
  const server = await startServer({ dataDir: fresh });
  servers.push(server);
  await fetch(`${server.baseURL}/healthz`); // a write: the -wal exists
  const db = databaseFile(fresh);
  const freshModes = [db, `${db}-wal`, `${db}-shm`, `${db}.lock`].map(mode);
  await server.stop();

  const older = makeDataDir('modes-older');
  const old = databaseFile(older);
  closeDatabase(await openMigrated(`file:${old}`));
  for (const file of [old, `${old}-wal`, `${old}-shm`]) if (existsSync(file)) chmodSync(file, 0o644);
  const before = mode(old);
  const restarted = await startServer({ dataDir: older });
  servers.push(restarted);
  await fetch(`${restarted.baseURL}/healthz`);
  const olderModes = [old, `${old}-wal`, `${old}-shm`].map(mode);
  console.log(
    `[file-modes] new database, -wal, -shm, lock: ${freshModes.join(' ')}; an older 0${before} database after start: ` +
      `${olderModes.join(' ')}`,
  );
  expect(freshModes).toEqual(['600', '600', '600', '600']);
  expect(before).toBe('644');
  expect(olderModes).toEqual(['600', '600', '600']);
});

test('backups are 0600 in a 0700 folder, and the default data/ folder is made 0700', async () => {
  const dataDir = makeDataDir('modes-backup');
  const url = `file:${databaseFile(dataDir)}`;
  closeDatabase(await openMigrated(url));
  const named = join(dataDir, 'nightly', 'copy.db');
  const explicit = oqu(['backup', named], { DATABASE_URL: url });
  expect(explicit.code, explicit.output).toBe(0);

  // The defaults: data/ (made 0755 here, as an older version or a plain mkdir would have) and data/backups/.
  rmSync(join(siteRoot, 'data'), { recursive: true, force: true });
  mkdirSync(join(siteRoot, 'data'), { mode: 0o755 });
  chmodSync(join(siteRoot, 'data'), 0o755);
  const byDefault = oqu(['backup'], { DATABASE_URL: url });
  expect(byDefault.code, byDefault.output).toBe(0);
  const backups = join(siteRoot, 'data', 'backups');
  const copy = join(backups, readdirSync(backups)[0]!);
  const migrate = oqu(['migrate'], { DATABASE_URL: '', OQU_KEYS_DIR: join(dataDir, 'keys') });
  expect(migrate.code, migrate.output).toBe(0);
  const figures = {
    named: mode(named),
    namedFolder: mode(join(dataDir, 'nightly')),
    copy: mode(copy),
    backups: mode(backups),
    data: mode(join(siteRoot, 'data')),
    database: mode(join(siteRoot, 'data', 'oqu.db')),
  };
  console.log(`[file-modes] ${JSON.stringify(figures)}`);
  expect(figures).toEqual({
    named: '600',
    namedFolder: '700',
    copy: '600',
    backups: '700',
    data: '700',
    database: '600',
  });
});
