/** The codes of the account functions' expected failures (keys of the UI dictionaries). */
export type AuthErrorCode =
  | 'auth.error.email_invalid'
  | 'auth.error.email_taken'
  | 'auth.error.name_required'
  | 'auth.error.name_too_long'
  | 'auth.error.name_invalid'
  | 'auth.error.name_script'
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
  | 'auth.error.user_not_found'
  | 'auth.error.consent_required';

import type { Result as GenericResult } from '#lib/result.ts';

/** The outcome of the account functions (see ../result.ts). */
export type Result<T, E extends string = AuthErrorCode> = GenericResult<T, E>;
