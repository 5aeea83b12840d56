/**
 * How long a session lives. Pure: the numbers come from the environment once, the decisions
 * are functions of (session, role, policy, now), so tests inject the clock.
 *
 * Environment (hours or days; decimals allowed):
 *   SESSION_IDLE_HOURS            learners: idle lifetime, renewed while used   (default 720 = 30 days)
 *   SESSION_ABSOLUTE_DAYS         learners: hard cap from sign-in               (default 90)
 *   SESSION_STAFF_IDLE_HOURS      trainers and admins: idle lifetime            (default 2)
 *   SESSION_STAFF_ABSOLUTE_HOURS  trainers and admins: hard cap from sign-in    (default 12)
 *
 * Sliding renewal (Lucia): once less than half the idle lifetime is left, a request pushes
 * the expiry to now + idle, never past the hard cap (OWASP ASVS 3.3: re-authenticate
 * periodically however active the session). Staff lifetimes are shorter because their
 * sessions can change other people's records. The cap of a session is recomputed from the
 * user's current role, so promoting a learner shortens their open sessions too.
 */
import { z } from 'zod';
import type { Role } from '#db/schema.ts';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

export interface Lifetime {
  idleMs: number;
  absoluteMs: number;
}

export interface SessionPolicy {
  learner: Lifetime;
  staff: Lifetime;
}

const positive = (fallback: number) =>
  z.coerce
    .number()
    .positive()
    .max(24 * 3650)
    .default(fallback);

const envSchema = z.object({
  SESSION_IDLE_HOURS: positive(720),
  SESSION_ABSOLUTE_DAYS: positive(90),
  SESSION_STAFF_IDLE_HOURS: positive(2),
  SESSION_STAFF_ABSOLUTE_HOURS: positive(12),
});

/** Reads the policy from the environment; a bad value throws naming the variable. */
export function loadSessionPolicy(env: Record<string, string | undefined> = process.env): SessionPolicy {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = envSchema.safeParse(blankless);
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => `${i.path.join('.')} (${i.message})`).join(', ');
    throw new Error(`Session settings are not valid: ${names}. Use a positive number, e.g. SESSION_IDLE_HOURS=720.`);
  }
  const e = parsed.data;
  return {
    learner: { idleMs: e.SESSION_IDLE_HOURS * HOUR, absoluteMs: e.SESSION_ABSOLUTE_DAYS * DAY },
    staff: { idleMs: e.SESSION_STAFF_IDLE_HOURS * HOUR, absoluteMs: e.SESSION_STAFF_ABSOLUTE_HOURS * HOUR },
  };
}

let cached: SessionPolicy | undefined;

/** The process's policy, read from the environment on first use. */
export function defaultSessionPolicy(): SessionPolicy {
  cached ??= loadSessionPolicy();
  return cached;
}

export function lifetimeFor(policy: SessionPolicy, role: Role): Lifetime {
  return role === 'learner' ? policy.learner : policy.staff;
}

/** Expiry times of a session started at `now`. */
export function newSessionTimes(
  role: Role,
  policy: SessionPolicy,
  now: Date,
): { expiresAt: Date; absoluteExpiresAt: Date } {
  const life = lifetimeFor(policy, role);
  const absoluteExpiresAt = new Date(now.getTime() + life.absoluteMs);
  const expiresAt = new Date(Math.min(now.getTime() + life.idleMs, absoluteExpiresAt.getTime()));
  return { expiresAt, absoluteExpiresAt };
}

export interface SessionTimes {
  createdAt: Date;
  expiresAt: Date;
  absoluteExpiresAt: Date;
}

export type SessionVerdict = { state: 'expired' } | { state: 'valid'; expiresAt: Date; renewed: boolean };

/**
 * Whether a stored session is still good at `now` for a user of `role`, and its new expiry
 * when it should slide (or shrink, after a promotion to a shorter-lived role).
 */
export function judgeSession(session: SessionTimes, role: Role, policy: SessionPolicy, now: Date): SessionVerdict {
  const life = lifetimeFor(policy, role);
  const cap = Math.min(session.absoluteExpiresAt.getTime(), session.createdAt.getTime() + life.absoluteMs);
  const t = now.getTime();
  if (t >= session.expiresAt.getTime() || t >= cap) return { state: 'expired' };
  const target = Math.min(t + life.idleMs, cap);
  const current = session.expiresAt.getTime();
  const slide = current - t < life.idleMs / 2 && target > current;
  const shrink = current > target;
  if (slide || shrink) return { state: 'valid', expiresAt: new Date(target), renewed: true };
  return { state: 'valid', expiresAt: session.expiresAt, renewed: false };
}
