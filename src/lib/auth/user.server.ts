/**
 * Accounts: creating them, checking passwords, and the changes a user or an admin makes.
 * Input is parsed by user-input.ts; failures come back as codes (errors.ts).
 */
import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { createId } from '#db/ids.ts';
import { passwordResetTokens, sessions, users, type Role, type UserRow } from '#db/schema.ts';
import type { Result } from './errors.ts';
import { hashPassword, spendVerificationTime, verifyPassword } from './password-hash.ts';
import { checkPasswordPolicy } from './password-policy.ts';
import { RATE_LIMITS } from '#lib/rate-limits/rate-limit.ts';
import { clearRateLimit, consumeRateLimits } from '#lib/rate-limits/rate-limit.server.ts';
import { invalidateUserSessions } from './session.server.ts';
import { userColumns } from './user-columns.ts';
import { fieldErrors, normalizeEmail, profileSchema, roleSchema, type Registration } from './user-input.ts';

/**
 * A user as the rest of the app sees one: the columns of `userColumns` (everything but the
 * password hash, the credential-subject choice, which only the certificate code reads, and the
 * time of consent at registration).
 */
export type User = Omit<UserRow, 'passwordHash' | 'credentialSubject' | 'privacyConsentAt'>;

export async function findUserById(db: Database, id: string): Promise<User | null> {
  return (await db.select(userColumns).from(users).where(eq(users.id, id)).get()) ?? null;
}

/** Looks the address up in its normalised form. */
export async function findUserByEmail(db: Database, email: string): Promise<User | null> {
  return (
    (await db
      .select(userColumns)
      .from(users)
      .where(eq(users.email, normalizeEmail(email)))
      .get()) ?? null
  );
}

/**
 * Stores a new user from already-parsed input (see `registerAccount` for the checks that
 * come first). Returns null when the e-mail is taken: the unique index decides, so two
 * simultaneous registrations cannot both win.
 */
export async function createUser(
  db: Database,
  input: Registration & { role?: Role; consentedAt?: Date },
  now: Date = new Date(),
): Promise<User | null> {
  const passwordHash = await hashPassword(input.password);
  const rows = await db
    .insert(users)
    .values({
      id: createId(),
      email: input.email,
      displayName: input.name,
      passwordHash,
      role: input.role ?? 'learner',
      locale: input.locale,
      region: input.region,
      organisation: input.organisation,
      active: true,
      createdAt: now,
      privacyConsentAt: input.consentedAt ?? null,
    })
    .onConflictDoNothing({ target: users.email })
    .returning(userColumns);
  return rows[0] ?? null;
}

/**
 * The user whose e-mail and password these are, or null. Takes as long for an unknown
 * address as for a wrong password. Does not look at `active`: the caller decides what an
 * inactive account may see.
 */
export async function authenticateUser(db: Database, email: string, password: string): Promise<User | null> {
  const row = await db
    .select()
    .from(users)
    .where(eq(users.email, normalizeEmail(email)))
    .get();
  if (!row) {
    await spendVerificationTime(password);
    return null;
  }
  if (!(await verifyPassword(row.passwordHash, password))) return null;
  const { passwordHash: _, ...user } = row;
  return user;
}

/**
 * Changes a signed-in user's password after checking the current one, and ends their other
 * sessions (whoever else held one is out); the session making the change stays.
 */
export async function changePassword(
  db: Database,
  input: { userId: string; currentPassword: string; newPassword: string; currentSessionId?: string; now?: Date },
): Promise<Result<object>> {
  const row = await db.select().from(users).where(eq(users.id, input.userId)).get();
  if (!row) return { ok: false, error: 'auth.error.user_not_found' };
  // A stolen session must not become a way to guess the password.
  const verdict = await consumeRateLimits(db, [[RATE_LIMITS.passwordChange, row.id]], input.now);
  if (!verdict.allowed)
    return { ok: false, error: 'auth.error.rate_limited', retryAfterSeconds: verdict.retryAfterSeconds };
  if (!(await verifyPassword(row.passwordHash, input.currentPassword))) {
    return {
      ok: false,
      error: 'auth.error.wrong_current_password',
      fields: { currentPassword: 'auth.error.wrong_current_password' },
    };
  }
  const problem = checkPasswordPolicy(input.newPassword, { email: row.email });
  if (problem) return { ok: false, error: problem, fields: { newPassword: problem } };
  const passwordHash = await hashPassword(input.newPassword);
  const others = input.currentSessionId
    ? and(eq(sessions.userId, row.id), ne(sessions.id, input.currentSessionId))
    : eq(sessions.userId, row.id);
  await db.batch([
    db.update(users).set({ passwordHash }).where(eq(users.id, row.id)),
    db.delete(sessions).where(others),
    db
      .delete(passwordResetTokens)
      .where(and(eq(passwordResetTokens.userId, row.id), isNull(passwordResetTokens.usedAt))),
  ]);
  await clearRateLimit(db, RATE_LIMITS.passwordChange, row.id);
  return { ok: true };
}

/**
 * Changes the name (as printed on future certificates), language, region or organisation.
 * Only the fields present in `change` are touched; blank region/organisation clears them.
 */
export async function updateProfile(db: Database, userId: string, change: unknown): Promise<Result<{ user: User }>> {
  const parsed = profileSchema.safeParse(change);
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error);
    return { ok: false, error: Object.values(fields)[0] ?? 'auth.error.name_invalid', fields };
  }
  const { name, locale, region, organisation } = parsed.data;
  const set = {
    ...(name !== undefined && { displayName: name }),
    ...(locale !== undefined && { locale }),
    ...(region !== undefined && { region }),
    ...(organisation !== undefined && { organisation }),
  };
  const rows =
    Object.keys(set).length > 0
      ? await db.update(users).set(set).where(eq(users.id, userId)).returning(userColumns)
      : await db.select(userColumns).from(users).where(eq(users.id, userId));
  const user = rows[0];
  return user ? { ok: true, user } : { ok: false, error: 'auth.error.user_not_found' };
}

/**
 * Gives a user another role. Their sessions end, so the next sign-in starts a session with
 * the new role's lifetime and nothing cached under the old role survives.
 */
export async function setUserRole(db: Database, userId: string, role: unknown): Promise<Result<{ user: User }>> {
  const parsed = roleSchema.safeParse(role);
  if (!parsed.success) return { ok: false, error: 'auth.error.role_invalid' };
  const rows = await db.update(users).set({ role: parsed.data }).where(eq(users.id, userId)).returning(userColumns);
  const user = rows[0];
  if (!user) return { ok: false, error: 'auth.error.user_not_found' };
  await invalidateUserSessions(db, userId);
  return { ok: true, user };
}

/**
 * Deactivates (or reactivates) an account. A deactivated user cannot sign in and their
 * sessions end at once; their progress and certificates stay.
 */
export async function setUserActive(db: Database, userId: string, active: boolean): Promise<Result<{ user: User }>> {
  const rows = await db.update(users).set({ active }).where(eq(users.id, userId)).returning(userColumns);
  const user = rows[0];
  if (!user) return { ok: false, error: 'auth.error.user_not_found' };
  if (!active) await invalidateUserSessions(db, userId);
  return { ok: true, user };
}
