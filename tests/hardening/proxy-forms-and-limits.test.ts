/**
 * The README's reverse-proxy set-up, as written: nginx from Debian terminating TLS for
 * https://learn.example.kz in front of the server (baseUrl https, TRUSTED_PROXIES from the
 * README's unit). Before TRUSTED_PROXIES every POST through it answered 403 (the browser's
 * Origin is https, the app saw http), every visitor shared nginx's address (so one stranger's
 * failed sign-ins held everyone), and the audit log said 127.0.0.1 for all.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { courseInfo, passingForm, quizPath, randomKey } from './lib/courses.ts';
import { closeDatabase, openMigrated, seedUsers, type SeedUser } from './lib/db.ts';
import { FIXTURE_PASSWORD } from '../fixtures/accounts.ts';
import { sessionCookieOf } from './lib/http.ts';
import { buildHttpsSiteCopy, PUBLIC_ORIGIN, readmeUnitSetting, startReadmeNginx, type Nginx } from './lib/proxy.ts';
import { databaseFile, makeDataDir, startServer, type RunningServer } from './lib/server.ts';

const COOKIE = '__Host-oqu_session';
let server: RunningServer;
let nginx: Nginx;
let trainee: SeedUser;
let admin: SeedUser;

beforeAll(async () => {
  const started = Date.now();
  const root = buildHttpsSiteCopy();
  console.log(`[proxy] site with baseUrl ${PUBLIC_ORIGIN} built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const dataDir = makeDataDir('proxy');
  const db = await openMigrated(`file:${databaseFile(dataDir)}`);
  [trainee, admin] = (await seedUsers(
    db,
    [
      { email: 'trainee@oqu.test', name: 'Trainee Behind Proxy' },
      { email: 'admin@oqu.test', name: 'Admin Behind Proxy', role: 'admin' },
    ],
    COOKIE,
  )) as [SeedUser, SeedUser];
  closeDatabase(db);
  server = await startServer({
    dataDir,
    root,
    env: { HOST: readmeUnitSetting('HOST'), TRUSTED_PROXIES: readmeUnitSetting('TRUSTED_PROXIES') },
  });
  nginx = await startReadmeNginx(server.port, join(dataDir, 'nginx'), root);
});

afterAll(async () => {
  await nginx?.stop();
  await server?.stop();
});

test('a trainee signs in and submits a quiz through the proxy, over HTTPS with HSTS', async () => {
  const signIn = await nginx.request('POST', '/en/login', {
    body: { email: trainee.email, password: FIXTURE_PASSWORD, next: '/en/account' },
    from: '127.60.0.1',
  });
  expect(signIn.status, signIn.text.slice(0, 200)).toBe(303);
  const cookie = sessionCookieOf(signIn);
  expect(cookie?.startsWith(`${COOKIE}=`)).toBe(true);
  expect(signIn.setCookies.find((c) => c.startsWith(COOKIE))).toMatch(/;\s*Secure/i);

  const urbanism = courseInfo('urbanism');
  const quiz = Object.values(urbanism.quizzes)[0]!;
  const submitted = await nginx.request('POST', quizPath('urbanism', quiz.lesson), {
    body: passingForm(quiz.file, randomKey()),
    cookie,
    from: '127.60.0.1',
  });
  expect(submitted.status, submitted.text.slice(0, 200)).toBe(303);
  expect(submitted.location).toMatch(/[?&]attempt=/);

  // One HSTS header (nginx's, the app's hidden), on pages and on nginx's own answers alike.
  for (const res of [
    signIn,
    submitted,
    await nginx.request('GET', '/en/'),
    await nginx.request('GET', '/no-such-file.png'),
  ]) {
    const hsts = res.rawHeaders.filter(
      (_, i) => i % 2 === 0 && res.rawHeaders[i]!.toLowerCase() === 'strict-transport-security',
    );
    expect(hsts.length).toBe(1);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  }
  // The app sends it too, for a set-up without the README's nginx lines.
  const direct = await fetch(`${server.baseURL}/en/`);
  expect(direct.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
});

test('a form posted from another site is still refused through the proxy', async () => {
  const res = await nginx.request('POST', '/en/login', {
    body: { email: trainee.email, password: FIXTURE_PASSWORD },
    headers: { Origin: 'https://evil.example' },
    from: '127.60.0.2',
  });
  expect(res.status).toBe(403);
});

test('per-address limits hold each real client, not everyone behind the proxy', async () => {
  // A stranger at 127.61.0.1 fails sign-ins with random e-mails until the per-address limit answers.
  let tries = 0;
  let status = 400;
  while (status === 400 && tries < 400) {
    const res = await nginx.request('POST', '/en/login', {
      body: { email: `nobody-${tries}@oqu.test`, password: 'wrong password 1' },
      from: '127.61.0.1',
    });
    status = res.status;
    tries++;
  }
  console.log(`[proxy] the stranger was refused (429) after ${tries} failed sign-ins`);
  expect(status).toBe(429);
  // The trainee at another address is not held by it, even with a wrong try first.
  const wrong = await nginx.request('POST', '/en/login', {
    body: { email: trainee.email, password: 'not my password' },
    from: '127.61.0.2',
  });
  expect(wrong.status).toBe(400);
  const right = await nginx.request('POST', '/en/login', {
    body: { email: trainee.email, password: FIXTURE_PASSWORD, next: '/en/account' },
    from: '127.61.0.2',
  });
  expect(right.status, right.text.slice(0, 200)).toBe(303);
  // The stranger, sending a forged X-Forwarded-For through nginx, is still the stranger.
  const forged = await nginx.request('POST', '/en/login', {
    body: { email: 'nobody-x@oqu.test', password: 'wrong password 1' },
    headers: { 'X-Forwarded-For': '127.61.0.99' },
    from: '127.61.0.1',
  });
  expect(forged.status).toBe(429);
});

test('certificate look-ups that find nothing are limited per real client too', async () => {
  const code = (n: number) => `ZZZZ-ZZZZ-${String(n).padStart(4, '0')}`;
  const statuses: number[] = [];
  for (let n = 0; n < 40 && !statuses.includes(429); n++)
    statuses.push((await nginx.request('GET', `/verify/${code(n)}`, { from: '127.63.0.1' })).status);
  console.log(
    `[proxy] unknown codes from one client: ${statuses.length - 1} answered ${statuses[0]}, then ${statuses.at(-1)}`,
  );
  expect(statuses.at(-1)).toBe(429);
  expect((await nginx.request('GET', `/verify/${code(99)}`, { from: '127.63.0.2' })).status).toBe(statuses[0]);
});

test('the audit log records the real client, not the proxy nor what the client claims', async () => {
  const cookie = admin.cookies[0]!;
  const first = await nginx.request('GET', '/en/admin/audit.csv', {
    cookie,
    from: '127.62.3.4',
    headers: { 'X-Forwarded-For': '10.9.9.9' },
  });
  expect(first.status).toBe(200);
  const second = await nginx.request('GET', '/en/admin/audit.csv', { cookie, from: '127.62.3.5' });
  const exports = second.text.split('\n').filter((line) => line.includes('report.export'));
  expect(exports.length).toBe(1);
  expect(exports[0]).toContain('127.62.3.4');
  expect(exports[0]).not.toMatch(/127\.0\.0\.1|10\.9\.9\.9/);
});
