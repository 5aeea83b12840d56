/**
 * What the cohort forms do: start a cohort (the trainer workspace), invite people from CSV
 * (and send their invitations), send one invitation again, or accept or decline an
 * application (the cohort page). Every change goes to the audit log.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Database } from '#db/client.ts';
import { recordAudit, type Actor } from '#lib/audit/audit.server.ts';
import { formText } from '#lib/http/forms.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import type { MessageKey } from '#lib/i18n/t.ts';
import type { ActionOutcome } from '#lib/result.ts';
import { createCohort, decideApplication, type Cohort } from './cohorts.server.ts';
import { parseTraineeCsvInSlices, type RowError } from './csv-import.ts';
import {
  consumeImportQuota,
  inviteTrainees,
  RESEND_MINUTES,
  resendInvitation,
  type ImportOutcome,
} from './import.server.ts';
import { sendInvitations, type InvitationContext } from './invitations.server.ts';

const MAX_CSV_BYTES = 5_000_000;

/** After an import, its counts and the rows it skipped (the page shows them in a table of their own). */
export type CohortOutcome = ActionOutcome<
  { imported?: Omit<ImportOutcome, 'invitations'>; rowErrors?: RowError[] },
  MessageKey
>;

export interface CohortContext {
  /** The language rows without one are given. */
  locale: Locale;
  invitations: InvitationContext;
}

export type StartOutcome = { ok: true; cohort: Cohort } | { ok: false; fields: Record<string, MessageKey> };

/**
 * Starts a cohort from the trainer workspace's form, for one of `courses` (those the actor
 * may run cohorts of); field errors come back per field for the form.
 */
export async function startCohort(
  db: Database,
  actor: Actor,
  values: Record<string, string>,
  courses: readonly string[],
): Promise<StartOutcome> {
  if (!courses.includes(values.course ?? '')) return { ok: false, fields: { course: 'admin.unknown_course' } };
  const result = await createCohort(db, values, actor.id);
  if (!result.ok) return result;
  await recordAudit(db, actor, 'cohort.create', result.cohort.id, {
    course: result.cohort.course,
    name: result.cohort.name,
  });
  return result;
}

async function csvText(form: FormData): Promise<string> {
  const file = form.get('file');
  if (file instanceof File && file.size > 0) return file.size > MAX_CSV_BYTES ? '' : file.text();
  const pasted = form.get('csv');
  return typeof pasted === 'string' ? pasted.slice(0, MAX_CSV_BYTES) : '';
}

async function importCsv(
  db: Database,
  actor: Actor,
  cohort: Cohort,
  form: FormData,
  context: CohortContext,
): Promise<CohortOutcome> {
  const text = await csvText(form);
  if (!text.trim()) return { ok: false, error: 'cohort.import.empty' };
  const parsed = await parseTraineeCsvInSlices(text, context.locale, () => nextTurn());
  const quota = await consumeImportQuota(db, actor.id, parsed.rows.length);
  if (!quota.allowed)
    return { ok: false, error: 'cohort.import.rate_limited', retryAfterSeconds: quota.retryAfterMinutes * 60 };
  const { invitations, ...counts } = await inviteTrainees(db, cohort, parsed.rows, actor.id);
  await recordAudit(db, actor, 'cohort.import', cohort.id, {
    rows: parsed.rows.length,
    errors: parsed.errors.length,
    ...counts,
  });
  void sendInvitations(invitations, context.invitations);
  return { ok: true, imported: counts, rowErrors: parsed.errors };
}

async function resend(
  db: Database,
  actor: Actor,
  cohort: Cohort,
  email: string,
  context: CohortContext,
): Promise<CohortOutcome> {
  const quota = await consumeImportQuota(db, actor.id, 1);
  if (!quota.allowed)
    return { ok: false, error: 'cohort.import.rate_limited', retryAfterSeconds: quota.retryAfterMinutes * 60 };
  const outcome = await resendInvitation(db, cohort, email);
  if (outcome.kind === 'none') return { ok: false, error: 'cohort.no_invitation' };
  if (outcome.kind === 'too-soon')
    return { ok: false, error: 'cohort.invitation.too_soon', retryAfterSeconds: RESEND_MINUTES * 60 };
  await recordAudit(db, actor, 'cohort.resend', cohort.id, { email: outcome.invitation.email });
  void sendInvitations([outcome.invitation], context.invitations);
  return { ok: true, message: 'cohort.invitation.resent' };
}

export async function runCohortAction(
  db: Database,
  actor: Actor,
  cohort: Cohort,
  form: FormData,
  context: CohortContext,
): Promise<CohortOutcome> {
  const intent = form.get('intent');
  const userId = formText(form, 'userId', 64);
  if (intent === 'import') return importCsv(db, actor, cohort, form, context);
  if (intent === 'resend') return resend(db, actor, cohort, formText(form, 'email', 254), context);
  if (intent === 'decide') {
    const accept = form.get('accept') === '1';
    if (!(await decideApplication(db, cohort, userId, accept))) return { ok: false, error: 'cohort.no_application' };
    await recordAudit(db, actor, accept ? 'cohort.accept' : 'cohort.decline', cohort.id, { userId });
    return { ok: true, message: accept ? 'cohort.accepted' : 'cohort.declined' };
  }
  return { ok: false, error: 'form.unreadable' };
}
