/**
 * Browsers an account has signed in on ("device cookies", OWASP's answer to lockout by
 * strangers): after a successful sign-in the browser keeps a random token in a cookie, and
 * the account remembers the token's hash. Such a browser is judged on its own counter and is
 * not held by the account-wide ceiling, so a guesser who fills that ceiling from many
 * addresses cannot keep the owner out of the browsers they use. The marks live in the
 * rate_limits table (key `signin-device:<e-mail>:<hash>`, window start = last sign-in),
 * which needs no table of its own and is pruned with the counters.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { rateLimits } from '#db/schema.ts';
import { DEVICE_KEY_PREFIX } from '#lib/rate-limits/rate-limit.ts';
import { generateSecretToken, hashToken, isWellFormedToken } from './token.ts';

function deviceKey(email: string, deviceHash: string): string {
  return `${DEVICE_KEY_PREFIX}${email}:${deviceHash}`;
}

/** The stored form of a device cookie's value, or null for a missing or malformed one. */
export function deviceHashOf(deviceToken: unknown): string | null {
  return isWellFormedToken(deviceToken) ? hashToken(deviceToken) : null;
}

/** Whether this browser (its device cookie) signed in to the account before. */
export async function isTrustedDevice(db: Database, email: string, deviceHash: string | null): Promise<boolean> {
  if (!deviceHash || !email) return false;
  const row = await db
    .select({ key: rateLimits.key })
    .from(rateLimits)
    .where(eq(rateLimits.key, deviceKey(email, deviceHash)))
    .get();
  return row !== undefined;
}

/**
 * Remembers (or refreshes) this browser for the account after a successful sign-in and
 * returns the device cookie's value: the browser's existing one, or a new random token.
 */
export async function trustDevice(db: Database, email: string, deviceToken: unknown, now: Date): Promise<string> {
  const token = isWellFormedToken(deviceToken) ? deviceToken : generateSecretToken(20);
  await db
    .insert(rateLimits)
    .values({ key: deviceKey(email, hashToken(token)), windowStartedAt: now, hits: 0 })
    .onConflictDoUpdate({ target: rateLimits.key, set: { windowStartedAt: now } });
  return token;
}
