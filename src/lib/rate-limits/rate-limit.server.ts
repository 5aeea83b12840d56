/**
 * Counting hits against the rules in rate-limit.ts. Each hit is one atomic upsert that
 * starts a new window when the old one has passed, so concurrent requests from several
 * processes are counted exactly.
 */
import { and, eq, lt, notLike, or, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { rateLimits } from '#db/schema.ts';
import {
  combineVerdicts,
  DEVICE_KEY_PREFIX,
  judgeHits,
  TRUSTED_DEVICE_DAYS,
  type RateLimitRule,
  type RateLimitVerdict,
} from './rate-limit.ts';

/** One rule applied to one subject (an e-mail, an address); a null subject is skipped. */
export type RateLimitHit = readonly [rule: RateLimitRule, subject: string | null];

function keyOf(rule: RateLimitRule, subject: string): string {
  return `${rule.name}:${subject}`;
}

function hitStatement(db: Database, rule: RateLimitRule, subject: string, now: Date) {
  const cutoff = now.getTime() - rule.windowMs;
  const expired = sql`${rateLimits.windowStartedAt} <= ${cutoff}`;
  return db
    .insert(rateLimits)
    .values({ key: keyOf(rule, subject), windowStartedAt: now, hits: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        hits: sql`CASE WHEN ${expired} THEN 1 ELSE ${rateLimits.hits} + 1 END`,
        windowStartedAt: sql`CASE WHEN ${expired} THEN ${now.getTime()} ELSE ${rateLimits.windowStartedAt} END`,
      },
    })
    .returning({ hits: rateLimits.hits, windowStartedAt: rateLimits.windowStartedAt });
}

/** Counts one hit for each rule and subject, and says whether all of them still allow it. */
export async function consumeRateLimits(
  db: Database,
  hits: readonly RateLimitHit[],
  now: Date = new Date(),
): Promise<RateLimitVerdict> {
  const present = hits.filter((h): h is readonly [RateLimitRule, string] => h[1] !== null && h[1] !== '');
  if (present.length === 0) return { allowed: true };
  const [first, ...rest] = present.map(([rule, subject]) => hitStatement(db, rule, subject, now));
  const results = await db.batch([first!, ...rest]);
  return combineVerdicts(
    results.map((rows, i) => {
      const row = rows[0];
      const rule = present[i]![0];
      return row ? judgeHits(rule, row.hits, row.windowStartedAt, now) : { allowed: true };
    }),
  );
}

/** Forgets a subject's count, e.g. an account's failed sign-ins after it signs in. */
export async function clearRateLimit(db: Database, rule: RateLimitRule, subject: string | null): Promise<void> {
  if (!subject) return;
  await db.delete(rateLimits).where(eq(rateLimits.key, keyOf(rule, subject)));
}

/** Takes back one hit, so that only failures count against a shared address. */
export async function refundRateLimit(db: Database, rule: RateLimitRule, subject: string | null): Promise<void> {
  if (!subject) return;
  await db
    .update(rateLimits)
    .set({ hits: sql`max(${rateLimits.hits} - 1, 0)` })
    .where(eq(rateLimits.key, keyOf(rule, subject)));
}

/**
 * Deletes counters whose window ended long ago (the longest window is one hour), and
 * trusted-browser marks (trusted-device.server.ts) not used for TRUSTED_DEVICE_DAYS.
 */
export async function pruneRateLimits(db: Database, now: Date = new Date()): Promise<void> {
  const day = 24 * 60 * 60 * 1000;
  await db
    .delete(rateLimits)
    .where(
      or(
        and(
          lt(rateLimits.windowStartedAt, new Date(now.getTime() - day)),
          notLike(rateLimits.key, `${DEVICE_KEY_PREFIX}%`),
        ),
        lt(rateLimits.windowStartedAt, new Date(now.getTime() - TRUSTED_DEVICE_DAYS * day)),
      ),
    );
}
