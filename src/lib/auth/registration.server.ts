/**
 * Registration that does not say whether an address already has an account
 * (docs/decisions/012-sign-in-throttling.md). Both cases take the same steps in the same
 * order (parse, rate-limit, hash, insert-or-nothing) and answer the same value; only the
 * e-mail differs, and only the address's owner reads it: a welcome for a new account, or
 * "you already have an account" with a one-time link to set a new password. No session is
 * created: the person signs in with the password they chose, as the page then asks.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { users } from '#db/schema.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { paths } from '#lib/i18n/urls.ts';
import { defaultMailer, type MailMessage, type Mailer } from '#lib/mail/mailer.server.ts';
import { composeAccountExistsMail, composeWelcomeMail } from '#lib/mail/registration-mail.ts';
import type { Result } from './errors.ts';
import { issuePasswordResetToken, passwordResetMinutes, passwordResetUrl } from './password-reset.server.ts';
import { checkPasswordPolicy } from './password-policy.ts';
import { addressSubject, RATE_LIMITS } from '#lib/rate-limits/rate-limit.ts';
import { consumeRateLimits } from '#lib/rate-limits/rate-limit.server.ts';
import { createUser } from './user.server.ts';
import { consentSchema, fieldErrors, registrationSchema } from './user-input.ts';

export interface RegistrationContext {
  /** The client's address (Astro's `clientAddress`); the per-address limit is skipped without one. */
  ip?: string | null;
  now?: Date;
  /** The site's public address, for the links in the e-mail (site config `baseUrl`). */
  baseUrl: string;
  /** The site's name in a language, for the e-mail. */
  siteName: (locale: Locale) => string;
  /** Where the sign-in link in the welcome e-mail returns to (an already safe path). */
  next?: string;
  /** Defaults to the mailer configured by SMTP_URL / MAIL_FROM. */
  mailer?: Mailer;
}

/**
 * Registers a learner from form input `{ name, email, password, locale, region?,
 * organisation?, consent }`; without `consent: 'yes'` (the box agreeing to the processing of
 * personal data, decision 026) nothing is stored, and the time of consent is recorded. Success
 * means "the e-mail is on its way", whether the account is new or the address already had one;
 * `delivery` settles when it was sent (pages must not await it).
 */
export async function registerAccount(
  db: Database,
  input: unknown,
  context: RegistrationContext,
): Promise<Result<{ delivery: Promise<void> }>> {
  const now = context.now ?? new Date();
  const parsed = registrationSchema.safeParse(input);
  const consent = consentSchema.safeParse(input);
  if (!parsed.success || !consent.success) {
    const fields = {
      ...(parsed.success ? {} : fieldErrors(parsed.error)),
      ...(consent.success ? {} : fieldErrors(consent.error)),
    };
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
  if (!verdict.allowed)
    return { ok: false, error: 'auth.error.rate_limited', retryAfterSeconds: verdict.retryAfterSeconds };
  const problem = checkPasswordPolicy(data.password, { email: data.email });
  if (problem) return { ok: false, error: problem, fields: { password: problem } };
  // createUser hashes before it inserts, so a taken address costs the same time as a new one.
  const created = await createUser(db, { ...data, consentedAt: now }, now);
  const message = created
    ? composeWelcomeMail({
        to: created.email,
        locale: created.locale,
        name: created.displayName,
        signInUrl: signInUrl(context, created.locale),
        siteName: context.siteName(created.locale),
      })
    : await accountExistsMail(db, data.email, context, now);
  const delivery = message ? sendQuietly(context.mailer ?? defaultMailer(), message) : Promise.resolve();
  return { ok: true, delivery };
}

function signInUrl(context: RegistrationContext, locale: Locale): string {
  const next = context.next ? `?next=${encodeURIComponent(context.next)}` : '';
  return `${context.baseUrl.replace(/\/+$/, '')}${paths.login(locale)}${next}`;
}

/** The mail for an address that already has an account; none for a deactivated one. */
async function accountExistsMail(
  db: Database,
  email: string,
  context: RegistrationContext,
  now: Date,
): Promise<MailMessage | null> {
  const owner = await db
    .select({ id: users.id, email: users.email, name: users.displayName, locale: users.locale, active: users.active })
    .from(users)
    .where(eq(users.email, email))
    .get();
  if (!owner?.active) return null;
  const validMinutes = passwordResetMinutes();
  const token = await issuePasswordResetToken(db, owner.id, validMinutes, now);
  return composeAccountExistsMail({
    to: owner.email,
    locale: owner.locale,
    name: owner.name,
    signInUrl: signInUrl(context, owner.locale),
    resetUrl: passwordResetUrl(context.baseUrl, owner.locale, token),
    validMinutes,
    siteName: context.siteName(owner.locale),
  });
}

async function sendQuietly(mailer: Mailer, message: MailMessage): Promise<void> {
  try {
    await mailer.send(message);
  } catch (error) {
    console.error(
      `[oqu] could not send the registration e-mail: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
