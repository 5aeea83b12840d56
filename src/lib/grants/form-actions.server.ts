/**
 * The admin's changes to a draft call's proposal form, written only while the call is still a
 * draft (one conditional UPDATE: a call opened meanwhile keeps its form) and audited.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { grantCalls } from '#db/schema.ts';
import { recordAudit, type Actor } from '#lib/audit/audit.server.ts';
import { formText, trimmedFormText } from '#lib/http/forms.ts';
import { LOCALES } from '#lib/i18n/locales.ts';
import type { MessageKey } from '#lib/i18n/t.ts';
import type { ActionOutcome } from '#lib/result.ts';
import type { Call } from './calls.server.ts';
import { addField, moveField, removeField, setIdentifying } from './form-edit.ts';
import type { FormField } from './form-schema.ts';

export const FORM_INTENTS = [
  'field-add',
  'field-remove',
  'field-up',
  'field-down',
  'field-identify',
  'field-unidentify',
] as const;

function edited(call: Call, intent: string, form: FormData) {
  const id = trimmedFormText(form, 'field', 64);
  if (intent === 'field-up' || intent === 'field-down')
    return { ok: true as const, fields: moveField(call.fields, id, intent === 'field-up' ? -1 : 1) };
  if (intent === 'field-remove') return removeField(call.fields, id);
  if (intent === 'field-identify' || intent === 'field-unidentify')
    return setIdentifying(call.fields, id, intent === 'field-identify');
  return addField(call.fields, {
    kind: trimmedFormText(form, 'kind', 20),
    label: Object.fromEntries(LOCALES.map((l) => [l, formText(form, `label-${l}`, 200)])),
    options: Object.fromEntries(LOCALES.map((l) => [l, formText(form, `options-${l}`, 2000)])),
    required: form.get('required') === 'yes',
    identifying: form.get('identifying') === 'yes',
  });
}

export async function runFormEditAction(
  db: Database,
  actor: Actor,
  call: Call,
  intent: string,
  form: FormData,
): Promise<ActionOutcome<object, MessageKey>> {
  if (call.state !== 'draft') return { ok: false, error: 'grants.error.not_draft_call' };
  const result = edited(call, intent, form);
  if (!result.ok) return result;
  const fields: FormField[] = result.fields;
  const rows = await db
    .update(grantCalls)
    .set({ form: fields })
    .where(and(eq(grantCalls.id, call.id), eq(grantCalls.state, 'draft')))
    .returning({ id: grantCalls.id });
  if (rows.length === 0) return { ok: false, error: 'grants.error.not_draft_call' };
  await recordAudit(db, actor, 'grant.form', call.id, {
    intent,
    fields: fields.map((f) => f.id),
    identifying: fields.filter((f) => f.identifying).map((f) => f.id),
  });
  return { ok: true, message: 'grants.form_changed' };
}
