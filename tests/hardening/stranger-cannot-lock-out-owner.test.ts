/**
 * A stranger cannot lock the owner out of their account (docs/decisions/012). Against the
 * real server: a guesser at one address is refused after 10 failures while the owner's right
 * password from another address still signs in; a spray from many addresses that reaches the
 * account-wide ceiling (100 failures an hour, OWASP ASVS) holds new browsers, but the
 * owner's browser (its device cookie from an earlier sign-in) still signs in from anywhere.
 * Before the fix, 11 wrong passwords from anywhere locked the account for everyone.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedUsers } from './lib/db.ts';
import { clientAddress, mapLimit, sessionCookieOf, type HttpResponse } from './lib/http.ts';
import { createWorld, type World } from './lib/world.ts';

let w: World;
beforeAll(async () => {
  w = await createWorld('lockout', {
    sessions: 1,
    beforeStart: async (db) => {
      await seedUsers(db, [
        { email: 'owner@oqu.test', name: 'Account Owner', role: 'admin', sessions: 0 },
        { email: 'sprayed@oqu.test', name: 'Sprayed Owner', sessions: 0 },
      ]);
    },
  });
});
afterAll(async () => {
  await w?.close();
});

const signIn = (email: string, password: string, from: string, cookie?: string) =>
  w.http.post('/en/login', { email, password }, { from, cookie });
/** `name=value` of the device cookie a sign-in set. */
const deviceCookieOf = (res: HttpResponse) =>
  res.setCookies.find((c) => /^(__Host-)?oqu_device=/.test(c))?.split(';')[0];

describe('a stranger cannot lock the owner out', () => {
  test('a guesser at one address is slowed; the owner at another address signs in', async () => {
    const guesser = clientAddress(2000);
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await signIn('owner@oqu.test', `guess-${i}`, guesser)).status);
    const guesserRight = await signIn('owner@oqu.test', w.password, guesser);
    const owner = await signIn('owner@oqu.test', w.password, clientAddress(2001));
    console.log(
      `[lockout] one address: ${statuses.filter((s) => s === 400).length} × 400 then ` +
        `${statuses.filter((s) => s === 429).length} × 429; the guesser with the right password → ` +
        `${guesserRight.status}; owner elsewhere → ${owner.status}`,
    );
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
    expect(statuses.slice(10)).toEqual(Array(15).fill(429));
    expect(guesserRight.status).toBe(429);
    expect(owner.status).toBe(303);
    expect(sessionCookieOf(owner)).toBeDefined();
    expect(deviceCookieOf(owner)).toMatch(/^oqu_device=[a-z2-7]{32}$/);
    const line = owner.setCookies.find((c) => c.startsWith('oqu_device='))!;
    expect(line).toMatch(/;\s*HttpOnly/i);
    expect(line).toMatch(/;\s*SameSite=Lax/i);
  });

  test("a spray from many addresses fills the ceiling for new browsers, never for the owner's browser", async () => {
    const home = await signIn('sprayed@oqu.test', w.password, clientAddress(3000));
    const device = deviceCookieOf(home);
    expect(home.status).toBe(303);
    expect(device).toBeDefined();
    // 11 addresses × 10 failures: each address stays within its own limit, the account reaches 100 an hour.
    const tries = Array.from({ length: 110 }, (_, i) => ({
      from: clientAddress(3100 + (i % 11)),
      password: `spray-${i}`,
    }));
    const statuses = await mapLimit(
      tries,
      4,
      async (t) => (await signIn('sprayed@oqu.test', t.password, t.from)).status,
    );
    const newBrowser = await signIn('sprayed@oqu.test', w.password, clientAddress(3200));
    const ownerBrowser = await signIn('sprayed@oqu.test', w.password, clientAddress(3201), device);
    const forged = await signIn('sprayed@oqu.test', w.password, clientAddress(3202), `oqu_device=${'a'.repeat(32)}`);
    console.log(
      `[lockout] spray: ${statuses.filter((s) => s === 400).length} × 400, ` +
        `${statuses.filter((s) => s === 429).length} × 429; new browser → ${newBrowser.status}; owner's browser → ` +
        `${ownerBrowser.status}; made-up device cookie → ${forged.status}`,
    );
    expect(statuses.filter((s) => s === 400)).toHaveLength(100);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    expect(newBrowser.status).toBe(429);
    expect(forged.status).toBe(429);
    expect(ownerBrowser.status).toBe(303);
    expect(sessionCookieOf(ownerBrowser)).toBeDefined();
  });
});
