/** Session lifetimes with an injected clock: sliding renewal, idle and absolute expiry, staff limits. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { sessions } from '#db/schema.ts';
import { loadSessionPolicy } from '#lib/auth/session-policy.ts';
import { createSession, generateSessionToken, validateSessionToken } from '#lib/auth/session.server.ts';
import { hashToken } from '#lib/auth/token.ts';
import { setUserRole } from '#lib/auth/user.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { registerAndSignIn, registrationForm as form } from './fixtures.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

const t0 = new Date('2026-03-01T08:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const policy = loadSessionPolicy({});

describe('session lifetimes (injected clock)', () => {
  it('slides a learner session while used and ends it at the absolute cap', async () => {
    const reg = await registerAndSignIn(t.db, form(), { now: t0, policy });
    expect(reg.session.expiresAt).toEqual(at(30 * DAY));
    expect(reg.session.absoluteExpiresAt).toEqual(at(90 * DAY));
    // Day 10: more than half the idle time left, nothing changes.
    expect(await validateSessionToken(t.db, reg.token, { now: at(10 * DAY), policy })).toMatchObject({
      renewed: false,
    });
    // Every 20 days the session is used and slides; it would live forever without the cap.
    for (const day of [20, 40, 60]) {
      const v = await validateSessionToken(t.db, reg.token, { now: at(day * DAY), policy });
      expect(v, `day ${day}`).toMatchObject({ renewed: true });
      expect(v?.session.expiresAt).toEqual(at(Math.min(day + 30, 90) * DAY));
      const stored = await t.db
        .select()
        .from(sessions)
        .where(eq(sessions.id, hashToken(reg.token)))
        .get();
      expect(stored?.expiresAt).toEqual(v?.session.expiresAt);
    }
    // Day 80: the expiry already sits at the cap (day 90), so there is nowhere to slide.
    const capped = await validateSessionToken(t.db, reg.token, { now: at(80 * DAY), policy });
    expect(capped).toMatchObject({ renewed: false });
    expect(capped?.session.expiresAt).toEqual(at(90 * DAY));
    expect(await validateSessionToken(t.db, reg.token, { now: at(90 * DAY - 1), policy })).not.toBeNull();
    expect(await validateSessionToken(t.db, reg.token, { now: at(90 * DAY), policy })).toBeNull();
    // And it is gone from the table, not just refused.
    expect(
      await t.db
        .select()
        .from(sessions)
        .where(eq(sessions.id, hashToken(reg.token)))
        .get(),
    ).toBeUndefined();
  });

  it('ends a session left idle', async () => {
    const reg = await registerAndSignIn(t.db, form(), { now: t0, policy });
    expect(await validateSessionToken(t.db, reg.token, { now: at(30 * DAY + 1), policy })).toBeNull();
  });

  it('gives trainers and admins shorter sessions', async () => {
    const reg = await registerAndSignIn(t.db, form(), { now: t0 });
    await setUserRole(t.db, reg.user.id, 'trainer');
    const token = generateSessionToken();
    const session = await createSession(t.db, token, { id: reg.user.id, role: 'trainer' }, { now: t0, policy });
    expect(session.expiresAt).toEqual(at(2 * HOUR));
    expect(session.absoluteExpiresAt).toEqual(at(12 * HOUR));
    for (const h of [1.5, 3, 4.5, 6, 7.5, 9, 10.5])
      expect(await validateSessionToken(t.db, token, { now: at(h * HOUR), policy }), `${h} h`).not.toBeNull();
    expect(await validateSessionToken(t.db, token, { now: at(12 * HOUR), policy })).toBeNull();
  });

  it('honours lifetimes from the environment', async () => {
    const short = loadSessionPolicy({ SESSION_IDLE_HOURS: '1', SESSION_ABSOLUTE_DAYS: '1' });
    const reg = await registerAndSignIn(t.db, form(), { now: t0, policy: short });
    expect(reg.session.expiresAt).toEqual(at(HOUR));
    expect(await validateSessionToken(t.db, reg.token, { now: at(HOUR + 1), policy: short })).toBeNull();
  });
});
