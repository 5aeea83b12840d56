/**
 * What the account pages call: registration and sign-in in the fixed order of Lucia's
 * example (parse, rate-limit, call the library, create the session), returning the token
 * for the cookie or an error code. Sign-in answers "wrong e-mail or password" alike for an
 * unknown address and a wrong password, in the same time.
 */
import type { Database } from '../../../db/client.ts';
import type { Result } from './errors.ts';
import { checkPasswordPolicy } from './password-policy.ts';
import { addressSubject, RATE_LIMITS } from './rate-limit.ts';
import { clearRateLimit, consumeRateLimits, refundRateLimit } from './rate-limit.server.ts';
import { createSession, generateSessionToken, invalidateSession, invalidateUserSessions, type ClockOptions, type Session } from './session.server.ts';
import { authenticateUser, createUser, type User } from './user.server.ts';
import { fieldErrors, normalizeEmail, registrationSchema } from './user-input.ts';

export interface SignedIn {
  user: User;
  session: Session;
  /** Goes into the session cookie; never stored or logged. */
  token: string;
}

export interface RequestContext extends ClockOptions {
  /** The client's address (Astro's `clientAddress`); per-address limits are skipped without one. */
  ip?: string | null;
}

/**
 * Registers a learner from form input `{ name, email, password, locale, region?,
 * organisation? }` and signs them in.
 */
export async function registerAccount(db: Database, input: unknown, context: RequestContext = {}): Promise<Result<SignedIn>> {
  const now = context.now ?? new Date();
  const parsed = registrationSchema.safeParse(input);
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error);
    return { ok: false, error: Object.values(fields)[0] ?? 'auth.error.email_invalid', fields };
  }
  const data = parsed.data;
  const verdict = await consumeRateLimits(
    db,
    [
      [RATE_LIMITS.registerIp, addressSubject(context.ip)],
      [RATE_LIMITS.registerEmail, data.email],
    ],
    now,
  );
  if (!verdict.allowed) return { ok: false, error: 'auth.error.rate_limited', retryAfterSeconds: verdict.retryAfterSeconds };
  const problem = checkPasswordPolicy(data.password, { email: data.email });
  if (problem) return { ok: false, error: problem, fields: { password: problem } };
  const user = await createUser(db, data, now);
  if (!user) return { ok: false, error: 'auth.error.email_taken', fields: { email: 'auth.error.email_taken' } };
  const token = generateSessionToken();
  const session = await createSession(db, token, user, { ...context, now });
  return { ok: true, user, session, token };
}

/** Signs in with e-mail and password. */
export async function signIn(
  db: Database,
  input: { email: unknown; password: unknown },
  context: RequestContext = {},
): Promise<Result<SignedIn>> {
  const now = context.now ?? new Date();
  const email = typeof input.email === 'string' ? normalizeEmail(input.email).slice(0, 254) : '';
  const password = typeof input.password === 'string' ? input.password.slice(0, 1024) : '';
  const ip = addressSubject(context.ip);
  const verdict = await consumeRateLimits(
    db,
    [
      [RATE_LIMITS.signInAccount, email || null],
      [RATE_LIMITS.signInIp, ip],
    ],
    now,
  );
  if (!verdict.allowed) return { ok: false, error: 'auth.error.rate_limited', retryAfterSeconds: verdict.retryAfterSeconds };
  const user = email && password ? await authenticateUser(db, email, password) : null;
  if (!user) return { ok: false, error: 'auth.error.invalid_credentials' };
  await Promise.all([clearRateLimit(db, RATE_LIMITS.signInAccount, email), refundRateLimit(db, RATE_LIMITS.signInIp, ip)]);
  if (!user.active) return { ok: false, error: 'auth.error.account_inactive' };
  const token = generateSessionToken();
  const session = await createSession(db, token, user, { ...context, now });
  return { ok: true, user, session, token };
}

/** Signs out this browser. */
export async function signOut(db: Database, sessionId: string): Promise<void> {
  await invalidateSession(db, sessionId);
}

/** Signs the user out on every device, this one included. */
export async function signOutEverywhere(db: Database, userId: string): Promise<void> {
  await invalidateUserSessions(db, userId);
}
