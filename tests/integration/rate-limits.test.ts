/** Rate limits of sign-in and registration, counted in the database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { rateLimits } from '#db/schema.ts';
import { registerAccount, signIn } from '#lib/auth/account.server.ts';
import { pruneRateLimits } from '#lib/rate-limits/rate-limit.server.ts';
import { findUserByEmail } from '#lib/auth/user.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { registrationContext, registrationForm as form } from './fixtures.ts';

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
  it('stops a guesser at one address after 10 tries in 15 minutes, but not the owner at another', async () => {
    const f = form();
    await registerAccount(t.db, f, { ...registrationContext, now: t0 });
    const stranger = '203.0.113.10';
    for (let i = 0; i < 10; i++) {
      expect(
        await signIn(t.db, { email: f.email, password: `guess ${i}` }, { ip: stranger, now: at(i * 1000) }),
      ).toMatchObject({ error: 'auth.error.invalid_credentials' });
    }
    // The guesser is refused now, even with the right password: the limit counts before the check.
    const blocked = await signIn(t.db, { email: f.email, password: f.password }, { ip: stranger, now: at(60_000) });
    expect(blocked).toEqual({ ok: false, error: 'auth.error.rate_limited', retryAfterSeconds: 14 * 60 });
    // The owner, from an address that has not failed, signs in.
    expect(
      (await signIn(t.db, { email: f.email, password: f.password }, { ip: '198.51.100.20', now: at(61_000) })).ok,
    ).toBe(true);
    expect(
      (await signIn(t.db, { email: f.email, password: f.password }, { ip: stranger, now: at(15 * 60_000) })).ok,
    ).toBe(true);
  });

  it('holds the account at 100 failures an hour from many addresses, except in a browser used before', async () => {
    const f = form();
    await registerAccount(t.db, f, { ...registrationContext, now: t0 });
    const home = await signIn(t.db, { email: f.email, password: f.password }, { ip: '198.51.100.30', now: t0 });
    if (!home.ok) throw new Error(home.error);
    for (let i = 0; i < 100; i++) {
      expect(
        await signIn(
          t.db,
          { email: f.email, password: `spray ${i}` },
          { ip: `10.0.${i >> 3}.${i}`, now: at(i * 1000) },
        ),
      ).toMatchObject({ error: 'auth.error.invalid_credentials' });
    }
    // The ceiling (OWASP ASVS: at most 100 failed tries an hour per account) holds new browsers.
    expect(
      await signIn(t.db, { email: f.email, password: f.password }, { ip: '198.51.100.31', now: at(200_000) }),
    ).toMatchObject({ error: 'auth.error.rate_limited' });
    expect(
      await signIn(
        t.db,
        { email: f.email, password: f.password },
        { ip: '198.51.100.31', device: 'a'.repeat(32), now: at(200_000) },
      ),
    ).toMatchObject({ error: 'auth.error.rate_limited' });
    // The owner's browser still signs in, from any address, and keeps its cookie value.
    const again = await signIn(
      t.db,
      { email: f.email, password: f.password },
      { ip: '198.51.100.32', device: home.deviceToken, now: at(201_000) },
    );
    expect(again).toMatchObject({ ok: true, deviceToken: home.deviceToken });
    // A device cookie of another account does not help here.
    const g = form();
    await registerAccount(t.db, g, { ...registrationContext, now: t0 });
    const other = await signIn(t.db, { email: g.email, password: g.password }, { now: t0 });
    if (!other.ok) throw new Error(other.error);
    expect(
      await signIn(t.db, { email: f.email, password: f.password }, { device: other.deviceToken, now: at(202_000) }),
    ).toMatchObject({ error: 'auth.error.rate_limited' });
    expect((await signIn(t.db, { email: f.email, password: f.password }, { now: at(60 * 60_000) })).ok).toBe(true);
  });

  it('keeps a browser trusted for months, not forever', async () => {
    const f = form();
    await registerAccount(t.db, f, { ...registrationContext, now: t0 });
    const home = await signIn(t.db, { email: f.email, password: f.password }, { now: t0 });
    if (!home.ok) throw new Error(home.error);
    const key = (await t.db.select().from(rateLimits)).find((r) =>
      r.key.startsWith(`signin-device:${f.email.trim().toLowerCase()}:`),
    );
    expect(key?.hits).toBe(0);
    await pruneRateLimits(t.db, at(30 * 24 * 3_600_000));
    expect(await t.db.select().from(rateLimits).where(eq(rateLimits.key, key!.key)).get()).toBeDefined();
    await pruneRateLimits(t.db, at(181 * 24 * 3_600_000));
    expect(await t.db.select().from(rateLimits).where(eq(rateLimits.key, key!.key)).get()).toBeUndefined();
  });

  it('lets parallel guesses through only up to the limit', async () => {
    const f = form();
    await registerAccount(t.db, f, { ...registrationContext, now: t0 });
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => signIn(t.db, { email: f.email, password: `parallel ${i}` }, { now: t0 })),
    );
    expect(results.filter((r) => !r.ok && r.error === 'auth.error.invalid_credentials')).toHaveLength(10);
    expect(results.filter((r) => !r.ok && r.error === 'auth.error.rate_limited')).toHaveLength(15);
  });

  it('clears the count of an account and address after a successful sign-in', async () => {
    const f = form();
    await registerAccount(t.db, f, { ...registrationContext, now: t0 });
    for (let i = 0; i < 9; i++) await signIn(t.db, { email: f.email, password: `typo ${i}` }, { now: t0 });
    expect((await signIn(t.db, { email: f.email, password: f.password }, { now: t0 })).ok).toBe(true);
    for (let i = 0; i < 9; i++)
      expect(await signIn(t.db, { email: f.email, password: `typo ${i}` }, { now: t0 })).toMatchObject({
        error: 'auth.error.invalid_credentials',
      });
  });

  it('limits failed sign-ins per address, across accounts, counting only failures', async () => {
    const ip = '192.0.2.50';
    const f = form();
    await registerAccount(t.db, f, { ...registrationContext, now: t0 });
    for (let i = 0; i < 20; i++)
      expect((await signIn(t.db, { email: f.email, password: f.password }, { ip, now: t0 })).ok).toBe(true);
    for (let i = 0; i < 100; i++)
      await signIn(t.db, { email: `ghost${i}@example.kz`, password: 'whatever it is' }, { ip, now: t0 });
    expect(await signIn(t.db, { email: f.email, password: f.password }, { ip, now: t0 })).toMatchObject({
      ok: false,
      error: 'auth.error.rate_limited',
    });
    expect((await signIn(t.db, { email: f.email, password: f.password }, { ip: '192.0.2.51', now: t0 })).ok).toBe(true);
    const row = await t.db
      .select()
      .from(rateLimits)
      .where(eq(rateLimits.key, `signin-ip:${ip}`))
      .get();
    expect(row?.hits).toBe(101);
  });

  it('limits registrations per e-mail address', async () => {
    const f = form({ password: 'password' });
    for (let i = 0; i < 5; i++)
      expect(await registerAccount(t.db, f, { ...registrationContext, now: t0 })).toMatchObject({
        error: 'auth.error.password_common',
      });
    expect(
      await registerAccount(t.db, { ...f, password: 'a good long phrase' }, { ...registrationContext, now: t0 }),
    ).toMatchObject({ error: 'auth.error.rate_limited' });
    expect(await findUserByEmail(t.db, f.email)).toBeNull();
  });
});
