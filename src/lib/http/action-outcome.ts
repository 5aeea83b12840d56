/** How a page shows the outcome of a form action (`ActionOutcome`), the same on every page. */
import type { MessageKey, Params } from '#lib/i18n/t.ts';
import { retryAfterMinutes, type ActionOutcome } from '#lib/result.ts';

export interface OutcomeView {
  /** The success message, or "". */
  notice: string;
  /** Every error to list at the top of the form: the per-field ones, or else the one error. */
  problems: string[];
  /** The error of each field, for the field itself. */
  fields: Record<string, string>;
  /** 200 when done, 429 when asked to wait (a rate limit), else 400. */
  status: number;
}

/** The outcome in `t`'s language; `params` add to (or translate) the outcome's own params. */
export function viewOutcome(
  outcome: ActionOutcome<object, MessageKey>,
  t: (key: MessageKey, params?: Params) => string,
  params: Params = {},
): OutcomeView {
  if (outcome.ok) {
    return {
      notice: outcome.message ? t(outcome.message, { ...outcome.params, ...params }) : '',
      problems: [],
      fields: {},
      status: 200,
    };
  }
  const values = { minutes: retryAfterMinutes(outcome), ...params };
  const fields: Record<string, string> = {};
  for (const [name, code] of Object.entries(outcome.fields ?? {})) if (code) fields[name] = t(code, values);
  const problems = Object.keys(fields).length ? Object.values(fields) : [t(outcome.error, values)];
  return { notice: '', problems, fields, status: outcome.retryAfterSeconds === undefined ? 400 : 429 };
}
