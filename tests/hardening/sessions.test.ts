/**
 * 5. Sessions and sign-in against the real server: the per-account-and-address rate limit (a
 * stranger's failures do not lock the owner out; see stranger-cannot-lock-out-owner.test.ts), a new token at
 * every sign-in, expired (idle and absolute) and revoked sessions refused, the cookie's
 * attributes, and cross-site posts refused on every POST route of the generated route list.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashToken } from '#lib/auth/token.ts';
import { openFile, seedUsers, sessionAt, setSessionExpiry, type SeedUser } from './lib/db.ts';
import { clientAddress, sessionCookieOf, type HttpResponse } from './lib/http.ts';
import { listRouteFiles } from './lib/routes.ts';
import { databaseFile } from './lib/server.ts';
import { projectRoot } from './lib/site-build.ts';
import { createWorld, type World } from './lib/world.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const baseUrl = (parse(readFileSync(join(projectRoot, 'oqu.config.yaml'), 'utf8')) as { baseUrl: string }).baseUrl;
const secureSite = baseUrl.startsWith('https:');
const cookieName = secureSite ? '__Host-oqu_session' : 'oqu_session';
const cookieFlags = secureSite ? ', Secure, __Host-' : ' (plain HTTP site: not Secure)';

let w: World;
let extra: SeedUser[];
const stale: Record<string, string> = {};

beforeAll(async () => {
  w = await createWorld('sessions', {
    sessions: 6,
    beforeStart: async (db, [learner, , trainer]) => {
      extra = await seedUsers(db, [
        { email: 'limited@oqu.test', name: 'Rate Limited', sessions: 0 },
        { email: 'rotate@oqu.test', name: 'Rotating Learner', sessions: 1 },
        { email: 'everywhere@oqu.test', name: 'Many Devices', sessions: 3 },
        { email: 'changer@oqu.test', name: 'Password Changer', sessions: 2 },
      ]);
      // Idle-expired: made 31 days ago, its idle lifetime (30 days) is over.
      stale.idle = await sessionAt(db, learner!, new Date(Date.now() - 31 * DAY));
      // Past the absolute cap (90 days) although its idle expiry was pushed into the future.
      stale.absolute = await sessionAt(db, learner!, new Date(Date.now() - 91 * DAY));
      await setSessionExpiry(db, stale.absolute, new Date(Date.now() + DAY));
      // A trainer's session 13 hours old: past the staff cap of 12 hours.
      stale.staff = await sessionAt(db, trainer!, new Date(Date.now() - 13 * HOUR));
      await setSessionExpiry(db, stale.staff, new Date(Date.now() + HOUR));
      // Expired by its stored expiry alone.
      stale.stored = await sessionAt(db, learner!, new Date());
      await setSessionExpiry(db, stale.stored, new Date(Date.now() - 1000));
    },
  });
});

afterAll(async () => {
  await w?.close();
});

/** Whether the cookie signs the request in: "My learning" answers 200, else 303 to sign-in. */
async function signedIn(cookie: string): Promise<boolean> {
  const res = await w.http.get('/en/account', { cookie });
  if (res.status !== 200 && res.status !== 303) throw new Error(`unexpected ${res.status}`);
  return res.status === 200;
}

function clears(res: HttpResponse): boolean {
  return res.setCookies.some(
    (c) =>
      c.startsWith(`${cookieName}=;`) ||
      /^[^=]+=(;|$)/.test(c) ||
      /Max-Age=0/i.test(c) ||
      /Expires=Thu, 01 Jan 1970/i.test(c),
  );
}

describe('sign-in rate limit', () => {
  test('10 wrong passwords from one address: 400; the 11th 429 even if right; the owner elsewhere is in', async () => {
    const stranger = clientAddress(10);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push(
        (
          await w.http.post(
            '/en/login',
            { email: 'limited@oqu.test', password: `wrong-password-${i}` },
            { from: stranger },
          )
        ).status,
      );
    const eleventh = await w.http.post(
      '/en/login',
      { email: 'limited@oqu.test', password: 'wrong-password-x' },
      { from: stranger },
    );
    const guesserRight = await w.http.post(
      '/en/login',
      { email: 'limited@oqu.test', password: w.password },
      { from: stranger },
    );
    const owner = await w.http.post(
      '/en/login',
      { email: 'LIMITED@oqu.test ', password: w.password },
      { from: clientAddress(11) },
    );
    console.log(
      `[sessions] rate limit: tries 1-10 → ${statuses.join(',')}; 11th → ${eleventh.status}; right password from the ` +
        `guesser's address → ${guesserRight.status}; owner from another → ${owner.status}`,
    );
    expect(statuses).toEqual(Array(10).fill(400));
    expect(eleventh.status).toBe(429);
    expect(eleventh.text).toMatch(/Too many attempts\. Try again in \d+ min/);
    expect(guesserRight.status).toBe(429);
    expect(sessionCookieOf(guesserRight)).toBeUndefined();
    expect(owner.status).toBe(303);
    expect(sessionCookieOf(owner)).toBeDefined();
  });
});

describe('tokens', () => {
  test('every sign-in gives a new 160-bit token and ends the session the browser held', async () => {
    const old = extra[1]!.cookies[0]!;
    expect(await signedIn(old)).toBe(true);
    const res = await w.http.post('/en/login', { email: 'rotate@oqu.test', password: w.password }, { cookie: old });
    const fresh = sessionCookieOf(res)!;
    expect(res.status).toBe(303);
    expect(fresh).toMatch(new RegExp(`^${cookieName}=[a-z2-7]{32}$`));
    expect(fresh).not.toBe(old);
    expect(await signedIn(fresh)).toBe(true);
    const again = await w.http.get('/en/account', { cookie: old });
    expect(again.status).toBe(303);
    expect(clears(again), 'a refused cookie is cleared').toBe(true);
  });

  test('expired sessions are refused: idle, absolute cap, staff cap, stored expiry', async () => {
    const results = Object.fromEntries(
      await Promise.all(Object.entries(stale).map(async ([k, c]) => [k, await signedIn(c)] as const)),
    );
    console.log(`[sessions] expired sessions signed in: ${JSON.stringify(results)}`);
    expect(results).toEqual({ idle: false, absolute: false, staff: false, stored: false });
  });

  test('a well-formed token that was never issued signs no one in and is cleared', async () => {
    const res = await w.http.get('/en/account', { cookie: `${cookieName}=${'a'.repeat(32)}` });
    expect(res.status).toBe(303);
    expect(clears(res)).toBe(true);
  });

  test('sign-out revokes the session, "sign out everywhere" all; a password change ends the others', async () => {
    const [a, b, c] = extra[2]!.cookies as [string, string, string];
    expect((await w.http.post('/en/logout', {}, { cookie: a })).status).toBe(303);
    expect(await signedIn(a)).toBe(false);
    expect(await signedIn(b)).toBe(true);
    expect((await w.http.post('/en/account', { intent: 'everywhere' }, { cookie: b })).status).toBe(303);
    expect(await signedIn(b)).toBe(false);
    expect(await signedIn(c)).toBe(false);
    const [mine, other] = extra[3]!.cookies as [string, string];
    const changed = await w.http.post(
      '/en/account',
      { intent: 'password', currentPassword: w.password, newPassword: 'cedar-valley-harvest-9' },
      { cookie: mine },
    );
    expect(changed.status).toBe(200);
    expect(await signedIn(mine)).toBe(true);
    expect(await signedIn(other)).toBe(false);
  });
});

describe('cookie attributes', () => {
  test(`the session cookie is HttpOnly, SameSite=Lax, Path=/, expires with the session${cookieFlags}`, async () => {
    const learner = await w.http.post('/en/login', { email: 'other@oqu.test', password: w.password });
    const trainer = await w.http.post('/en/login', { email: 'trainer2@oqu.test', password: w.password });
    const lines = [learner, trainer].map((r) => r.setCookies.find((c) => c.startsWith(`${cookieName}=`))!);
    console.log(
      `[sessions] Set-Cookie (token hidden): ${lines.map((l) => l.replace(/=[a-z2-7]{32}/, '=…')).join(' | ')}`,
    );
    for (const line of lines) {
      expect(line).toMatch(/;\s*HttpOnly/i);
      expect(line).toMatch(/;\s*SameSite=Lax/i);
      expect(line).toMatch(/;\s*Path=\/(;|$)/);
      expect(line).not.toMatch(/;\s*Domain=/i);
      if (secureSite) expect(line).toMatch(/;\s*Secure/i);
      else expect(line).not.toMatch(/;\s*Secure/i);
    }
    const expiry = (line: string) => new Date(/Expires=([^;]+)/i.exec(line)![1]!).getTime() - Date.now();
    expect(expiry(lines[0]!)).toBeGreaterThan(29 * DAY);
    expect(expiry(lines[0]!)).toBeLessThanOrEqual(30 * DAY + 60_000);
    expect(expiry(lines[1]!), 'staff sessions are short').toBeLessThanOrEqual(2 * HOUR + 60_000);
    const out = await w.http.post('/en/logout', {}, { cookie: sessionCookieOf(learner) });
    expect(clears(out), `sign-out clears the cookie: ${out.setCookies.join(' | ')}`).toBe(true);
  });
});

describe('cross-site requests', () => {
  const posts = listRouteFiles().filter((r) => !r.prerendered && r.methods.includes('POST'));
  const concrete = (pattern: string) =>
    pattern
      .replace('[locale]', 'en')
      .replace('[course]', 'urbanism')
      .replace('[lesson]', pattern.endsWith('/quiz') ? 'building-norms' : 'wayfinding')
      .replace('[code]', 'XXXX-XXXX-XXXX');

  test('a form from a foreign Origin, JSON with Sec-Fetch-Site: cross-site: 403 on every POST route', async () => {
    const cookie = w.cookie('admin')!;
    const seen: string[] = [];
    for (const route of posts) {
      const url = concrete(route.pattern);
      const attempts: { label: string; headers: Record<string, string>; body: string }[] = [
        {
          label: 'form+Origin evil',
          headers: { Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'intent=profile&name=Evil&email=target%40oqu.test&role=admin',
        },
        {
          label: 'form+Origin null',
          headers: { Origin: 'null', 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'intent=everywhere',
        },
        {
          label: 'json cross-site',
          headers: { 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'application/json' },
          body: '{"intent":"everywhere"}',
        },
        {
          label: 'json same-site',
          headers: {
            'Sec-Fetch-Site': 'same-site',
            'Content-Type': 'application/json',
            Origin: 'https://sub.evil.example',
          },
          body: '{}',
        },
        {
          label: 'text/plain evil',
          headers: { Origin: 'https://evil.example', 'Content-Type': 'text/plain' },
          body: 'intent=everywhere',
        },
      ];
      for (const a of attempts) {
        const res = await w.http.request('POST', url, { cookie, headers: a.headers, body: a.body, noOrigin: true });
        seen.push(`${res.status}`);
        expect(res.status, `${a.label} POST ${url}`).toBe(403);
      }
    }
    console.log(
      `[sessions] CSRF: ${seen.length} cross-site posts on ${posts.length} POST routes, statuses ` +
        `${[...new Set(seen)].join(',')}`,
    );
    // Nothing happened: the admin is still signed in and the target still a learner.
    expect(await signedIn(cookie)).toBe(true);
  });

  test('after the run: refused and expired sessions are gone from the database, the target kept its role', async () => {
    await w.server.stop();
    const client = openFile(databaseFile(w.dataDir));
    for (const c of Object.values(stale)) {
      const rs = await client.execute({
        sql: 'SELECT count(*) FROM sessions WHERE id = ?',
        args: [hashToken(c.split('=')[1]!)],
      });
      expect(Number(rs.rows[0]![0])).toBe(0);
    }
    const role = await client.execute("SELECT role, display_name FROM users WHERE email = 'target@oqu.test'");
    expect(String(role.rows[0]![0])).toBe('learner');
    const admin = await client.execute("SELECT display_name FROM users WHERE email = 'admin@oqu.test'");
    expect(String(admin.rows[0]![0])).not.toBe('Evil');
    client.close();
  });
});
