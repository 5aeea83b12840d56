/**
 * What the account pages call: sign-in in the fixed order of Lucia's example (parse,
 * rate-limit, call the library, create the session), returning the token for the cookie or
 * an error code; registration lives in registration.server.ts. Sign-in answers "wrong e-mail
 * or password" alike for an unknown address, an invited account and a wrong password, in
 * the same time.
 */
import type { Database } from '#db/client.ts';
import type { Result } from './errors.ts';
import { spendVerificationTime } from './password-hash.ts';
import { addressSubject, RATE_LIMITS, signInPairSubject } from '#lib/rate-limits/rate-limit.ts';
import { clearRateLimit, consumeRateLimits, refundRateLimit } from '#lib/rate-limits/rate-limit.server.ts';
import {
  createSession,
  generateSessionToken,
  invalidateSession,
  invalidateUserSessions,
  type ClockOptions,
  type Session,
} from './session.server.ts';
import { deviceHashOf, isTrustedDevice, trustDevice } from './trusted-device.server.ts';
import { authenticateUser, type User } from './user.server.ts';
import { normalizeEmail } from './user-input.ts';
import { countSignInFailure } from '#lib/observe/metrics.ts';

export interface SignedIn {
  user: User;
  session: Session;
  /** Goes into the session cookie; never stored or logged. */
  token: string;
}

export interface SignInContext extends ClockOptions {
  /** The client's address (Astro's `clientAddress`); per-address limits are skipped without one. */
  ip?: string | null;
  /** The browser's device cookie (trusted-device.server.ts), when it sent one. */
  device?: string | null;
}

export { registerAccount } from './registration.server.ts';

/**
 * Signs in with e-mail and password. Limits slow the guesser, not the owner (rate-limit.ts,
 * docs/decisions/012): failures count per account and address (or per browser that signed
 * in to the account before, `device`), per address, and, for browsers the account does not
 * know, per account up to the ASVS ceiling. Every failure spends one argon2 verification,
 * so the answer takes as long for an unknown address, an invited account without a password
 * and a wrong password. On success `deviceToken` is the value for the device cookie.
 */
export async function signIn(
  db: Database,
  input: { email: unknown; password: unknown },
  context: SignInContext = {},
): Promise<Result<SignedIn & { deviceToken: string }>> {
  const result = await checkSignIn(db, input, context);
  if (!result.ok) countSignInFailure(result.error.replace(/^auth\.error\.(account_)?/, ''));
  return result;
}

/** signIn's checks, without the count of failures for the metrics. */
async function checkSignIn(
  db: Database,
  input: { email: unknown; password: unknown },
  context: SignInContext,
): Promise<Result<SignedIn & { deviceToken: string }>> {
  const now = context.now ?? new Date();
  const email = typeof input.email === 'string' ? normalizeEmail(input.email).slice(0, 254) : '';
  const password = typeof input.password === 'string' ? input.password.slice(0, 1024) : '';
  const ip = addressSubject(context.ip);
  const deviceHash = deviceHashOf(context.device);
  const trusted = await isTrustedDevice(db, email, deviceHash);
  const pair = email ? signInPairSubject(email, { ip, deviceHash: trusted ? deviceHash : null }) : null;
  const near = await consumeRateLimits(
    db,
    [
      [RATE_LIMITS.signInPair, pair],
      [RATE_LIMITS.signInIp, ip],
    ],
    now,
  );
  if (!near.allowed) return { ok: false, error: 'auth.error.rate_limited', retryAfterSeconds: near.retryAfterSeconds };
  // Counted only for tries that reach the password check, so refusals above do not fill it.
  const far = trusted ? near : await consumeRateLimits(db, [[RATE_LIMITS.signInAccount, email || null]], now);
  if (!far.allowed) return { ok: false, error: 'auth.error.rate_limited', retryAfterSeconds: far.retryAfterSeconds };
  const user = email && password ? await authenticateUser(db, email, password) : null;
  if (!user) {
    if (!email || !password) await spendVerificationTime(password);
    return { ok: false, error: 'auth.error.invalid_credentials' };
  }
  await Promise.all([
    clearRateLimit(db, RATE_LIMITS.signInPair, pair),
    refundRateLimit(db, RATE_LIMITS.signInIp, ip),
    trusted ? Promise.resolve() : refundRateLimit(db, RATE_LIMITS.signInAccount, email),
  ]);
  if (!user.active) return { ok: false, error: 'auth.error.account_inactive' };
  const deviceToken = await trustDevice(db, email, context.device, now);
  const token = generateSessionToken();
  const session = await createSession(db, token, user, { ...context, now });
  return { ok: true, user, session, token, deviceToken };
}

/** Signs out this browser. */
export async function signOut(db: Database, sessionId: string): Promise<void> {
  await invalidateSession(db, sessionId);
}

/** Signs the user out on every device, this one included. */
export async function signOutEverywhere(db: Database, userId: string): Promise<void> {
  await invalidateUserSessions(db, userId);
}
