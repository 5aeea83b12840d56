/** Rate limits of sign-in and registration, counted in the database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { rateLimits } from '../../db/schema.ts';
import { registerAccount, signIn } from '../../src/lib/auth/account.server.ts';
import { findUserByEmail } from '../../src/lib/auth/user.server.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { registrationForm as form } from './fixtures.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

const t0 = new Date('2026-03-01T08:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('rate limits', () => {
  it('stops an account after 10 tries in 15 minutes, says when to retry, and forgets after the window', async () => {
    const f = form();
    await registerAccount(t.db, f, { now: t0 });
    for (let i = 0; i < 10; i++) {
      expect(await signIn(t.db, { email: f.email, password: `guess ${i}` }, { ip: `203.0.113.${i}`, now: at(i * 1000) })).toMatchObject({ error: 'auth.error.invalid_credentials' });
    }
    // Even the right password is refused now: the limit counts before the check.
    const blocked = await signIn(t.db, { email: f.email, password: f.password }, { ip: '203.0.113.99', now: at(60_000) });
    expect(blocked).toEqual({ ok: false, error: 'auth.error.rate_limited', retryAfterSeconds: 14 * 60 });
    expect((await signIn(t.db, { email: f.email, password: f.password }, { now: at(15 * 60_000) })).ok).toBe(true);
  });

  it('lets parallel guesses through only up to the limit', async () => {
    const f = form();
    await registerAccount(t.db, f, { now: t0 });
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => signIn(t.db, { email: f.email, password: `parallel ${i}` }, { now: t0 })));
    expect(results.filter((r) => !r.ok && r.error === 'auth.error.invalid_credentials')).toHaveLength(10);
    expect(results.filter((r) => !r.ok && r.error === 'auth.error.rate_limited')).toHaveLength(15);
  });

  it('clears the account count after a successful sign-in', async () => {
    const f = form();
    await registerAccount(t.db, f, { now: t0 });
    for (let i = 0; i < 9; i++) await signIn(t.db, { email: f.email, password: `typo ${i}` }, { now: t0 });
    expect((await signIn(t.db, { email: f.email, password: f.password }, { now: t0 })).ok).toBe(true);
    for (let i = 0; i < 9; i++) expect(await signIn(t.db, { email: f.email, password: `typo ${i}` }, { now: t0 })).toMatchObject({ error: 'auth.error.invalid_credentials' });
  });

  it('limits failed sign-ins per address, across accounts, counting only failures', async () => {
    const ip = '192.0.2.50';
    const f = form();
    await registerAccount(t.db, f, { now: t0 });
    for (let i = 0; i < 20; i++) expect((await signIn(t.db, { email: f.email, password: f.password }, { ip, now: t0 })).ok).toBe(true);
    for (let i = 0; i < 100; i++) await signIn(t.db, { email: `ghost${i}@example.kz`, password: 'whatever it is' }, { ip, now: t0 });
    expect(await signIn(t.db, { email: f.email, password: f.password }, { ip, now: t0 })).toMatchObject({ ok: false, error: 'auth.error.rate_limited' });
    expect((await signIn(t.db, { email: f.email, password: f.password }, { ip: '192.0.2.51', now: t0 })).ok).toBe(true);
    const row = await t.db.select().from(rateLimits).where(eq(rateLimits.key, `signin-ip:${ip}`)).get();
    expect(row?.hits).toBe(101);
  });

  it('limits registrations per e-mail address', async () => {
    const f = form({ password: 'password' });
    for (let i = 0; i < 5; i++) expect(await registerAccount(t.db, f, { now: t0 })).toMatchObject({ error: 'auth.error.password_common' });
    expect(await registerAccount(t.db, { ...f, password: 'a good long phrase' }, { now: t0 })).toMatchObject({ error: 'auth.error.rate_limited' });
    expect(await findUserByEmail(t.db, f.email)).toBeNull();
  });
});
