/**
 * The real server's metrics (decision 051), scraped from their own port and from /metrics with
 * the token: after known requests, the counts by route pattern and status, the latency
 * histogram, quiz submissions (a retried one not counted twice), certificates and sign-in
 * failures move by exactly what was done; database, memory and event-loop figures are there.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { courseInfo, failingForm, quizPath, randomKey } from './lib/courses.ts';
import { createWorld, type World } from './lib/world.ts';
import { freePort } from '../helpers/server.ts';
import { key, parse, value, type Samples } from './lib/metrics.ts';

const TOKEN = 'metrics-token-for-the-hardening-suite-0123';
let w: World;
let metricsPort: number;

beforeAll(async () => {
  metricsPort = await freePort();
  w = await createWorld('metrics', {
    sessions: 4,
    env: { OQU_METRICS_PORT: String(metricsPort), OQU_METRICS_TOKEN: TOKEN },
  });
});
afterAll(async () => {
  await w?.close();
});

async function scrape(): Promise<Samples> {
  const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parse(await res.text());
}

test('after the world was made: one certificate, one stored attempt per quiz, all passed', async () => {
  const s = await scrape();
  expect(value(s, 'oqu_certificates_issued_total')).toBe(1);
  expect(value(s, 'oqu_quiz_submissions_total', { result: 'passed' })).toBe(
    Object.keys(courseInfo('urbanism').quizzes).length,
  );
  expect(value(s, 'oqu_quiz_submissions_total', { result: 'failed' })).toBe(0);
});

test('known requests move the counts by exactly what was done', async () => {
  const before = await scrape();
  for (let i = 0; i < 5; i++)
    expect((await w.http.get('/en/account', { cookie: w.cookie('learner') })).status).toBe(200);
  for (let i = 0; i < 3; i++) expect((await w.http.get(`/calendar/${randomKey()}.ics`)).status).toBe(404);
  for (const from of ['127.0.9.1', '127.0.9.2'])
    expect((await w.http.post('/en/login', { email: w.users.learner.email, password: 'wrong' }, { from })).status).toBe(
      400,
    );
  const quiz = Object.values(courseInfo('urbanism').quizzes)[0]!;
  const form = failingForm(quiz.file, randomKey());
  for (let i = 0; i < 2; i++) {
    const res = await w.http.post(quizPath('urbanism', quiz.lesson), form, { cookie: w.cookie('otherLearner') });
    expect(res.status).toBe(303);
  }
  const site = `${w.server.baseURL}/metrics`;
  expect((await fetch(site)).status).toBe(401);
  expect((await fetch(site, { headers: { Authorization: `Bearer ${TOKEN.replace(/.$/, 'x')}` } })).status).toBe(401);
  const withToken = await fetch(site, { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(withToken.status).toBe(200);
  expect(await withToken.text()).toContain('oqu_http_requests_total');

  const delta = (after: Samples, name: string, labels?: Record<string, string>) =>
    value(after, name, labels) - value(before, name, labels);
  // The last request's count is written when its connection has closed: wait for it, then compare exactly.
  await expect
    .poll(async () =>
      delta(await scrape(), 'oqu_http_requests_total', { method: 'GET', route: '/metrics', status: '200' }),
    )
    .toBe(1);
  const after = await scrape();
  const requests = (method: string, route: string, status: string) =>
    delta(after, 'oqu_http_requests_total', { method, route, status });
  expect(requests('GET', '/[locale]/account', '200')).toBe(5);
  expect(requests('GET', '/calendar/[token].ics', '404')).toBe(3);
  expect(requests('POST', '/[locale]/login', '400')).toBe(2);
  expect(requests('POST', '/[locale]/courses/[course]/[lesson]/quiz', '303')).toBe(2);
  expect(requests('GET', '/metrics', '401')).toBe(2);
  const account = { method: 'GET', route: '/[locale]/account' };
  expect(delta(after, 'oqu_http_request_duration_seconds_count', account)).toBe(5);
  expect(delta(after, 'oqu_http_request_duration_seconds_bucket', { ...account, le: '+Inf' })).toBe(5);
  expect(delta(after, 'oqu_sign_in_failures_total', { reason: 'invalid_credentials' })).toBe(2);
  expect(delta(after, 'oqu_quiz_submissions_total', { result: 'failed' })).toBe(1);
  expect(delta(after, 'oqu_quiz_submissions_total', { result: 'passed' })).toBe(0);
  expect(delta(after, 'oqu_certificates_issued_total')).toBe(0);
  expect(delta(after, 'oqu_db_statement_duration_seconds_count', { kind: 'statement' })).toBeGreaterThan(10);
  expect(value(after, 'process_resident_memory_bytes')).toBeGreaterThan(20e6);
  expect(value(after, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  expect(after.has(key('nodejs_eventloop_lag_p99_seconds'))).toBe(true);
});

test("the metrics port answers only /metrics, and the site's /metrics is the token's", async () => {
  expect((await fetch(`http://127.0.0.1:${metricsPort}/`)).status).toBe(404);
  const res = await fetch(`${w.server.baseURL}/metrics`, { headers: { Authorization: 'Basic abc' } });
  expect(res.status).toBe(401);
  expect(res.headers.get('www-authenticate')).toBe('Bearer');
});
