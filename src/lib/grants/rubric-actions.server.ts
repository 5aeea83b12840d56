/**
 * The admin's changes to a call's scoring rubric (decision 053): allowed until a juror has
 * scored one of its proposals (or scoring is closed), after which the rubric is locked so every
 * score was given against the same criteria. The lock is part of the one UPDATE that writes the
 * rubric, and a juror's score is written only against the rubric they saw (jury.server.ts), so
 * an edit and a score arriving together cannot mix. Every change is audited.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { grantCalls, type GrantCallState } from '#db/schema.ts';
import { recordAudit, type Actor } from '#lib/audit/audit.server.ts';
import { formText, trimmedFormText } from '#lib/http/forms.ts';
import { LOCALES } from '#lib/i18n/locales.ts';
import type { MessageKey } from '#lib/i18n/t.ts';
import type { ActionOutcome } from '#lib/result.ts';
import type { Call } from './calls.server.ts';
import { addCriterion, editCriterion, moveCriterion, removeCriterion, type CriterionInput } from './rubric.ts';

export const RUBRIC_INTENTS = [
  'criterion-add',
  'criterion-edit',
  'criterion-remove',
  'criterion-up',
  'criterion-down',
] as const;

/** The states in which the rubric may still change (if nobody has scored). */
const EDITABLE: GrantCallState[] = ['draft', 'open', 'scoring'];

const noScoreYet = (callId: string) =>
  sql`NOT EXISTS (SELECT 1 FROM grant_scores s JOIN grant_proposals p ON p.id = s.proposal_id
    WHERE p.call_id = ${callId})`;

/** Whether the call's rubric can no longer change: scoring is over or a juror has scored. */
export async function rubricLocked(db: Database, call: Pick<Call, 'id' | 'state'>): Promise<boolean> {
  if (!EDITABLE.includes(call.state)) return true;
  const row = await db.get<{ open: number }>(sql`SELECT ${noScoreYet(call.id)} AS open`);
  return !row.open;
}

function readCriterion(form: FormData): CriterionInput {
  return {
    title: Object.fromEntries(LOCALES.map((l) => [l, formText(form, `title-${l}`, 200)])),
    description: Object.fromEntries(LOCALES.map((l) => [l, formText(form, `description-${l}`, 1000)])),
    weight: trimmedFormText(form, 'weight', 3),
  };
}

function edited(call: Call, intent: string, form: FormData) {
  const id = trimmedFormText(form, 'criterion', 64);
  if (intent === 'criterion-up' || intent === 'criterion-down')
    return { ok: true as const, criteria: moveCriterion(call.criteria, id, intent === 'criterion-up' ? -1 : 1) };
  if (intent === 'criterion-remove') return removeCriterion(call.criteria, id);
  if (intent === 'criterion-edit') return editCriterion(call.criteria, id, readCriterion(form));
  return addCriterion(call.criteria, readCriterion(form));
}

export async function runRubricEditAction(
  db: Database,
  actor: Actor,
  call: Call,
  intent: string,
  form: FormData,
): Promise<ActionOutcome<object, MessageKey>> {
  if (!EDITABLE.includes(call.state)) return { ok: false, error: 'grants.error.rubric_locked' };
  const result = edited(call, intent, form);
  if (!result.ok) return result;
  const rows = await db
    .update(grantCalls)
    .set({ rubric: result.criteria })
    .where(and(eq(grantCalls.id, call.id), inArray(grantCalls.state, EDITABLE), noScoreYet(call.id)))
    .returning({ id: grantCalls.id });
  if (rows.length === 0) return { ok: false, error: 'grants.error.rubric_locked' };
  await recordAudit(db, actor, 'grant.rubric', call.id, {
    intent,
    criteria: result.criteria.map((c) => ({ id: c.id, weight: c.weight })),
  });
  return { ok: true, message: 'grants.rubric_changed' };
}
