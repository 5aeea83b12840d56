/**
 * The real server's log (decision 051): every line it prints is one JSON object; each request
 * ends in one line with its id (also answered as X-Request-Id), route pattern, path, status,
 * duration and, when signed in, the user's id; keys in URLs, cookies and passwords never
 * appear.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { logEntries } from '../helpers/server.ts';
import { closeDatabase, openMigrated, seedUsers, type SeedUser } from './lib/db.ts';
import { HttpClient, type HttpResponse } from './lib/http.ts';
import { databaseFile, makeDataDir, startServer, type RunningServer } from './lib/server.ts';

const SECRET = 'Zq7SecretToken0000000000000000Xy';
const PASSWORD = 'Not-the-password-7731';

let server: RunningServer;
let http: HttpClient;
let learner: SeedUser;
const answers: Record<string, HttpResponse> = {};

beforeAll(async () => {
  const dataDir = makeDataDir('structured-logs');
  const db = await openMigrated(`file:${databaseFile(dataDir)}`);
  learner = (await seedUsers(db, [{ email: 'logged@oqu.test', name: 'Logged Learner' }]))[0]!;
  closeDatabase(db);
  server = await startServer({ dataDir });
  http = new HttpClient(server.baseURL);
  answers.account = await http.get('/en/account', { cookie: learner.cookies[0] });
  answers.feed = await http.get(`/calendar/${SECRET}.ics`);
  answers.join = await http.get(`/en/join/${SECRET}`, { cookie: learner.cookies[0] });
  answers.reset = await http.get(`/en/reset-password?token=${SECRET}`);
  answers.unknown = await http.get(`/calendar/${SECRET}`);
  answers.login = await http.post('/en/login', { email: 'logged@oqu.test', password: PASSWORD });
  answers.forged = await http.get('/en/', { headers: { 'X-Request-Id': 'forged-by-the-client-0001' } });
  answers.lesson = await http.get('/en/courses/urbanism/wayfinding/');
  await server.stop();
});

afterAll(async () => {
  http?.close();
  await server?.kill();
});

/** Every line the server printed, parsed; a line that is not JSON fails here. */
function logLines(): Record<string, unknown>[] {
  return logEntries(server.log(), { strict: true });
}

const requestLine = (res: HttpResponse) => logLines().find((l) => l.reqId === res.headers['x-request-id'] && l.status);

test('every line is a JSON object with a level, a time and a message, start and stop included', () => {
  const lines = logLines();
  expect(lines.length).toBeGreaterThan(10);
  for (const line of lines) {
    expect(typeof line.level).toBe('string');
    expect(new Date(String(line.time)).getTime()).toBeGreaterThan(0);
    expect(typeof line.msg).toBe('string');
  }
  expect(lines.some((l) => String(l.msg).startsWith('Oqu is serving'))).toBe(true);
  expect(lines.some((l) => String(l.msg).includes('database closed'))).toBe(true);
});

test("a signed-in request's line: id, route, path, status, duration and the user", () => {
  const id = answers.account!.headers['x-request-id'];
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect(requestLine(answers.account!)).toMatchObject({
    level: 'info',
    reqId: id,
    method: 'GET',
    route: '/[locale]/account',
    path: '/en/account',
    status: 200,
    userId: learner.id,
  });
  expect(requestLine(answers.account!)!.ms).toEqual(expect.any(Number));
  expect(requestLine(answers.reset!)).not.toHaveProperty('userId');
});

test('keys in paths are named, not shown; queries are left out', () => {
  expect(requestLine(answers.feed!)).toMatchObject({ route: '/calendar/[token].ics', path: '/calendar/[token].ics' });
  expect(requestLine(answers.join!)).toMatchObject({ route: '/[locale]/join/[code]', path: '/en/join/[code]' });
  expect(requestLine(answers.reset!)).toMatchObject({ path: '/en/reset-password' });
  expect(requestLine(answers.unknown!)).toMatchObject({ status: 404, path: '/calendar/[token]' });
  expect(requestLine(answers.lesson!)).toMatchObject({
    status: 200,
    route: null,
    path: '/en/courses/urbanism/wayfinding/',
  });
});

test('no key, session cookie or password reaches the log', () => {
  const log = server.log();
  expect(log).not.toContain(SECRET);
  expect(log).not.toContain(PASSWORD);
  expect(log).not.toContain(learner.cookies[0]!.split('=')[1]);
  expect(requestLine(answers.login!)).toMatchObject({ method: 'POST', route: '/[locale]/login', status: 400 });
});

test("a client's own X-Request-Id is replaced (only a trusted proxy's is kept)", () => {
  expect(answers.forged!.headers['x-request-id']).not.toBe('forged-by-the-client-0001');
  expect(server.log()).not.toContain('forged-by-the-client-0001');
});
