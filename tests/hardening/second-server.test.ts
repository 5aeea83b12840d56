/**
 * One process writes a database file (src/cli/server/db-lock.mjs). Before, nothing stopped a
 * second server on the same file, which the libSQL build's SQLite can corrupt (db/client.ts).
 * A second server, `oqu migrate` and `oqu create-admin` are refused while a server runs, with
 * a message naming it; `oqu backup` still works (it only reads); a server killed with SIGKILL
 * leaves a stale lock that the next start takes over; a stopped server leaves none.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { databaseFile, makeDataDir, startServer, type RunningServer } from './lib/server.ts';
import { siteRoot } from './lib/site-build.ts';
import { freePort, runServerToExit } from '../helpers/server.ts';

const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

function oqu(
  dataDir: string,
  args: string[],
  env: Record<string, string> = {},
): { code: number | null; output: string } {
  const result = spawnSync(process.execPath, ['src/cli/oqu.ts', ...args], {
    cwd: siteRoot,
    env: { ...process.env, DATABASE_URL: `file:${databaseFile(dataDir)}`, OQU_KEYS_DIR: join(dataDir, 'keys'), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Runs serve.mjs as a second server would be started, and waits for it to end. */
function secondServer(dataDir: string, port: number): { code: number | null; output: string } {
  return runServerToExit({ root: siteRoot, dataDir, port });
}

test('a second server, migrate and create-admin are refused while a server holds the file; backup works', async () => {
  const dataDir = makeDataDir('second-server');
  const first = await startServer({ dataDir });
  servers.push(first);
  const lockFile = `${databaseFile(dataDir)}.lock`;
  const holder = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number; command: string };

  const second = secondServer(dataDir, await freePort());
  const migrate = oqu(dataDir, ['migrate']);
  const admin = oqu(dataDir, ['create-admin', '--email', 'late@oqu.test', '--name', 'Late Admin'], {
    OQU_ADMIN_PASSWORD: 'amber-steppe-lantern-4',
  });
  const backup = oqu(dataDir, ['backup', join(dataDir, 'live-copy.db')]);
  const stillServing = await fetch(`${first.baseURL}/healthz`);
  console.log(
    `[second-server] holder pid ${holder.pid} (${holder.command}); second server exit ${second.code}, migrate ` +
      `${migrate.code}, create-admin ${admin.code}, backup ${backup.code}; first still answers ${stillServing.status}`,
  );

  expect(holder.pid).toBe(first.child.pid);
  expect(second.code).toBe(1);
  expect(second.output).toContain(`pid ${first.child.pid} (oqu serve)`);
  expect(second.output).toContain(databaseFile(dataDir));
  expect(second.output).not.toMatch(/^\s+at /m);
  expect(migrate.code).toBe(1);
  expect(migrate.output).toContain(`pid ${first.child.pid}`);
  expect(admin.code).toBe(1);
  expect(admin.output).toContain(`pid ${first.child.pid}`);
  expect(backup.code, backup.output).toBe(0);
  expect(existsSync(join(dataDir, 'live-copy.db'))).toBe(true);
  expect(stillServing.status).toBe(200);

  await first.stop();
  expect(existsSync(lockFile)).toBe(false);
  const afterStop = oqu(dataDir, ['migrate']);
  expect(afterStop.code, afterStop.output).toBe(0);
});

test('a server killed with SIGKILL leaves a stale lock that the next start takes over', async () => {
  const dataDir = makeDataDir('second-server-stale');
  const killed = await startServer({ dataDir });
  await killed.kill();
  const lockFile = `${databaseFile(dataDir)}.lock`;
  const stale = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number };
  const next = await startServer({ dataDir });
  servers.push(next);
  const now = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number };
  console.log(`[second-server] stale lock of pid ${stale.pid} taken over by pid ${now.pid}`);
  expect(stale.pid).toBe(killed.child.pid);
  expect(now.pid).toBe(next.child.pid);
  expect((await fetch(`${next.baseURL}/healthz`)).status).toBe(200);
});
