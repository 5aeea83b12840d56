import { describe, expect, it } from 'vitest';
import type { FormField } from './form-schema.ts';
import { missingItems, readProposalForm } from './proposal.ts';

const field = (id: string, kind: FormField['kind'], extra: Partial<FormField> = {}): FormField => ({
  id,
  kind,
  label: { en: id },
  required: true,
  options: [],
  identifying: false,
  ...extra,
});
const CHOICE = field('area', 'choice', { options: [{ en: 'Public space' }, { en: 'Green planting' }] });
const FIELDS = [field('people', 'number'), field('cost', 'money'), field('start', 'date'), CHOICE];
const BUDGET = [{ item: 'Saplings', tenge: 100 }];

/** The message keys missingItems gives for these answers (the budget itself is fine). */
const problems = (answers: Record<string, string>, fields = FIELDS) =>
  missingItems(fields, { answers, budget: BUDGET }, 1000, (f) => f.id).map((m) => `${m.params.field}: ${m.key}`);
const good = { people: '40', cost: '1 500', start: '2027-04-01', area: '1' };

describe('the answer checks before submitting', () => {
  it('accepts well-formed answers of each kind', () => {
    expect(problems(good)).toEqual([]);
    expect(problems({ ...good, people: '-3' })).toEqual([]);
    expect(problems({ ...good, people: '12,5' })).toEqual([]);
    expect(problems({ ...good, people: '12.5' })).toEqual([]);
    expect(problems({ ...good, cost: '1 500 000 ₸' })).toEqual([]);
    expect(problems({ ...good, area: '0' })).toEqual([]);
    expect(problems({ ...good, start: '2028-02-29' })).toEqual([]);
  });

  it('refuses a number that is not one', () => {
    for (const bad of ['forty', '1e5', '12.', '1 000', '0x10', '12,5,1'])
      expect(problems({ ...good, people: bad }), bad).toEqual(['people: grants.missing.number']);
  });

  it('refuses money that is not whole tenge', () => {
    for (const bad of ['1500.50', '-3', 'a lot', '1,5'])
      expect(problems({ ...good, cost: bad }), bad).toEqual(['cost: grants.missing.money']);
  });

  it('refuses a date that is not a day of the calendar', () => {
    for (const bad of ['01.04.2027', '2027-4-1', 'tomorrow', '2027-13-01', '2027-02-30', '2027-02-29', '2027-04-31'])
      expect(problems({ ...good, start: bad }), bad).toEqual(['start: grants.missing.date']);
  });

  it('refuses a choice that is not one of the options', () => {
    for (const bad of ['2', '7', '-1', 'Green planting', '1.0'])
      expect(problems({ ...good, area: bad }), bad).toEqual(['area: grants.missing.field']);
  });

  it('lets an optional field stay empty, but checks it once filled', () => {
    const optional = FIELDS.map((f) => ({ ...f, required: false }));
    expect(problems({}, optional)).toEqual([]);
    expect(problems({ people: 'x', cost: '1.5', start: '2027-02-30', area: '9' }, optional)).toEqual([
      'people: grants.missing.number',
      'cost: grants.missing.money',
      'start: grants.missing.date',
      'area: grants.missing.field',
    ]);
    expect(problems({}, FIELDS)).toEqual(FIELDS.map((f) => `${f.id}: grants.missing.field`));
  });

  it('reads the posted form into the answers it checks (trimmed, cut to length)', () => {
    const form = new FormData();
    form.append('answer-people', ' 40 ');
    form.append('answer-area', '1');
    form.append('answer-start', 'x'.repeat(500));
    const read = readProposalForm(form, FIELDS);
    expect(read.answers).toMatchObject({ people: '40', area: '1', cost: '' });
    expect(read.answers.start).toHaveLength(200);
  });
});
