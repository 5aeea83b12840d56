/**
 * The admin's changes to a call's proposal form while the call is a draft (pure): add a field of
 * one of the kinds (labelled in every language the admin writes), remove one, move one up or
 * down, mark one as identifying the applicants (hidden from the jury in blind review). The
 * fields the results page and budget rules read cannot be removed, and the result is checked
 * with the form schema before it is stored.
 */
import { LOCALES, type Locale } from '#lib/i18n/locales.ts';
import type { Result } from '#lib/result.ts';
import {
  FIXED_FIELDS,
  MAX_FIELDS,
  proposalFormSchema,
  TEAM_FIELD,
  type FieldKind,
  type FormField,
} from './form-schema.ts';

/** The kinds an admin may add (the one table of budget lines is already in every form). */
export const ADDABLE_KINDS = [
  'short',
  'long',
  'number',
  'money',
  'date',
  'choice',
  'file',
] as const satisfies FieldKind[];
export type AddableKind = (typeof ADDABLE_KINDS)[number];

export type FormEditError =
  | 'grants.error.field_label'
  | 'grants.error.field_options'
  | 'grants.error.field_fixed'
  | 'grants.error.field_many'
  | 'grants.error.field_fixed_identifying'
  | 'grants.error.field_team_identifying';

export interface NewField {
  kind: string;
  label: Partial<Record<Locale, string>>;
  /** For a choice: the options, one per line, in each language (the same number of lines in each). */
  options: Partial<Record<Locale, string>>;
  required: boolean;
  /** Its answers name or point to the applicants: hidden from the jury in blind review. */
  identifying?: boolean;
}

const isFixed = (id: string) => (FIXED_FIELDS as readonly string[]).includes(id);

/**
 * A field of the form with what the admin's editor offers for it: remove it (not the fields the
 * results page and budget rules read) and switch its identifying mark (not those fixed fields,
 * which the jury needs, nor the team, which blind review always hides).
 */
export interface EditableField {
  field: FormField;
  removable: boolean;
  canMarkIdentifying: boolean;
}

export function editableFields(fields: readonly FormField[]): EditableField[] {
  return fields.map((field) => ({
    field,
    removable: !isFixed(field.id),
    canMarkIdentifying: !isFixed(field.id) && field.id !== TEAM_FIELD,
  }));
}

function nextId(fields: readonly FormField[]): string {
  let n = 1;
  while (fields.some((f) => f.id === `field-${n}`)) n++;
  return `field-${n}`;
}

function readOptions(options: NewField['options']): { kk?: string; ru?: string; en?: string }[] | null {
  const lines = Object.fromEntries(
    LOCALES.map((l) => [
      l,
      (options[l] ?? '')
        .split('\n')
        .map((o) => o.trim())
        .filter(Boolean),
    ]),
  ) as Record<Locale, string[]>;
  const counts = LOCALES.map((l) => lines[l].length).filter((n) => n > 0);
  if (counts.length === 0 || counts.some((n) => n !== counts[0]) || counts[0]! < 2) return null;
  return Array.from({ length: counts[0]! }, (_, i) =>
    Object.fromEntries(LOCALES.filter((l) => lines[l][i]).map((l) => [l, lines[l][i]!])),
  );
}

export function addField(
  fields: readonly FormField[],
  input: NewField,
): Result<{ fields: FormField[] }, FormEditError> {
  if (fields.length >= MAX_FIELDS) return { ok: false, error: 'grants.error.field_many' };
  const kind = (ADDABLE_KINDS as readonly string[]).includes(input.kind) ? (input.kind as AddableKind) : 'short';
  const label = Object.fromEntries(
    LOCALES.map((l) => [l, (input.label[l] ?? '').trim().slice(0, 200)]).filter(([, v]) => v),
  );
  if (Object.keys(label).length === 0) return { ok: false, error: 'grants.error.field_label' };
  const options = kind === 'choice' ? readOptions(input.options) : [];
  if (!options) return { ok: false, error: 'grants.error.field_options' };
  const identifying = input.identifying ?? false;
  const field = { id: nextId(fields), kind, label, required: input.required, options, identifying };
  return { ok: true, fields: proposalFormSchema.parse([...fields, field]) };
}

export function removeField(fields: readonly FormField[], id: string): Result<{ fields: FormField[] }, FormEditError> {
  if (isFixed(id)) return { ok: false, error: 'grants.error.field_fixed' };
  return { ok: true, fields: fields.filter((f) => f.id !== id) };
}

/**
 * Marks a field as identifying (its answers and files are hidden from the jury in blind review)
 * or not. The fixed fields stay visible: the jury needs the title, place, problem and budget;
 * the team field stays hidden (blind review always hides the team).
 */
export function setIdentifying(
  fields: readonly FormField[],
  id: string,
  identifying: boolean,
): Result<{ fields: FormField[] }, FormEditError> {
  if (isFixed(id)) return { ok: false, error: 'grants.error.field_fixed_identifying' };
  if (id === TEAM_FIELD && !identifying) return { ok: false, error: 'grants.error.field_team_identifying' };
  return { ok: true, fields: fields.map((f) => (f.id === id ? { ...f, identifying } : f)) };
}

/** Moves a field one place up (-1) or down (+1); at either end it stays. */
export function moveField(fields: readonly FormField[], id: string, by: -1 | 1): FormField[] {
  const from = fields.findIndex((f) => f.id === id);
  const to = from + by;
  if (from < 0 || to < 0 || to >= fields.length) return [...fields];
  const moved = [...fields];
  [moved[from], moved[to]] = [moved[to]!, moved[from]!];
  return moved;
}
