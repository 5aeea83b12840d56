/**
 * 1. Concurrency: 1,000 quiz submissions from 200 trainees at once, a fifth of them sent
 * twice with the same idempotency key, against the real server and its database file. Every
 * attempt must be stored exactly once, nothing may answer 5xx or show SQLITE_BUSY, and the 40
 * trainees whose passing submissions complete the course get exactly one certificate each.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { readQuizFiles } from '../helpers/course-files.ts';
import { integrityCheck, openFile, type SeedUser } from './lib/db.ts';
import { attemptIdOf, formatHistogram, HttpClient, statusHistogram, summarize, type HttpResponse } from './lib/http.ts';
import { leakIn } from './lib/checks.ts';
import {
  burstCourse as course,
  burstRequests,
  expectBurstStored,
  planSubmissions,
  postSubmission,
  prepareCompleters,
  readStored,
  seedBurst,
  submissionKey,
  type Submission,
} from './lib/quiz-burst.ts';
import { databaseFile, makeDataDir, startServer, troubleInLog, type RunningServer } from './lib/server.ts';

const TRAINEES = 200;
const PER_TRAINEE = 5;
const CERTIFIED = 40; // trainees whose burst completes the course

let dataDir: string;
let server: RunningServer;
let http: HttpClient;
let trainees: SeedUser[];

beforeAll(async () => {
  // The suite's copy drops the urbanism quizzes' attempt limit (global-setup.ts).
  const served = readQuizFiles(join(inject('siteRoot'), 'courses'), course.slug);
  for (const q of Object.values(served))
    expect(q.maxAttempts, 'the volume part needs quizzes without an attempt limit').toBeUndefined();
  dataDir = makeDataDir('concurrency');
  trainees = await seedBurst(`file:${databaseFile(dataDir)}`, TRAINEES, CERTIFIED);
  server = await startServer({ dataDir });
  http = new HttpClient(server.baseURL, { maxSockets: Infinity });
});

afterAll(async () => {
  http?.close();
  await server?.stop();
});

test('1,000 concurrent submissions (200 retried, same key): stored once, no 5xx, one certificate each', async () => {
  // The 40 completers: every lesson done and quiz A passed over HTTP first, so that their
  // concurrent passing submissions of quiz B are what completes the course.
  const certified = trainees.slice(0, CERTIFIED);
  await prepareCompleters(http, certified);
  const submissions = planSubmissions(trainees, PER_TRAINEE, CERTIFIED);
  const requests = burstRequests(submissions);

  const started = performance.now();
  const results = await Promise.all(requests.map((s) => postSubmission(http, s)));
  const wall = performance.now() - started;
  const responses = results.filter((r): r is { s: Submission; res: HttpResponse } => 'res' in r && r.res !== undefined);
  const statuses = responses.map((r) => r.res.status);
  const errors = results.filter((r) => 'error' in r).map((r) => (r as { error: string }).error);
  const leaks = responses.map((r) => leakIn(r.res)).filter(Boolean);
  const trouble = troubleInLog(server.log());
  await server.stop();

  // What the database holds, read after the server stopped.
  const client = openFile(databaseFile(dataDir));
  const stored = await readStored(client);
  const integrity = await integrityCheck(client);
  client.close();

  const byKey = new Map<string, string[]>();
  for (const r of responses)
    byKey.set(submissionKey(r.s), [...(byKey.get(submissionKey(r.s)) ?? []), attemptIdOf(r.res) ?? '?']);
  const retriesAgreeing = submissions.filter(
    (s) => s.retried && new Set(byKey.get(submissionKey(s))).size === 1,
  ).length;
  const storedAsAnswered = submissions.filter(
    (s) => byKey.get(submissionKey(s))?.[0] === stored.attempts.get(submissionKey(s)),
  ).length;

  console.log(
    `[concurrency] ${requests.length} requests (${submissions.length} submissions + ` +
      `${requests.length - submissions.length} retries) from ${TRAINEES} trainees in ${(wall / 1000).toFixed(1)} s; ` +
      `statuses ${formatHistogram(statusHistogram(statuses))}; client errors ${errors.length}; latency ` +
      `${summarize(responses.map((r) => r.res.ms))}; ` +
      `rows ${stored.rows} (expected ${submissions.length + CERTIFIED}), distinct keys ${stored.distinctKeys}, ` +
      `retries answered alike ` +
      `${retriesAgreeing}/${submissions.filter((s) => s.retried).length}; ` +
      `certificates ${stored.certificates.length} users × ` +
      `${[...new Set(stored.certificates.map(([, n]) => n))].join('/') || 0}, completions ${stored.completed}; ` +
      `log trouble ` +
      `lines ${trouble.length}; integrity ${integrity}`,
  );

  expect(errors, 'requests that got no answer').toEqual([]);
  expect(
    statuses.filter((s) => s >= 500),
    '5xx answers',
  ).toEqual([]);
  expect(statusHistogram(statuses)).toEqual({ 303: requests.length });
  expect(leaks, 'bodies with internals (stack traces, SQLITE_BUSY)').toEqual([]);
  expect(trouble, 'server log lines with SQLITE_BUSY, locked database or stack traces').toEqual([]);
  expectBurstStored(stored, submissions.length, certified);
  expect(retriesAgreeing).toBe(submissions.filter((s) => s.retried).length);
  expect(storedAsAnswered).toBe(submissions.length);
  expect(integrity).toBe('ok');
});
