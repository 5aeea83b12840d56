/**
 * Request bodies are capped per route before anything reads them (src/cli/server/body-limit.mjs).
 * Before, Astro's handler buffered up to 1 GiB: one 300 MB post to the sign-in form took the
 * server from 300 MB to 1.1 GB for good. Here 300 MB posts, declared and chunked, are
 * streamed (never held by the test) and must be answered 413 at once, in the visitor's
 * language, while the server's resident memory stays where it was; ordinary forms, the
 * verify page's larger cap and the cohort page's CSV cap still work.
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { closeDatabase, openMigrated, seedUsers } from './lib/db.ts';
import { FIXTURE_PASSWORD } from '../fixtures/accounts.ts';
import { HttpClient } from './lib/http.ts';
import { databaseFile, makeDataDir, startServer, type RunningServer } from './lib/server.ts';

let server: RunningServer;
let client: HttpClient;

beforeAll(async () => {
  const dataDir = makeDataDir('body-limits');
  const db = await openMigrated(`file:${databaseFile(dataDir)}`);
  await seedUsers(db, [{ email: 'body-limits@oqu.test', name: 'Body Limits' }]);
  closeDatabase(db);
  server = await startServer({ dataDir });
  client = new HttpClient(server.baseURL);
});

afterAll(async () => {
  client?.close();
  await server?.stop();
});

/** The server process's resident memory in MB (serve.mjs itself: the process the test started). */
function rssMb(): number {
  const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

interface Outcome {
  status: number;
  text: string;
  language: string | undefined;
  ms: number;
  sentMb: number;
}

/**
 * POSTs `bytes` of form data generated on the fly (64 KB chunks; nothing is held), with a
 * Content-Length or chunked, and resolves as soon as the answer has arrived.
 */
function streamPost(
  path: string,
  bytes: number,
  options: { chunked?: boolean; language?: string } = {},
): Promise<Outcome> {
  const url = new URL(server.baseURL);
  const chunk = Buffer.alloc(64 * 1024, 'name=aaaaaaaa&');
  let sent = 0;
  const body = new Readable({
    read() {
      if (sent >= bytes) return void this.push(null);
      const piece = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
      sent += piece.length;
      this.push(piece);
    },
  });
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    Origin: server.baseURL,
  };
  if (!options.chunked) headers['Content-Length'] = String(bytes);
  if (options.language) headers['Accept-Language'] = options.language;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method: 'POST', path, headers, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          resolve({
            status: res.statusCode!,
            text,
            language: res.headers['content-language'],
            ms: performance.now() - started,
            sentMb: sent / 1e6,
          });
          req.destroy();
          body.destroy();
        });
      },
    );
    req.on('error', (error) => reject(new Error(`${path}: ${error.message} after ${(sent / 1e6).toFixed(1)} MB`)));
    req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')));
    body.pipe(req);
  });
}

test('300 MB posts to sign-in, declared and chunked, answer 413 at once and leave memory where it was', async () => {
  const before = rssMb();
  const declared = await streamPost('/en/login', 300_000_000);
  const chunked = await streamPost('/en/login', 300_000_000, { chunked: true });
  const russian = await streamPost('/ru/login', 2_000_000);
  const kazakh = await streamPost('/verify', 300_000_000, { chunked: true, language: 'kk-KZ,kk;q=0.9,ru;q=0.8' });
  await new Promise((r) => setTimeout(r, 500));
  const after = rssMb();
  console.log(
    `[body-limits] 300 MB declared: ${declared.status} in ${declared.ms.toFixed(0)} ms ` +
      `(${declared.sentMb.toFixed(1)} MB sent by then); chunked: ${chunked.status} in ${chunked.ms.toFixed(0)} ms; ` +
      `verify chunked: ${kazakh.status} (${kazakh.language}); server RSS ${before.toFixed(0)} → ${after.toFixed(0)} MB`,
  );
  for (const outcome of [declared, chunked, russian, kazakh]) expect(outcome.status).toBe(413);
  expect(declared.ms).toBeLessThan(5000);
  expect(chunked.ms).toBeLessThan(5000);
  expect(declared.text).toMatch(/too large/);
  expect(russian.language).toBe('ru');
  expect(russian.text).toMatch(/слишком большой/);
  expect(kazakh.language).toBe('kk');
  expect(kazakh.text).toMatch(/тым үлкен/);
  expect(after - before).toBeLessThan(60);
});

test('forms within their caps still work, on a connection a 413 left usable', async () => {
  const signIn = await client.post('/en/login', { email: 'body-limits@oqu.test', password: FIXTURE_PASSWORD });
  expect(signIn.status).toBe(303);
  // Just over the form cap: refused; on the same kept-alive client, the next request is answered normally.
  const over = await client.post('/en/login', Buffer.alloc(300 * 1024, 'a'), {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  expect(over.status).toBe(413);
  const again = await client.post('/en/login', { email: 'body-limits@oqu.test', password: FIXTURE_PASSWORD });
  expect(again.status).toBe(303);
  // The verify page takes a pasted credential (1 MB cap); the cohort page a CSV (8 MB cap).
  const verify = await streamPost('/en/verify', 600 * 1024);
  expect(verify.status).not.toBe(413);
  const cohort = await streamPost('/en/trainer/cohorts/x', 3_000_000, { chunked: true });
  expect(cohort.status).not.toBe(413);
  const cohortTooBig = await streamPost('/en/trainer/cohorts/x', 9 * 1024 * 1024);
  expect(cohortTooBig.status).toBe(413);
  console.log(
    `[body-limits] sign-in 303; 300 KB form 413 then 303 on the same connection; verify 600 KB ${verify.status}; ` +
      `cohort 3 MB ${cohort.status}, 9 MB ${cohortTooBig.status}`,
  );
});
