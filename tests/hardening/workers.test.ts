/**
 * Serving from several processes (OQU_WORKERS, decision 055), against a real libSQL server
 * (sqld): both workers answer; a session made on one works on the other and signing out ends
 * it on both; the sign-in limit counts every worker's tries (per process, 12 guesses spread
 * over two would all pass); one scrape counts every worker's requests; a worker killed is
 * replaced; SIGTERM ends the workers and then the supervisor. On an embedded file it refuses.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FIXTURE_PASSWORD } from '../fixtures/accounts.ts';
import { processAlive } from '#db/process-alive.mjs';
import { freePort, logEntries, runServerToExit } from '../helpers/server.ts';
import { startSqld, type RunningSqld } from '../helpers/sqld.ts';
import { closeDatabase, openMigrated, seedUsers } from './lib/db.ts';
import { clientAddress, HttpClient, type HttpResponse } from './lib/http.ts';
import { parse, total } from './lib/metrics.ts';
import { databaseFile, makeDataDir, startServer, type RunningServer } from './lib/server.ts';
import { siteRoot } from './lib/site-build.ts';

const TOKEN = 'metrics-token-for-the-workers-test-0123456';
let sqld: RunningSqld;
let server: RunningServer;
let http: HttpClient;
let metricsPort: number;
let next = 0;
/** A request from a new client address: a new connection, which the supervisor hands to the next worker. */
const fresh = () => clientAddress(5000 + next++);

beforeAll(async () => {
  sqld = await startSqld();
  const db = await openMigrated(sqld.url);
  await seedUsers(db, [
    { email: 'walker@oqu.test', name: 'Walker', sessions: 0 },
    { email: 'guessed@oqu.test', name: 'Guessed', sessions: 0 },
  ]);
  closeDatabase(db);
  metricsPort = await freePort();
  server = await startServer({
    dataDir: makeDataDir('workers'),
    databaseUrl: sqld.url,
    env: { OQU_WORKERS: '2', OQU_METRICS_PORT: String(metricsPort), OQU_METRICS_TOKEN: TOKEN },
  });
  http = new HttpClient(server.baseURL);
});
afterAll(async () => {
  http?.close();
  await server?.stop(15_000);
  await sqld?.stop();
});

/** The pids that wrote request lines for `route`. */
function pidsServing(route: string): Set<number> {
  return new Set(logEntries(server.log()).flatMap((e) => (e.route === route && e.status ? [e.pid as number] : [])));
}

async function scrape(url = `http://127.0.0.1:${metricsPort}/metrics`, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  expect(res.status).toBe(200);
  return parse(await res.text());
}

test('more than one worker on an embedded file is refused before anything is opened', async () => {
  const dataDir = makeDataDir('workers-file');
  const run = runServerToExit({ root: siteRoot, dataDir, port: await freePort(), env: { OQU_WORKERS: '2' } });
  expect(run.code).toBe(1);
  expect(run.output).toContain('OQU_WORKERS=2 needs a libSQL server');
  expect(run.output).toContain('only one process may write');
  expect(existsSync(databaseFile(dataDir))).toBe(false);
});

test('a session made on one worker works on both; signing out ends it on both', async () => {
  const cookie = await http.signIn('walker@oqu.test', FIXTURE_PASSWORD, fresh());
  const signedIn: HttpResponse[] = [];
  for (let i = 0; i < 20; i++) signedIn.push(await http.get('/en/account', { cookie, from: fresh() }));
  expect(signedIn.map((r) => r.status)).toEqual(Array(20).fill(200));
  const workers = pidsServing('/[locale]/account');
  expect(workers.size, `pids ${[...workers].join(', ')}`).toBe(2);
  expect(workers.has(server.pid)).toBe(false);
  expect((await http.post('/en/logout', {}, { cookie, from: fresh() })).status).toBe(303);
  const after: number[] = [];
  for (let i = 0; i < 10; i++) after.push((await http.get('/en/account', { cookie, from: fresh() })).status);
  expect(after.filter((s) => s === 200)).toEqual([]);
});

test('the sign-in limit counts the tries every worker saw', async () => {
  const from = clientAddress(4000); // one guesser: new connections from one address
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++)
    statuses.push(
      (await http.request('POST', '/en/login', { body: { email: 'guessed@oqu.test', password: `guess-${i}` }, from }))
        .status,
    );
  expect(statuses).toEqual([...Array(10).fill(400), 429, 429]);
  expect(pidsServing('/[locale]/login').size).toBe(2);
});

test("one scrape counts every worker's requests, on the metrics port and with the token", async () => {
  const before = total(await scrape(), 'oqu_http_requests_total', { route: '/[locale]/account' });
  for (let i = 0; i < 16; i++) expect((await http.get('/en/account', { from: fresh() })).status).not.toBe(500);
  const counted = async () => total(await scrape(), 'oqu_http_requests_total', { route: '/[locale]/account' });
  await expect.poll(counted).toBe(before + 16);
  expect(before).toBe(30);
  const withToken = await scrape(`${server.baseURL}/metrics`, { Authorization: `Bearer ${TOKEN}` });
  expect(total(withToken, 'oqu_http_requests_total', { route: '/[locale]/account' })).toBe(before + 16);
  expect(total(withToken, 'oqu_sign_in_failures_total', { reason: 'invalid_credentials' })).toBe(10);
});

test('a worker that dies is replaced', async () => {
  const [victim] = [...pidsServing('/[locale]/account')];
  process.kill(victim!, 'SIGKILL');
  await expect.poll(() => server.log().includes('starting another'), { timeout: 20_000 }).toBe(true);
  await expect
    .poll(
      async () => {
        await http.get('/en/', { from: fresh() });
        return [...pidsServing('/[locale]')].filter((pid) => pid !== victim).length;
      },
      { timeout: 30_000, interval: 200 },
    )
    .toBe(2);
});

test('SIGTERM ends every worker, then the supervisor, with code 0', async () => {
  const workers = [...pidsServing('/[locale]')].filter(processAlive);
  expect(workers.length).toBe(2);
  await server.stop(15_000);
  expect(await server.exited).toBe(0);
  expect(server.log()).toContain('every worker has ended');
  expect(workers.filter(processAlive)).toEqual([]);
});
