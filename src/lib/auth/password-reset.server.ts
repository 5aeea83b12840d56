/**
 * "Forgot password": a one-time link by e-mail. The token is random (160 bits), only its
 * hash is stored, it expires (PASSWORD_RESET_MINUTES, default 60) and it is redeemed
 * at most once, by a conditional UPDATE that only one request can win. Redeeming sets the
 * new password and ends every session of the account.
 *
 * No user enumeration: `requestPasswordReset` answers the same for a known and an unknown
 * address; the e-mail is sent in the background (`delivery`, which pages must not await).
 */
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '#db/client.ts';
import { passwordResetTokens, sessions, users } from '#db/schema.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { paths } from '#lib/i18n/urls.ts';
import { defaultMailer, type Mailer } from '#lib/mail/mailer.server.ts';
import { composePasswordResetMail } from '#lib/mail/password-reset-mail.ts';
import type { Result } from './errors.ts';
import { hashPassword } from './password-hash.ts';
import { checkPasswordPolicy } from './password-policy.ts';
import { addressSubject, RATE_LIMITS } from '#lib/rate-limits/rate-limit.ts';
import { consumeRateLimits } from '#lib/rate-limits/rate-limit.server.ts';
import { generateSecretToken, hashToken, isWellFormedToken } from './token.ts';
import { normalizeEmail } from './user-input.ts';

/** Minutes a reset link works, from env PASSWORD_RESET_MINUTES (default 60, at most a day). */
export function passwordResetMinutes(env: Record<string, string | undefined> = process.env): number {
  const parsed = z.coerce
    .number()
    .int()
    .min(5)
    .max(1440)
    .safeParse(env.PASSWORD_RESET_MINUTES || 60);
  if (!parsed.success) throw new Error('PASSWORD_RESET_MINUTES must be a whole number of minutes between 5 and 1440.');
  return parsed.data;
}

/** The page that takes the token: `/{locale}/reset-password?token=...`. */
export function passwordResetUrl(baseUrl: string, locale: Locale, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${paths.resetPassword(locale)}?token=${encodeURIComponent(token)}`;
}

export interface PasswordResetRequest {
  email: unknown;
  /** The site's public address, for the link (site config `baseUrl`). */
  baseUrl: string;
  /** The site's name in a language, for the e-mail. */
  siteName: (locale: Locale) => string;
  ip?: string | null;
  now?: Date;
  /** Defaults to the mailer configured by SMTP_URL / MAIL_FROM. */
  mailer?: Mailer;
  validMinutes?: number;
}

/**
 * Sends a reset link to the address if it belongs to an active account, in the account's
 * language. The result is the same either way (`auth.reset.requested`), except when the
 * rate limit for the address or the client is reached.
 */
export async function requestPasswordReset(
  db: Database,
  request: PasswordResetRequest,
): Promise<Result<{ delivery: Promise<void> }>> {
  const now = request.now ?? new Date();
  const email = typeof request.email === 'string' ? normalizeEmail(request.email).slice(0, 254) : '';
  const verdict = await consumeRateLimits(
    db,
    [
      [RATE_LIMITS.resetEmail, email || null],
      [RATE_LIMITS.resetIp, addressSubject(request.ip)],
    ],
    now,
  );
  if (!verdict.allowed)
    return { ok: false, error: 'auth.error.rate_limited', retryAfterSeconds: verdict.retryAfterSeconds };
  const user = email ? await db.select().from(users).where(eq(users.email, email)).get() : undefined;
  if (!user || !user.active) return { ok: true, delivery: Promise.resolve() };

  const validMinutes = request.validMinutes ?? passwordResetMinutes();
  const token = await issuePasswordResetToken(db, user.id, validMinutes, now);
  const message = composePasswordResetMail({
    to: user.email,
    locale: user.locale,
    name: user.displayName,
    url: passwordResetUrl(request.baseUrl, user.locale, token),
    validMinutes,
    siteName: request.siteName(user.locale),
  });
  const delivery = (request.mailer ?? defaultMailer()).send(message).catch((error: unknown) => {
    console.error(
      `[oqu] could not send the password-reset e-mail: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  return { ok: true, delivery };
}

/**
 * Stores a new one-time reset token for the account and returns it (for the link). Only the
 * newest link works: an older one in a forgotten inbox is no longer a way in.
 */
export async function issuePasswordResetToken(
  db: Database,
  userId: string,
  validMinutes: number,
  now: Date,
): Promise<string> {
  const token = generateSecretToken(20);
  await db.batch([
    db
      .delete(passwordResetTokens)
      .where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt))),
    db.insert(passwordResetTokens).values({
      tokenHash: hashToken(token),
      userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + validMinutes * 60_000),
    }),
  ]);
  return token;
}

/** Whether a reset link can still be used, so the page can say so before the form. */
export async function isPasswordResetTokenValid(
  db: Database,
  token: unknown,
  now: Date = new Date(),
): Promise<boolean> {
  return (await findRedeemable(db, token, now)) !== null;
}

async function findRedeemable(
  db: Database,
  token: unknown,
  now: Date,
): Promise<{ tokenHash: string; userId: string; email: string } | null> {
  if (!isWellFormedToken(token)) return null;
  const row = await db
    .select({ tokenHash: passwordResetTokens.tokenHash, userId: users.id, email: users.email })
    .from(passwordResetTokens)
    .innerJoin(users, eq(users.id, passwordResetTokens.userId))
    .where(
      and(
        eq(passwordResetTokens.tokenHash, hashToken(token)),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, now),
        eq(users.active, true),
      ),
    )
    .get();
  return row ?? null;
}

/**
 * Sets a new password with a reset token. Works once and only once, and only until the
 * token expires; ends every session of the account. A password the policy rejects does not
 * use the token up.
 */
export async function resetPassword(
  db: Database,
  input: { token: unknown; newPassword: string; now?: Date },
): Promise<Result<{ userId: string }>> {
  const now = input.now ?? new Date();
  const found = await findRedeemable(db, input.token, now);
  if (!found) return { ok: false, error: 'auth.error.reset_token_invalid' };
  const problem = checkPasswordPolicy(input.newPassword, { email: found.email });
  if (problem) return { ok: false, error: problem, fields: { password: problem } };
  const passwordHash = await hashPassword(input.newPassword);
  // One batch (one transaction, no await inside): the claim, then statements that act only
  // if this request's claim is the one recorded.
  const claim = generateSecretToken(16);
  const claimed = sql`(SELECT ${passwordResetTokens.userId} FROM ${passwordResetTokens} WHERE
    ${passwordResetTokens.tokenHash} = ${found.tokenHash} AND ${passwordResetTokens.claim} = ${claim})`;
  const [claimRows] = await db.batch([
    db
      .update(passwordResetTokens)
      .set({ usedAt: now, claim })
      .where(
        and(
          eq(passwordResetTokens.tokenHash, found.tokenHash),
          isNull(passwordResetTokens.usedAt),
          gt(passwordResetTokens.expiresAt, now),
        ),
      )
      .returning({ userId: passwordResetTokens.userId }),
    db
      .update(users)
      .set({ passwordHash })
      .where(sql`${users.id} IN ${claimed}`),
    db.delete(sessions).where(sql`${sessions.userId} IN ${claimed}`),
    db
      .delete(passwordResetTokens)
      .where(and(isNull(passwordResetTokens.usedAt), sql`${passwordResetTokens.userId} IN ${claimed}`)),
  ]);
  const userId = claimRows[0]?.userId;
  return userId ? { ok: true, userId } : { ok: false, error: 'auth.error.reset_token_invalid' };
}
