/**
 * 1. Concurrency: 1,000 quiz submissions from 200 trainees at once, a fifth of them sent
 * twice with the same idempotency key, against the real server and its database file. Every
 * attempt must be stored exactly once, nothing may answer 5xx or show SQLITE_BUSY, and the 40
 * trainees whose passing submissions complete the course get exactly one certificate each.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { readQuizFiles } from '../helpers/course-files.ts';
import { acceptAssignments } from '../helpers/accepted-work.ts';
import { courseInfo, donePath, failingForm, passingForm, quizPath, randomKey } from './lib/courses.ts';
import { closeDatabase, count, integrityCheck, openFile, openMigrated, seedUsers, type SeedUser } from './lib/db.ts';
import {
  attemptIdOf,
  formatHistogram,
  HttpClient,
  mapLimit,
  statusHistogram,
  summarize,
  type HttpResponse,
} from './lib/http.ts';
import { leakIn } from './lib/checks.ts';
import { databaseFile, makeDataDir, startServer, troubleInLog, type RunningServer } from './lib/server.ts';

const TRAINEES = 200;
const PER_TRAINEE = 5;
const CERTIFIED = 40; // trainees whose burst completes the course
const course = courseInfo('urbanism');
const [quizA, quizB] = Object.keys(course.quizzes) as [string, string];

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
  const db = await openMigrated(`file:${databaseFile(dataDir)}`);
  trainees = await seedUsers(
    db,
    Array.from({ length: TRAINEES }, (_, i) => ({ email: `trainee-${i}@oqu.test`, name: `Trainee ${i}` })),
  );
  closeDatabase(db);
  // The completers' urbanism work, accepted as a review leaves it: their quiz B completes the course.
  for (const t of trainees.slice(0, CERTIFIED))
    await acceptAssignments(`file:${databaseFile(dataDir)}`, t, course.slug, course.assignments);
  server = await startServer({ dataDir });
  http = new HttpClient(server.baseURL, { maxSockets: Infinity });
});

afterAll(async () => {
  http?.close();
  await server?.stop();
});

interface Submission {
  trainee: SeedUser;
  quiz: string;
  key: string;
  pass: boolean;
  retried: boolean;
}

test('1,000 concurrent submissions (200 retried, same key): stored once, no 5xx, one certificate each', async () => {
  // The 40 completers: every lesson done and quiz A passed over HTTP first, so that their
  // concurrent passing submissions of quiz B are what completes the course.
  const certified = trainees.slice(0, CERTIFIED);
  const prep = await mapLimit(certified, 8, async (t) => {
    const statuses: number[] = [];
    for (const lesson of course.lessons)
      statuses.push((await http.post(donePath(course.slug, lesson), {}, { cookie: t.cookies[0] })).status);
    const a = course.quizzes[quizA]!;
    statuses.push(
      (await http.post(quizPath(course.slug, a.lesson), passingForm(a.file, randomKey()), { cookie: t.cookies[0] }))
        .status,
    );
    return statuses;
  });
  expect(
    prep.flat().every((s) => s === 303),
    `preparation statuses ${formatHistogram(statusHistogram(prep.flat()))}`,
  ).toBe(true);

  const submissions: Submission[] = [];
  trainees.forEach((trainee, t) => {
    for (let n = 0; n < PER_TRAINEE; n++) {
      const i = t * PER_TRAINEE + n;
      const completer = t < CERTIFIED;
      submissions.push({
        trainee,
        quiz: completer ? quizB : i % 2 ? quizA : quizB,
        key: randomKey(),
        pass: completer || i % 3 === 0,
        retried: i % 5 === 2,
      });
    }
  });
  const requests = submissions.flatMap((s) => (s.retried ? [s, s] : [s]));

  const started = performance.now();
  const results = await Promise.all(
    requests.map(async (s) => {
      const q = course.quizzes[s.quiz]!;
      const form = s.pass ? passingForm(q.file, s.key) : failingForm(q.file, s.key);
      try {
        return { s, res: await http.post(quizPath(course.slug, q.lesson), form, { cookie: s.trainee.cookies[0] }) };
      } catch (error) {
        return { s, error: String(error) };
      }
    }),
  );
  const wall = performance.now() - started;
  const responses = results.filter((r): r is { s: Submission; res: HttpResponse } => 'res' in r && r.res !== undefined);
  const statuses = responses.map((r) => r.res.status);
  const errors = results.filter((r) => 'error' in r).map((r) => (r as { error: string }).error);
  const leaks = responses.map((r) => leakIn(r.res)).filter(Boolean);
  const trouble = troubleInLog(server.log());
  await server.stop();

  // What the database holds, read after the server stopped.
  const client = openFile(databaseFile(dataDir));
  const rows = await count(client, 'SELECT count(*) FROM quiz_attempts');
  const keys = await count(client, 'SELECT count(DISTINCT user_id || char(0) || idempotency_key) FROM quiz_attempts');
  const stored = new Map<string, string>();
  for (const r of (await client.execute('SELECT user_id, idempotency_key, id FROM quiz_attempts')).rows)
    stored.set(`${r[0]}/${r[1]}`, String(r[2]));
  const certificateRows = (
    await client.execute('SELECT user_id, count(*) AS n FROM certificates GROUP BY user_id')
  ).rows.map((r) => [String(r[0]), Number(r[1])] as const);
  const completed = await count(
    client,
    "SELECT count(*) FROM enrollments WHERE course = 'urbanism' AND completed_at IS NOT NULL",
  );
  const integrity = await integrityCheck(client);
  client.close();

  const byKey = new Map<string, string[]>();
  for (const r of responses)
    byKey.set(`${r.s.trainee.id}/${r.s.key}`, [
      ...(byKey.get(`${r.s.trainee.id}/${r.s.key}`) ?? []),
      attemptIdOf(r.res) ?? '?',
    ]);
  const retriesAgreeing = submissions.filter(
    (s) => s.retried && new Set(byKey.get(`${s.trainee.id}/${s.key}`)).size === 1,
  ).length;
  const storedAsAnswered = submissions.filter(
    (s) => byKey.get(`${s.trainee.id}/${s.key}`)?.[0] === stored.get(`${s.trainee.id}/${s.key}`),
  ).length;

  console.log(
    `[concurrency] ${requests.length} requests (${submissions.length} submissions + ` +
      `${requests.length - submissions.length} retries) from ${TRAINEES} trainees in ${(wall / 1000).toFixed(1)} s; ` +
      `statuses ${formatHistogram(statusHistogram(statuses))}; client errors ${errors.length}; latency ` +
      `${summarize(responses.map((r) => r.res.ms))}; ` +
      `rows ${rows} (expected ${submissions.length + CERTIFIED}), distinct keys ${keys}, retries answered alike ` +
      `${retriesAgreeing}/${submissions.filter((s) => s.retried).length}; ` +
      `certificates ${certificateRows.length} users × ` +
      `${[...new Set(certificateRows.map(([, n]) => n))].join('/') || 0}, completions ${completed}; log trouble ` +
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
  expect(rows).toBe(submissions.length + CERTIFIED);
  expect(keys).toBe(rows);
  expect(retriesAgreeing).toBe(submissions.filter((s) => s.retried).length);
  expect(storedAsAnswered).toBe(submissions.length);
  expect(certificateRows.map(([id]) => id).sort()).toEqual(certified.map((t) => t.id).sort());
  expect(certificateRows.every(([, n]) => n === 1)).toBe(true);
  expect(completed).toBe(CERTIFIED);
  expect(integrity).toBe('ok');
});
