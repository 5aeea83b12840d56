/**
 * Housekeeping of account records (src/lib/auth/prune.server.ts) on a real libSQL file: what
 * can no longer be used goes, what is live stays, and the daily schedule really runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { passwordResetTokens, rateLimits, sessions } from '#db/schema.ts';
import { pruneAuthRecords, schedulePruning } from '#lib/auth/prune.server.ts';
import { createSession, generateSessionToken } from '#lib/auth/session.server.ts';
import { consumeRateLimits } from '#lib/rate-limits/rate-limit.server.ts';
import { RATE_LIMITS, TRUSTED_DEVICE_DAYS } from '#lib/rate-limits/rate-limit.ts';
import { trustDevice } from '#lib/auth/trusted-device.server.ts';
import { consumeImportQuota } from '#lib/cohorts/import.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';

let t: TestDatabase;
let stopPruning = () => {};
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  stopPruning();
  await t?.cleanup();
});

const DAY = 24 * 60 * 60 * 1000;
const now = new Date('2026-06-01T08:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

async function sessionIds(): Promise<string[]> {
  return (await t.db.select({ id: sessions.id }).from(sessions)).map((r) => r.id);
}
async function tokenHashes(): Promise<string[]> {
  return (await t.db.select({ h: passwordResetTokens.tokenHash }).from(passwordResetTokens)).map((r) => r.h);
}
async function rateKeys(): Promise<string[]> {
  return (await t.db.select({ key: rateLimits.key }).from(rateLimits)).map((r) => r.key);
}

describe('pruneAuthRecords', () => {
  it('removes expired sessions and keeps live ones', async () => {
    const learner = await makeUser(t.db);
    const admin = await makeUser(t.db, 'admin');
    const idle = await createSession(t.db, generateSessionToken(), learner, { now: ago(60 * DAY) });
    const capped = await createSession(t.db, generateSessionToken(), admin, { now: ago(60 * DAY) });
    // Kept alive past its absolute cap by use: the cap ends it anyway.
    await t.db
      .update(sessions)
      .set({ expiresAt: new Date(now.getTime() + DAY) })
      .where(eq(sessions.id, capped.id));
    const live = await createSession(t.db, generateSessionToken(), learner, { now: ago(60_000) });
    await pruneAuthRecords(t.db, now);
    const left = await sessionIds();
    expect(left).toContain(live.id);
    expect(left).not.toContain(idle.id);
    expect(left).not.toContain(capped.id);
  });

  it('removes expired and used reset links and keeps an unused live one (invitations too)', async () => {
    const user = await makeUser(t.db);
    const row = (tokenHash: string, expiresAt: Date, usedAt: Date | null = null) => ({
      tokenHash,
      userId: user.id,
      createdAt: ago(DAY),
      expiresAt,
      usedAt,
    });
    await t.db
      .insert(passwordResetTokens)
      .values([
        row('expired', ago(1000)),
        row('used', new Date(now.getTime() + DAY), ago(1000)),
        row('live', new Date(now.getTime() + 60_000)),
        row('invitation', new Date(now.getTime() + 13 * DAY)),
      ]);
    await pruneAuthRecords(t.db, now);
    const left = await tokenHashes();
    expect(left).toEqual(expect.arrayContaining(['live', 'invitation']));
    expect(left).not.toContain('expired');
    expect(left).not.toContain('used');
  });

  it('removes ended rate-limit windows; keeps running ones, trusted browsers for 180 days, health row', async () => {
    const stale = ago(2 * DAY);
    await consumeRateLimits(t.db, [[RATE_LIMITS.signInPair, 'old@example.kz|203.0.113.1']], stale);
    await consumeRateLimits(t.db, [[RATE_LIMITS.signInPair, 'new@example.kz|203.0.113.1']], ago(60_000));
    await consumeImportQuota(t.db, 'old-actor', 5, stale);
    await consumeImportQuota(t.db, 'live-actor', 5, ago(60_000));
    await trustDevice(t.db, 'recent@example.kz', undefined, ago((TRUSTED_DEVICE_DAYS - 1) * DAY));
    await trustDevice(t.db, 'gone@example.kz', undefined, ago((TRUSTED_DEVICE_DAYS + 1) * DAY));
    // The health check's fixed row (site/health.server.ts), written by every /healthz.
    await t.db.insert(rateLimits).values({ key: 'health:write-check', windowStartedAt: ago(1000), hits: 1 });
    await pruneAuthRecords(t.db, now);
    const left = await rateKeys();
    expect(left).toContain('signin-pair:new@example.kz|203.0.113.1');
    expect(left).toContain('cohort-import-rows:live-actor');
    expect(left).toContain('health:write-check');
    expect(left.some((k) => k.startsWith('signin-device:recent@example.kz:'))).toBe(true);
    expect(left).not.toContain('signin-pair:old@example.kz|203.0.113.1');
    expect(left).not.toContain('cohort-import-rows:old-actor');
    expect(left.some((k) => k.startsWith('signin-device:gone@example.kz:'))).toBe(false);
  });
});

describe('schedulePruning', () => {
  it('runs again and again while the process serves, and starts only once', async () => {
    const user = await makeUser(t.db);
    const expired = await createSession(t.db, generateSessionToken(), user, { now: new Date(Date.now() - 60 * DAY) });
    stopPruning = schedulePruning(async () => t.db, 25);
    schedulePruning(async () => t.db, 60 * DAY); // a second start changes nothing
    await expect.poll(sessionIds, { timeout: 5000, interval: 20 }).not.toContain(expired.id);
    // And again later: the schedule is an interval, not a single run.
    const later = await createSession(t.db, generateSessionToken(), user, { now: new Date(Date.now() - 60 * DAY) });
    await expect
      .poll(
        async () =>
          (
            await t.db
              .select()
              .from(sessions)
              .where(inArray(sessions.id, [later.id]))
          ).length,
        { timeout: 5000, interval: 20 },
      )
      .toBe(0);
    stopPruning();
  });
});
