/**
 * What makes a password acceptable (NIST SP 800-63B, OWASP ASVS 2.1): at least 8 and at
 * most 256 characters, counted after Unicode NFKC normalisation; not among the common
 * passwords; not the account's own e-mail address or its local part. No composition rules
 * (they make passwords worse, not better), and every character is allowed, spaces too.
 */
import { isCommonPassword } from './common-passwords.ts';
import type { AuthErrorCode } from './errors.ts';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * The form a password is hashed and checked in: NFKC, so the same password typed on two
 * keyboards (composed and decomposed letters, full-width digits) is the same password.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/** The first rule the password breaks, or null when it is acceptable. */
export function checkPasswordPolicy(password: string, context: { email?: string } = {}): AuthErrorCode | null {
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  if (length < PASSWORD_MIN_LENGTH) return 'auth.error.password_too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'auth.error.password_too_long';
  if (isCommonPassword(normalized)) return 'auth.error.password_common';
  const email = context.email?.trim().toLowerCase();
  if (email) {
    const lower = normalized.toLowerCase();
    const local = email.split('@')[0] ?? '';
    if (lower === email || (local.length > 0 && lower === local)) return 'auth.error.password_like_email';
  }
  return null;
}
