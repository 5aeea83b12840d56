/**
 * Expected failures of the account functions, as values. Each code is a key of the UI
 * dictionaries (src/lib/i18n/<locale>.json), so a page shows it
 * with `t(code, { minutes })` and never invents its own wording.
 */
export type AuthErrorCode =
  | 'auth.error.email_invalid'
  | 'auth.error.email_taken'
  | 'auth.error.name_required'
  | 'auth.error.name_too_long'
  | 'auth.error.name_invalid'
  | 'auth.error.locale_invalid'
  | 'auth.error.field_too_long'
  | 'auth.error.password_too_short'
  | 'auth.error.password_too_long'
  | 'auth.error.password_common'
  | 'auth.error.password_like_email'
  | 'auth.error.invalid_credentials'
  | 'auth.error.wrong_current_password'
  | 'auth.error.account_inactive'
  | 'auth.error.rate_limited'
  | 'auth.error.reset_token_invalid'
  | 'auth.error.role_invalid'
  | 'auth.error.user_not_found';

/** Every code with the field of a form it belongs to, when it belongs to one. */
export interface Failure<E extends string = AuthErrorCode> {
  ok: false;
  error: E;
  /** Per-field codes for a form, e.g. `{ email: 'auth.error.email_taken' }`. */
  fields?: Partial<Record<string, E>>;
  /** With `auth.error.rate_limited`: seconds until another try is accepted. */
  retryAfterSeconds?: number;
}

export type Result<T, E extends string = AuthErrorCode> = ({ ok: true } & T) | Failure<E>;

/** Whole minutes to wait, rounded up, for messages like "try again in {minutes} min". */
export function retryAfterMinutes(failure: { retryAfterSeconds?: number }): number {
  return Math.max(1, Math.ceil((failure.retryAfterSeconds ?? 60) / 60));
}
