/**
 * Sessions per Lucia's guide (lucia-auth.com, "Sessions"): the browser holds a random token,
 * the database holds its SHA-256 as the session id. Looking a session up by that hash leaks
 * nothing through timing that would help forge one, and a copy of the table signs no one in.
 * Lifetimes and sliding renewal: session-policy.ts.
 */
import { and, eq, lt, ne, or, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { sessions, users, type Role, type SessionRow } from '#db/schema.ts';
import { defaultSessionPolicy, judgeSession, newSessionTimes, type SessionPolicy } from './session-policy.ts';
import { generateSecretToken, hashToken, isWellFormedToken } from './token.ts';
import { sessionUserColumns } from './user-columns.ts';
import type { Locale } from '#lib/i18n/locales.ts';

export type Session = SessionRow;

/** What a page may know about the signed-in user (no password hash). */
export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  locale: Locale;
  region: string | null;
  organisation: string | null;
}

export interface SessionValidation {
  session: Session;
  user: SessionUser;
  /** True when the expiry moved: set the cookie again with the new `session.expiresAt`. */
  renewed: boolean;
}

export interface ClockOptions {
  now?: Date;
  policy?: SessionPolicy;
}

/** A new session token: 20 random bytes, base32 (lower case, no padding). */
export function generateSessionToken(): string {
  return generateSecretToken(20);
}

/** Stores a session for `token` (only its hash) and returns it. */
export async function createSession(
  db: Database,
  token: string,
  user: { id: string; role: Role },
  options: ClockOptions = {},
): Promise<Session> {
  const now = options.now ?? new Date();
  const times = newSessionTimes(user.role, options.policy ?? defaultSessionPolicy(), now);
  const session: Session = { id: hashToken(token), userId: user.id, createdAt: now, ...times };
  await db.insert(sessions).values(session);
  return session;
}

/**
 * The session-and-user query of every signed-in request, built once per database handle (drizzle's prepared query):
 * building it anew each time cost more than running it (docs/benchmarks.md).
 */
function prepareSessionLookup(db: Database) {
  return db
    .select({ session: sessions, user: sessionUserColumns })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder('id')))
    .prepare();
}

const sessionLookups = new WeakMap<Database, ReturnType<typeof prepareSessionLookup>>();

function sessionLookup(db: Database): ReturnType<typeof prepareSessionLookup> {
  let lookup = sessionLookups.get(db);
  if (!lookup) sessionLookups.set(db, (lookup = prepareSessionLookup(db)));
  return lookup;
}

/**
 * The session and user behind a token, or null when there is none, it expired (idle or
 * absolute), or the user was deactivated. Expired sessions are deleted on sight; a session
 * past half its idle lifetime slides forward.
 */
export async function validateSessionToken(
  db: Database,
  token: unknown,
  options: ClockOptions = {},
): Promise<SessionValidation | null> {
  if (!isWellFormedToken(token)) return null;
  const now = options.now ?? new Date();
  const id = hashToken(token);
  const row = await sessionLookup(db).get({ id });
  if (!row) return null;
  const { active, ...user } = row.user;
  const verdict = judgeSession(row.session, user.role, options.policy ?? defaultSessionPolicy(), now);
  if (!active || verdict.state === 'expired') {
    await invalidateSession(db, id);
    return null;
  }
  if (verdict.renewed) {
    await db.update(sessions).set({ expiresAt: verdict.expiresAt }).where(eq(sessions.id, id));
  }
  return { session: { ...row.session, expiresAt: verdict.expiresAt }, user, renewed: verdict.renewed };
}

/** Ends one session (sign-out). */
export async function invalidateSession(db: Database, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a user ("sign out everywhere"), optionally keeping the current one. */
export async function invalidateUserSessions(
  db: Database,
  userId: string,
  options: { except?: string } = {},
): Promise<void> {
  const mine = eq(sessions.userId, userId);
  await db.delete(sessions).where(options.except ? and(mine, ne(sessions.id, options.except)) : mine);
}

/** Deletes sessions that can no longer be used; run it now and then (e.g. daily). */
export async function pruneSessions(db: Database, now: Date = new Date()): Promise<void> {
  await db.delete(sessions).where(or(lt(sessions.expiresAt, now), lt(sessions.absoluteExpiresAt, now)));
}
