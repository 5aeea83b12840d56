/**
 * The shapes of account forms, parsed with zod. Messages are error codes (dictionary keys),
 * so `fieldErrors()` turns a failed parse into `{ field: code }` for the form.
 */
import { z } from 'zod';
import { LOCALES } from '#lib/i18n/locales.ts';
import { ROLES } from '#db/schema.ts';
import type { AuthErrorCode } from './errors.ts';
import { PRINTABLE_NAME } from '#lib/certificates/name-script.ts';

export const NAME_MAX_LENGTH = 120;
export const FIELD_MAX_LENGTH = 200;

/** Trimmed and lower-cased, so one address is one account however it is typed. */
export function normalizeEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

/** NFC (the certificate prints exactly this), trimmed, inner runs of spaces collapsed. */
export function normalizeDisplayName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/gu, ' ');
}

export const emailSchema = z
  .string({ error: 'auth.error.email_invalid' })
  .transform(normalizeEmail)
  .pipe(z.email({ error: 'auth.error.email_invalid' }).max(254, { error: 'auth.error.email_invalid' }));

export const displayNameSchema = z
  .string({ error: 'auth.error.name_required' })
  .transform(normalizeDisplayName)
  .pipe(
    z
      .string()
      .min(1, { error: 'auth.error.name_required' })
      .max(NAME_MAX_LENGTH, { error: 'auth.error.name_too_long' })
      // A name has letters and no control characters (which would break the certificate).
      .regex(/^(?=.*\p{L})[^\p{Cc}\p{Cf}]+$/u, { error: 'auth.error.name_invalid' })
      // Only scripts the certificate font prints (Latin, Cyrillic, Greek): see certificates/name-script.ts.
      .regex(PRINTABLE_NAME, { error: 'auth.error.name_script' }),
  );

export const localeSchema = z.enum(LOCALES, { error: 'auth.error.locale_invalid' });
export const roleSchema = z.enum(ROLES, { error: 'auth.error.role_invalid' });

/** An optional free-text field: blank becomes null. */
const optionalText = z
  .string()
  .optional()
  .nullable()
  .transform((v) => (v == null ? null : normalizeDisplayName(v) || null))
  .pipe(z.string().max(FIELD_MAX_LENGTH, { error: 'auth.error.field_too_long' }).nullable());

export const registrationSchema = z.object({
  /** Full name as it should appear on certificates. */
  name: displayNameSchema,
  email: emailSchema,
  /** Checked against the password policy separately (it needs the e-mail). */
  password: z.string({ error: 'auth.error.password_too_short' }),
  locale: localeSchema,
  region: optionalText,
  organisation: optionalText,
});
export type Registration = z.infer<typeof registrationSchema>;

/**
 * The registration form's consent to the processing of personal data (the Law of the Republic of
 * Kazakhstan "On personal data and their protection", Article 8; decision 026): the ticked box.
 */
export const consentSchema = z.object({
  consent: z.literal('yes', { error: 'auth.error.consent_required' }),
});

/** Fields left out stay as they are (`undefined`); a blank region or organisation clears it. */
export const profileSchema = z.object({
  name: displayNameSchema.optional(),
  locale: localeSchema.optional(),
  region: optionalText.optional(),
  organisation: optionalText.optional(),
});

/** `{ field: code }` from a failed parse, first problem per field. */
export function fieldErrors(error: z.ZodError): Partial<Record<string, AuthErrorCode>> {
  const fields: Partial<Record<string, AuthErrorCode>> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    fields[field] ??= issue.message as AuthErrorCode;
  }
  return fields;
}
