/**
 * Expected failures as values, shared by every domain module: an operation answers
 * `{ ok: true, ...value }` or a `Failure` whose codes are keys of the UI dictionaries
 * (src/lib/i18n/<locale>.json), so a page shows it with `t(code, { minutes })` and never
 * invents its own wording. Broken invariants throw instead.
 */

/** A failure with its code and, for a form, the code of each field it belongs to. */
export interface Failure<E extends string = string> {
  ok: false;
  error: E;
  /** Per-field codes for a form, e.g. `{ email: 'auth.error.email_taken' }`. */
  fields?: Partial<Record<string, E>>;
  /** With a rate-limit code: seconds until another try is accepted. */
  retryAfterSeconds?: number;
}

export type Result<T, E extends string = string> = ({ ok: true } & T) | Failure<E>;

/** Whole minutes to wait, rounded up, for messages like "try again in {minutes} min". */
export function retryAfterMinutes(failure: { retryAfterSeconds?: number }): number {
  return Math.max(1, Math.ceil((failure.retryAfterSeconds ?? 60) / 60));
}

/**
 * What a page's form action answers, the one shape of every `run*Action`: done, with the
 * message to show and its params (plus what the page needs, `T`), or a `Failure`. Pages turn
 * it into a notice, errors and a status with `viewOutcome` (http/action-outcome.ts).
 */
export type ActionOutcome<T extends object = object, E extends string = string> =
  ({ ok: true; message?: E; params?: Record<string, string | number> } & T) | Failure<E>;
