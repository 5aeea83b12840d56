/**
 * Publishing is "build, then restart" with no broken page at any moment (src/cli/build-site.ts).
 * Before, `npm run build` rewrote dist/ under the running server: lessons answered 404 during
 * the build and signed-in pages 500 afterwards (their code chunks had new names) until a
 * restart. Here a lesson page and a signed-in page are polled through a whole `npm run build`
 * in the suite's copy and for a while after; then the server is restarted and serves the new
 * build, and the old one is kept while a server could still use it.
 */
import { spawn } from 'node:child_process';
import { readlinkSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { closeDatabase, openMigrated, seedUsers } from './lib/db.ts';
import { formatHistogram, HttpClient, statusHistogram } from './lib/http.ts';
import { databaseFile, makeDataDir, startServer, type RunningServer } from './lib/server.ts';
import { siteRoot } from './lib/site-build.ts';

const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

function build(): Promise<{ code: number | null; output: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', 'build'], {
      cwd: siteRoot,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output, ms: Date.now() - started }));
  });
}

test('a rebuild while the server runs breaks no lesson and no signed-in page, during or after', async () => {
  const dataDir = makeDataDir('rebuild');
  const db = await openMigrated(`file:${databaseFile(dataDir)}`);
  const [trainee] = await seedUsers(db, [{ email: 'rebuild@oqu.test', name: 'Rebuild Trainee' }]);
  closeDatabase(db);
  const buildBefore = realpathSync(join(siteRoot, 'dist'));
  const server = await startServer({ dataDir });
  servers.push(server);
  const http = new HttpClient(server.baseURL, { maxSockets: 4 });
  const lesson = '/en/courses/urbanism/building-norms/';
  const signedIn = '/en/account';
  const statuses: number[] = [];
  const bad: string[] = [];
  let polling = true;
  const poll = async () => {
    while (polling) {
      for (const path of [lesson, signedIn]) {
        const res = await http.get(path, { cookie: path === signedIn ? trainee!.cookies[0] : undefined });
        statuses.push(res.status);
        if (res.status !== 200 && bad.length < 10) bad.push(`${path} ${res.status}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const polls = Promise.all([poll(), poll()]);
  const rebuilt = await build();
  const during = statuses.length;
  await new Promise((r) => setTimeout(r, 3000));
  polling = false;
  await polls;
  http.close();
  const buildAfter = realpathSync(join(siteRoot, 'dist'));
  await server.stop();

  const restarted = await startServer({ dataDir });
  servers.push(restarted);
  const check = new HttpClient(restarted.baseURL);
  const lessonAfter = await check.get(lesson);
  const accountAfter = await check.get(signedIn, { cookie: trainee!.cookies[0] });
  check.close();
  console.log(
    `[rebuild] npm run build took ${(rebuilt.ms / 1000).toFixed(1)} s (exit ${rebuilt.code}); ${during} requests ` +
      `during it, ${statuses.length - during} after (${formatHistogram(statusHistogram(statuses))}); ` +
      `dist: ${readlinkSync(join(siteRoot, 'dist'))}; restarted server: lesson ${lessonAfter.status}, account ` +
      `${accountAfter.status}`,
  );
  expect(rebuilt.code, rebuilt.output.slice(-3000)).toBe(0);
  expect(during).toBeGreaterThan(10);
  expect(bad).toEqual([]);
  expect(buildAfter).not.toBe(buildBefore);
  expect(restarted.log()).toContain(buildAfter);
  expect(lessonAfter.status).toBe(200);
  expect(accountAfter.status).toBe(200);
  expect(accountAfter.text).toContain('Rebuild Trainee');
});
