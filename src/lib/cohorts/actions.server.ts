/**
 * What the cohort forms do: start a cohort (the trainer workspace), invite people from CSV
 * (and send their invitations), send one invitation again, accept or decline an
 * application, take a member out (after a confirmation), change the name and dates, archive
 * and unarchive (the cohort page). An archived cohort only unarchives. Every change goes to
 * the audit log.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Database } from '#db/client.ts';
import { recordAudit, type Actor } from '#lib/audit/audit.server.ts';
import { formText } from '#lib/http/forms.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import type { MessageKey } from '#lib/i18n/t.ts';
import type { ActionOutcome } from '#lib/result.ts';
import type { CourseStates } from '#lib/courses/visibility.ts';
import { createCohort, decideApplication, type Cohort } from './cohorts.server.ts';
import { csvEncodingProblem, parseTraineeCsvInSlices, refusedRows, type RowError } from './csv-import.ts';
import {
  consumeImportQuota,
  inviteTrainees,
  RESEND_MINUTES,
  resendInvitation,
  type ImportOutcome,
} from './import.server.ts';
import { sendInvitations, type InvitationContext } from './invitations.server.ts';
import { findMember, removeMember, setArchived, updateCohort } from './manage.server.ts';

const MAX_CSV_BYTES = 5_000_000;

/** An import's counts: rows read, invited, left alone, refused, and given the page's language. */
export type ImportSummary = Omit<ImportOutcome, 'invitations'> & {
  read: number;
  refused: number;
  /** Lines whose row named no language (given the page's). */
  defaulted: number[];
};

/**
 * After an import, its counts and the rows it skipped (the page shows them in a table of
 * their own); before taking someone out, who (the page asks to confirm); after a change,
 * the cohort as it is now.
 */
export type CohortOutcome = ActionOutcome<
  {
    imported?: ImportSummary;
    rowErrors?: RowError[];
    confirmRemove?: { userId: string; name: string; email: string };
    cohort?: Cohort;
  },
  MessageKey
>;

export interface CohortContext {
  /** The language rows without one are given. */
  locale: Locale;
  /** The languages the site offers: a row naming another is refused. */
  offered: readonly Locale[];
  invitations: InvitationContext;
  /** The configuration's hidden and archived courses: an archived one takes no one new. */
  courses: CourseStates;
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
  programmes: readonly { id: string; courses: readonly string[] }[] = [],
): Promise<StartOutcome> {
  if (!courses.includes(values.course ?? '')) return { ok: false, fields: { course: 'admin.unknown_course' } };
  // A cohort may follow a programme through its course (decision 047).
  const programme = values.programme ? programmes.find((p) => p.id === values.programme) : undefined;
  if (values.programme && !programme?.courses.includes(values.course ?? ''))
    return { ok: false, fields: { programme: 'cohort.error.programme' } };
  const path = programme ? { programme: programme.id, courses: programme.courses } : undefined;
  const result = await createCohort(db, values, actor.id, new Date(), path);
  if (!result.ok) return result;
  await recordAudit(db, actor, 'cohort.create', result.cohort.id, {
    course: result.cohort.course,
    name: result.cohort.name,
    ...(programme ? { programme: programme.id } : {}),
  });
  return result;
}

/** The file's or the pasted text, or the message for a file saved in another encoding than UTF-8. */
async function csvText(form: FormData): Promise<{ text: string } | { error: MessageKey }> {
  const file = form.get('file');
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_CSV_BYTES) return { text: '' };
    const bytes = new Uint8Array(await file.arrayBuffer());
    const problem = csvEncodingProblem(bytes);
    if (problem) return { error: problem === 'utf-16' ? 'cohort.import.utf16' : 'cohort.import.cp1251' };
    return { text: new TextDecoder().decode(bytes) };
  }
  const pasted = form.get('csv');
  return { text: typeof pasted === 'string' ? pasted.slice(0, MAX_CSV_BYTES) : '' };
}

async function importCsv(
  db: Database,
  actor: Actor,
  cohort: Cohort,
  form: FormData,
  context: CohortContext,
): Promise<CohortOutcome> {
  const read = await csvText(form);
  if ('error' in read) return { ok: false, error: read.error };
  const { text } = read;
  if (!text.trim()) return { ok: false, error: 'cohort.import.empty' };
  const parsed = await parseTraineeCsvInSlices(text, context.locale, () => nextTurn(), context.offered);
  const quota = await consumeImportQuota(db, actor.id, parsed.rows.length);
  if (!quota.allowed)
    return { ok: false, error: 'cohort.import.rate_limited', retryAfterSeconds: quota.retryAfterMinutes * 60 };
  const { invitations, ...counts } = await inviteTrainees(db, cohort, parsed.rows, actor.id);
  const summary: ImportSummary = {
    ...counts,
    read: parsed.read,
    refused: refusedRows(parsed.errors),
    defaulted: parsed.rows.filter((r) => r.defaulted).map((r) => r.line),
  };
  await recordAudit(db, actor, 'cohort.import', cohort.id, {
    rows: parsed.rows.length,
    read: summary.read,
    refused: summary.refused,
    errors: parsed.errors.length,
    ...counts,
  });
  void sendInvitations(invitations, context.invitations);
  return { ok: true, imported: summary, rowErrors: parsed.errors };
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

/** Asks to confirm first (no `confirm=1`), then ends the membership; progress stays. */
async function remove(db: Database, actor: Actor, cohort: Cohort, form: FormData): Promise<CohortOutcome> {
  const member = await findMember(db, cohort.id, formText(form, 'userId', 64));
  if (!member) return { ok: false, error: 'cohort.no_member' };
  if (form.get('confirm') !== '1') return { ok: true, confirmRemove: member };
  if (!(await removeMember(db, cohort, member.userId))) return { ok: false, error: 'cohort.no_member' };
  await recordAudit(db, actor, 'cohort.remove', cohort.id, { userId: member.userId, email: member.email });
  return { ok: true, message: 'cohort.removed', params: { name: member.name } };
}

/** The fields of the cohort form that an edit may change. */
export const EDITABLE_FIELDS = ['name', 'startsOn', 'endsOn', 'applicationsOpenOn', 'applicationsCloseOn'] as const;

async function edit(db: Database, actor: Actor, cohort: Cohort, form: FormData): Promise<CohortOutcome> {
  const values = Object.fromEntries(EDITABLE_FIELDS.map((f) => [f, formText(form, f, 200)]));
  const result = await updateCohort(db, cohort, values);
  if (!result.ok) return { ok: false, error: 'cohort.error.name', fields: result.fields };
  const changed = EDITABLE_FIELDS.filter((f) => result.cohort[f] !== cohort[f]);
  await recordAudit(db, actor, 'cohort.edit', cohort.id, {
    changed: Object.fromEntries(changed.map((f) => [f, { from: cohort[f], to: result.cohort[f] }])),
  });
  return { ok: true, message: 'cohort.edited', cohort: result.cohort };
}

async function archive(db: Database, actor: Actor, cohort: Cohort, archived: boolean): Promise<CohortOutcome> {
  const now = await setArchived(db, cohort, archived);
  await recordAudit(db, actor, archived ? 'cohort.archive' : 'cohort.unarchive', cohort.id, { name: cohort.name });
  return { ok: true, message: archived ? 'cohort.archived' : 'cohort.unarchived', cohort: now };
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
  if (intent === 'unarchive') return archive(db, actor, cohort, false);
  if (cohort.archivedAt) return { ok: false, error: 'cohort.archived_read_only' };
  if (intent === 'archive') return archive(db, actor, cohort, true);
  if (intent === 'remove') return remove(db, actor, cohort, form);
  if (intent === 'edit') return edit(db, actor, cohort, form);
  if (intent === 'import') return importCsv(db, actor, cohort, form, context);
  if (intent === 'resend') return resend(db, actor, cohort, formText(form, 'email', 254), context);
  if (intent === 'decide') {
    const accept = form.get('accept') === '1';
    const decided = await decideApplication(db, cohort, userId, accept, context.courses);
    if (decided === 'course_archived') return { ok: false, error: 'course.error.archived' };
    if (!decided) return { ok: false, error: 'cohort.no_application' };
    await recordAudit(db, actor, accept ? 'cohort.accept' : 'cohort.decline', cohort.id, { userId });
    return { ok: true, message: accept ? 'cohort.accepted' : 'cohort.declined' };
  }
  return { ok: false, error: 'form.unreadable' };
}
