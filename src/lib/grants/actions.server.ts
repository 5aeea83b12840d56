/**
 * What the grant pages' forms do. Each form posts an `intent`; admin and jury actions are
 * written to the audit log (who, what, from where). Applicants' own saves are not audited: the
 * proposal keeps its own times.
 */
import type { Database } from '#db/client.ts';
import type { GrantCallState } from '#db/schema.ts';
import { recordAudit, type Actor } from '#lib/audit/audit.server.ts';
import { emailSchema } from '#lib/auth/user-input.ts';
import { trimmedFormText } from '#lib/http/forms.ts';
import type { MessageKey } from '#lib/i18n/t.ts';
import type { ActionOutcome } from '#lib/result.ts';
import { readCallInput } from './call-input.ts';
import { addJuror, advanceCall, createCall, type Call } from './calls.server.ts';
import { declareConflict, scoreProposal } from './jury.server.ts';
import { decideWinner, removeWinner } from './results.server.ts';
import { FORM_INTENTS, runFormEditAction } from './form-actions.server.ts';
import { RUBRIC_INTENTS, runRubricEditAction } from './rubric-actions.server.ts';

export type GrantOutcome = ActionOutcome<{ callId?: string }, MessageKey>;

/** The admin's "new call" form: the call is created in draft with the default form and rubric. */
export async function runCreateCall(db: Database, actor: Actor, form: FormData): Promise<GrantOutcome> {
  const read = readCallInput(form);
  if (!read.ok) return read;
  const call = await createCall(db, actor.id, read.input);
  await recordAudit(db, actor, 'grant.create', call.id, {
    title: read.input.title,
    budgetTenge: read.input.budgetTenge,
    eligibility: read.input.eligibility,
  });
  return { ok: true, message: 'grants.created', callId: call.id };
}

const ADVANCE_MESSAGES: Partial<Record<GrantCallState, MessageKey>> = {
  draft: 'grants.opened',
  open: 'grants.scoring_started',
  scoring: 'grants.scoring_closed',
  closed: 'grants.published',
};

/**
 * The admin's forms on a call's page: edit the form or rubric, name a juror, move the call on,
 * decide or undo a winner.
 */
export async function runCallAdminAction(
  db: Database,
  actor: Actor,
  call: Call,
  form: FormData,
): Promise<GrantOutcome> {
  const intent = trimmedFormText(form, 'intent', 20);
  if ((FORM_INTENTS as readonly string[]).includes(intent)) return runFormEditAction(db, actor, call, intent, form);
  if ((RUBRIC_INTENTS as readonly string[]).includes(intent)) return runRubricEditAction(db, actor, call, intent, form);
  if (intent === 'juror') {
    const email = emailSchema.safeParse(trimmedFormText(form, 'email', 254));
    const user = email.success ? await addJuror(db, call.id, email.data) : null;
    if (!user) return { ok: false, error: 'grants.error.no_such_user', fields: { email: 'grants.error.no_such_user' } };
    await recordAudit(db, actor, 'grant.juror', call.id, { juror: user.email });
    return { ok: true, message: 'grants.juror_added', params: { email: user.email } };
  }
  if (intent === 'advance') {
    const from = trimmedFormText(form, 'from', 20) as GrantCallState;
    if (from !== call.state || !(await advanceCall(db, call.id, from)))
      return { ok: false, error: 'grants.error.moved_meanwhile' };
    await recordAudit(db, actor, 'grant.advance', call.id, { from });
    return { ok: true, message: ADVANCE_MESSAGES[from]! };
  }
  const proposalId = trimmedFormText(form, 'proposal', 64);
  if (intent === 'decide') {
    const decided = await decideWinner(db, call, {
      proposalId,
      amount: trimmedFormText(form, 'amount', 40),
      reason: trimmedFormText(form, 'reason', 1000),
      adminId: actor.id,
    });
    if (!decided.ok) return decided;
    await recordAudit(db, actor, 'grant.decide', call.id, {
      proposal: proposalId,
      amountTenge: decided.amount,
      reason: trimmedFormText(form, 'reason', 1000),
    });
    return { ok: true, message: 'grants.decided' };
  }
  if (intent === 'undecide' && (await removeWinner(db, call, proposalId))) {
    await recordAudit(db, actor, 'grant.undecide', call.id, { proposal: proposalId });
    return { ok: true, message: 'grants.undecided' };
  }
  return { ok: false, error: 'form.unreadable' };
}

/** A juror's forms: declare a conflict, score with the rubric and a comment. */
export async function runJuryAction(
  db: Database,
  actor: Actor,
  call: Call,
  proposalId: string,
  form: FormData,
): Promise<GrantOutcome> {
  const intent = trimmedFormText(form, 'intent', 20);
  if (intent === 'conflict') {
    if (!(await declareConflict(db, call, proposalId, actor.id))) return { ok: false, error: 'grants.error.not_found' };
    await recordAudit(db, actor, 'grant.conflict', call.id, { proposal: proposalId });
    return { ok: true, message: 'grants.conflict_declared' };
  }
  if (intent === 'score') {
    const chosen: Record<string, unknown> = {};
    for (const c of call.criteria) chosen[c.id] = trimmedFormText(form, `level-${c.id}`, 3);
    const comment = typeof form.get('comment') === 'string' ? String(form.get('comment')).slice(0, 5000) : '';
    const scored = await scoreProposal(db, call, { proposalId, jurorId: actor.id, chosen, comment });
    if (!scored.ok) return scored;
    await recordAudit(db, actor, 'grant.score', call.id, { proposal: proposalId, points: scored.points });
    return { ok: true, message: 'grants.score_saved', params: { points: scored.points } };
  }
  return { ok: false, error: 'form.unreadable' };
}
