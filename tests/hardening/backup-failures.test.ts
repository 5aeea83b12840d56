/**
 * A backup is found under its name only whole and checked (db/backup.ts). Before, a killed or
 * disk-full `oqu backup` left a broken file under a normal backup name, which an operator
 * restoring in a hurry would trust. Here a backup of a 120 MB database is killed with SIGKILL
 * half-way, and another runs out of space (a 30 MB tmpfs; a 30 MB file-size limit where
 * mounting is not allowed): neither leaves a file under the backup's name, the full disk
 * leaves nothing at all, and the next backup into the folder clears what the killed one left.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { closeDatabase, integrityCheck, openFile, openMigrated } from './lib/db.ts';
import { databaseFile, makeDataDir } from './lib/server.ts';
import { siteRoot } from './lib/site-build.ts';

let dataDir: string;
const mounts: string[] = [];

beforeAll(async () => {
  dataDir = makeDataDir('backup-failures');
  const db = await openMigrated(`file:${databaseFile(dataDir)}`);
  await db.$client.execute('CREATE TABLE filler (data BLOB)');
  await db.$client.execute(
    'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000) INSERT INTO filler SELECT ' +
      'randomblob(4000) FROM n',
  );
  closeDatabase(db);
});

afterAll(() => {
  for (const mount of mounts) spawnSync('umount', [mount]);
});

function backup(target: string, limitFileKb?: number) {
  const env = { ...process.env, DATABASE_URL: `file:${databaseFile(dataDir)}` };
  const args = ['src/cli/oqu.ts', 'backup', target];
  // A file-size limit makes writes fail as on a full disk (EFBIG instead of ENOSPC); the signal it would raise is
  // ignored.
  return limitFileKb === undefined
    ? spawn(process.execPath, args, { cwd: siteRoot, env })
    : spawn('bash', ['-c', `trap "" XFSZ; ulimit -f ${limitFileKb}; exec "$0" "$@"`, process.execPath, ...args], {
        cwd: siteRoot,
        env,
      });
}

function finished(child: ReturnType<typeof spawn>): Promise<{ code: number | null; output: string }> {
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

test('a backup killed half-way leaves no file under its name; the next one clears the remains', async () => {
  const folder = join(dataDir, 'backups');
  const target = join(folder, 'nightly.db');
  const child = backup(target);
  const done = finished(child);
  let partialMb = 0;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && child.exitCode === null) {
    const partial = existsSync(folder) ? readdirSync(folder).find((name) => name !== 'nightly.db') : undefined;
    const size = partial
      ? (statSync(join(folder, partial), { throwIfNoEntry: false })?.size ?? 0)
      : existsSync(target)
        ? statSync(target).size
        : 0;
    if (size > 10_000_000) {
      partialMb = size / 1e6;
      child.kill('SIGKILL');
      break;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  await done;
  const left = readdirSync(folder);
  const again = await finished(backup(target));
  const afterwards = readdirSync(folder);
  const copy = openFile(target);
  const integrity = await integrityCheck(copy);
  copy.close();
  console.log(
    `[backup-failures] killed at ${partialMb.toFixed(0)} MB written; left: ${JSON.stringify(left)}; next backup exit ` +
      `${again.code}, folder then ${JSON.stringify(afterwards)}, integrity ${integrity}`,
  );
  expect(partialMb).toBeGreaterThan(10);
  expect(left).not.toContain('nightly.db');
  expect(again.code, again.output).toBe(0);
  expect(afterwards).toEqual(['nightly.db']);
  expect(integrity).toBe('ok');
});

test('a backup that runs out of space fails, says so, and leaves nothing behind', async () => {
  const small = join(dataDir, 'small-disk');
  mkdirSync(small);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=30m,mode=0700', 'tmpfs', small]).status === 0;
  if (mounted) mounts.push(small);
  const target = join(small, 'full.db');
  const result = await finished(backup(target, mounted ? undefined : 30 * 1024));
  const left = readdirSync(small);
  console.log(
    `[backup-failures] ${mounted ? '30 MB tmpfs' : '30 MB file-size limit'}: exit ${result.code}; ` +
      `"${result.output.trim().split('\n')[0]}"; left: ${JSON.stringify(left)}`,
  );
  expect(result.code).toBe(1);
  expect(result.output).toMatch(/Backup failed, nothing was written/);
  expect(result.output).not.toMatch(/^\s+at /m);
  expect(left).toEqual([]);
});
