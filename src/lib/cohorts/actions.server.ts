/**
 * What the cohort forms do: start a cohort (the trainer workspace), import trainees from CSV
 * (and send their invitations), or accept or decline an application (the cohort page). Every
 * change goes to the audit log.
 */
import type { Database } from '../../../db/client.ts';
import { recordAudit, type Actor } from '../admin/audit.server.ts';
import type { Locale } from '../i18n/locales.ts';
import type { MessageKey } from '../i18n/t.ts';
import { createCohort, decideApplication, importTrainees, type Cohort, type ImportOutcome } from './cohorts.server.ts';
import { parseTraineeCsv, type RowError } from './csv-import.ts';
import { sendInvitations } from './invitations.server.ts';

const MAX_CSV_BYTES = 5_000_000;

export type CohortOutcome =
  | { kind: 'imported'; imported: ImportOutcome; rowErrors: RowError[] }
  | { kind: 'decided'; message: MessageKey }
  | { kind: 'failed'; error: MessageKey };

export interface CohortContext {
  /** The language rows without one are given. */
  locale: Locale;
  invitations: Parameters<typeof sendInvitations>[1];
}

export type StartOutcome = { ok: true; cohort: Cohort } | { ok: false; fields: Record<string, MessageKey> };

/**
 * Starts a cohort from the trainer workspace's form, for one of `courses` (those the actor
 * may run cohorts of); field errors come back per field for the form.
 */
export async function startCohort(db: Database, actor: Actor, values: Record<string, string>, courses: readonly string[]): Promise<StartOutcome> {
  if (!courses.includes(values.course ?? '')) return { ok: false, fields: { course: 'admin.unknown_course' } };
  const result = await createCohort(db, values, actor.id);
  if (!result.ok) return result;
  await recordAudit(db, actor, 'cohort.create', result.cohort.id, { course: result.cohort.course, name: result.cohort.name });
  return result;
}

async function csvText(form: FormData): Promise<string> {
  const file = form.get('file');
  if (file instanceof File && file.size > 0) return file.size > MAX_CSV_BYTES ? '' : file.text();
  const pasted = form.get('csv');
  return typeof pasted === 'string' ? pasted.slice(0, MAX_CSV_BYTES) : '';
}

export async function runCohortAction(db: Database, actor: Actor, cohort: Cohort, form: FormData, context: CohortContext): Promise<CohortOutcome> {
  const intent = form.get('intent');
  if (intent === 'import') {
    const text = await csvText(form);
    if (!text.trim()) return { kind: 'failed', error: 'cohort.import.empty' };
    const parsed = parseTraineeCsv(text, context.locale);
    const imported = await importTrainees(db, cohort, parsed.rows);
    await recordAudit(db, actor, 'cohort.import', cohort.id, { rows: parsed.rows.length, errors: parsed.errors.length, created: imported.created, added: imported.added });
    void sendInvitations(imported.invitations, context.invitations);
    return { kind: 'imported', imported, rowErrors: parsed.errors };
  }
  if (intent === 'decide') {
    const accept = form.get('accept') === '1';
    const userId = String(form.get('userId') ?? '').slice(0, 64);
    if (!(await decideApplication(db, cohort, userId, accept))) return { kind: 'failed', error: 'cohort.no_application' };
    await recordAudit(db, actor, accept ? 'cohort.accept' : 'cohort.decline', cohort.id, { userId });
    return { kind: 'decided', message: accept ? 'cohort.accepted' : 'cohort.declined' };
  }
  return { kind: 'failed', error: 'form.unreadable' };
}
