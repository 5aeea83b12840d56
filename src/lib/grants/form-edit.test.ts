import { describe, expect, it } from 'vitest';
import { addField, editableFields, moveField, removeField, setIdentifying } from './form-edit.ts';
import { DEFAULT_FORM, MAX_FIELDS } from './form-schema.ts';

describe("the admin's changes to a proposal form", () => {
  it('adds a field of a listed kind with its labels, at the end, with its own id', () => {
    const added = addField(DEFAULT_FORM, {
      kind: 'date',
      label: { en: 'Start date', ru: 'Дата начала', kk: 'Басталу күні' },
      options: {},
      required: false,
    });
    expect(added.ok && added.fields.at(-1)).toMatchObject({
      id: 'field-1',
      kind: 'date',
      required: false,
      label: { en: 'Start date', ru: 'Дата начала', kk: 'Басталу күні' },
    });
    const twice = added.ok
      ? addField(added.fields, { kind: 'long', label: { en: 'Risks' }, options: {}, required: true })
      : added;
    expect(twice.ok && twice.fields.at(-1)!.id).toBe('field-2');
  });

  it('adds a choice with the same options in each language, and refuses mismatched ones', () => {
    const choice = addField(DEFAULT_FORM, {
      kind: 'choice',
      label: { en: 'Field', ru: 'Сфера' },
      options: { en: 'Urbanism\nEcology', ru: 'Урбанистика\nЭкология' },
      required: true,
    });
    expect(choice.ok && choice.fields.at(-1)!.options).toEqual([
      { en: 'Urbanism', ru: 'Урбанистика' },
      { en: 'Ecology', ru: 'Экология' },
    ]);
    expect(
      addField(DEFAULT_FORM, { kind: 'choice', label: { en: 'F' }, options: { en: 'A\nB', ru: 'А' }, required: true }),
    ).toMatchObject({ ok: false, error: 'grants.error.field_options' });
    expect(addField(DEFAULT_FORM, { kind: 'short', label: {}, options: {}, required: true })).toMatchObject({
      ok: false,
      error: 'grants.error.field_label',
    });
  });

  it('refuses a field beyond the most a form holds, as a message rather than a crash', () => {
    let fields = [...DEFAULT_FORM];
    while (fields.length < MAX_FIELDS) {
      const added = addField(fields, {
        kind: 'short',
        label: { en: `Field ${fields.length}` },
        options: {},
        required: true,
      });
      fields = added.ok ? added.fields : [];
    }
    expect(fields).toHaveLength(MAX_FIELDS);
    expect(addField(fields, { kind: 'short', label: { en: 'One too many' }, options: {}, required: true })).toEqual({
      ok: false,
      error: 'grants.error.field_many',
    });
  });

  it('removes an added field but never one the results and the budget rules read', () => {
    expect(removeField(DEFAULT_FORM, 'budget')).toMatchObject({ ok: false, error: 'grants.error.field_fixed' });
    const removed = removeField(DEFAULT_FORM, 'timeline');
    expect(removed.ok && removed.fields.map((f) => f.id)).not.toContain('timeline');
  });

  it('moves a field up and down, and leaves it at either end', () => {
    const ids = (fields: { id: string }[]) => fields.map((f) => f.id);
    expect(ids(moveField(DEFAULT_FORM, 'problem', -1)).slice(0, 2)).toEqual(['problem', 'title']);
    expect(ids(moveField(DEFAULT_FORM, 'title', -1))).toEqual(ids(DEFAULT_FORM));
    expect(ids(moveField(DEFAULT_FORM, 'attachments', 1))).toEqual(ids(DEFAULT_FORM));
  });
});

describe('fields that identify the applicants', () => {
  it('are marked when added or later, and unmarked, but never the fixed fields nor the team', () => {
    const added = addField(DEFAULT_FORM, {
      kind: 'short',
      label: { en: 'Your organisation' },
      options: {},
      required: true,
      identifying: true,
    });
    expect(added.ok && added.fields.at(-1)).toMatchObject({ id: 'field-1', identifying: true });
    const off = added.ok ? setIdentifying(added.fields, 'field-1', false) : added;
    expect(off.ok && off.fields.at(-1)!.identifying).toBe(false);
    const on = setIdentifying(DEFAULT_FORM, 'activities', true);
    expect(on.ok && on.fields.find((f) => f.id === 'activities')!.identifying).toBe(true);
    for (const fixed of ['title', 'location', 'problem', 'budget', 'requested'])
      expect(setIdentifying(DEFAULT_FORM, fixed, true)).toEqual({
        ok: false,
        error: 'grants.error.field_fixed_identifying',
      });
    expect(setIdentifying(DEFAULT_FORM, 'team', false)).toEqual({
      ok: false,
      error: 'grants.error.field_team_identifying',
    });
  });

  it('are offered in the editor exactly where the change is allowed: removal and marking', () => {
    const added = addField(DEFAULT_FORM, { kind: 'short', label: { en: 'Organisation' }, options: {}, required: true });
    const fields = added.ok ? added.fields : [];
    for (const { field, removable, canMarkIdentifying } of editableFields(fields)) {
      expect(removeField(fields, field.id).ok, field.id).toBe(removable);
      expect(setIdentifying(fields, field.id, !field.identifying).ok, field.id).toBe(canMarkIdentifying);
    }
    const offered = editableFields(fields)
      .filter((f) => f.canMarkIdentifying)
      .map((f) => f.field.id);
    expect(offered).toEqual(['target-group', 'activities', 'timeline', 'results', 'attachments', 'field-1']);
  });
});
