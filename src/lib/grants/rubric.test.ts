import { describe, expect, it } from 'vitest';
import { DEFAULT_RUBRIC, readRubric } from './form-schema.ts';
import {
  addCriterion,
  criterionMax,
  editCriterion,
  levelPoints,
  MAX_CRITERIA,
  maxCallPoints,
  moveCriterion,
  removeCriterion,
  scoreCall,
} from './rubric.ts';

const input = (en: string, weight = '1', description = '') => ({
  title: { en, ru: `${en} (ru)` },
  description: { en: description },
  weight,
});

describe("the admin's changes to a call's rubric", () => {
  it('reads a rubric stored before weights as weight 1', () => {
    const stored = JSON.parse(JSON.stringify(DEFAULT_RUBRIC.map(({ weight: _, ...c }) => c)));
    expect(readRubric(stored).map((c) => c.weight)).toEqual([1, 1, 1, 1]);
    expect(maxCallPoints(readRubric(stored))).toBe(20);
  });

  it('adds a criterion at the end with its texts, weight and three levels, under its own id', () => {
    const added = addCriterion(DEFAULT_RUBRIC, input('Partners', '3', 'Who else takes part'));
    expect(added.ok && added.criteria.at(-1)).toMatchObject({
      id: 'criterion-1',
      title: { en: 'Partners', ru: 'Partners (ru)' },
      description: { en: 'Who else takes part' },
      weight: 3,
    });
    expect(added.ok && maxCallPoints(added.criteria)).toBe(20 + 15);
    const twice = added.ok ? addCriterion(added.criteria, input('Risks')) : added;
    expect(twice.ok && twice.criteria.at(-1)!.id).toBe('criterion-2');
  });

  it('refuses a criterion without a title and clamps the weight to 1-10', () => {
    expect(addCriterion(DEFAULT_RUBRIC, { title: { en: '  ' }, description: {}, weight: '2' })).toEqual({
      ok: false,
      error: 'grants.error.criterion_title',
    });
    const heavy = addCriterion(DEFAULT_RUBRIC, input('Heavy', '99'));
    expect(heavy.ok && heavy.criteria.at(-1)!.weight).toBe(10);
    const odd = addCriterion(DEFAULT_RUBRIC, input('Odd', '-2'));
    expect(odd.ok && odd.criteria.at(-1)!.weight).toBe(1);
  });

  it('refuses a criterion beyond the most a rubric holds, as a message rather than a crash', () => {
    let criteria = [...DEFAULT_RUBRIC];
    while (criteria.length < MAX_CRITERIA) {
      const added = addCriterion(criteria, input(`Criterion ${criteria.length + 1}`));
      criteria = added.ok ? added.criteria : [];
    }
    expect(criteria).toHaveLength(MAX_CRITERIA);
    expect(addCriterion(criteria, input('One too many'))).toEqual({ ok: false, error: 'grants.error.criterion_many' });
  });

  it('edits the texts and weight of a criterion, keeping its id and levels; clears an emptied description', () => {
    const edited = editCriterion(DEFAULT_RUBRIC, 'budget', input('Value for money', '2', 'Costs are justified'));
    const budget = edited.ok ? edited.criteria.find((c) => c.id === 'budget')! : null;
    expect(budget).toMatchObject({
      title: { en: 'Value for money' },
      weight: 2,
      description: { en: 'Costs are justified' },
    });
    expect(budget!.levels).toEqual(DEFAULT_RUBRIC[2]!.levels);
    const cleared = edited.ok ? editCriterion(edited.criteria, 'budget', input('Value for money', '2')) : edited;
    expect(cleared.ok && cleared.criteria.find((c) => c.id === 'budget')!.description).toBeUndefined();
    expect(editCriterion(DEFAULT_RUBRIC, 'nope', input('X'))).toMatchObject({ error: 'grants.error.no_criterion' });
  });

  it('removes criteria but never the last one, and moves them within the list', () => {
    let left = [...DEFAULT_RUBRIC];
    for (const id of ['relevance', 'feasibility', 'budget']) {
      const removed = removeCriterion(left, id);
      left = removed.ok ? removed.criteria : left;
    }
    expect(left.map((c) => c.id)).toEqual(['impact']);
    expect(removeCriterion(left, 'impact')).toEqual({ ok: false, error: 'grants.error.criterion_last' });
    expect(moveCriterion(DEFAULT_RUBRIC, 'budget', -1).map((c) => c.id)).toEqual([
      'relevance',
      'budget',
      'feasibility',
      'impact',
    ]);
    expect(moveCriterion(DEFAULT_RUBRIC, 'relevance', -1)).toEqual(DEFAULT_RUBRIC);
  });

  it('scores the chosen levels times their weights, or nothing when a level is missing', () => {
    const edited = editCriterion(DEFAULT_RUBRIC, 'impact', input('Impact', '4'));
    const criteria = edited.ok ? edited.criteria : [];
    expect(scoreCall(criteria, { relevance: '2', feasibility: '1', budget: '0', impact: '2' })).toEqual({
      points: 5 + 3 + 1 + 5 * 4,
      levels: { relevance: 2, feasibility: 1, budget: 0, impact: 2 },
    });
    expect(scoreCall(criteria, { relevance: '2' })).toBeNull();
    expect(maxCallPoints(criteria)).toBe(15 + 20);
    const impact = criteria.at(-1)!;
    expect(impact.levels.map((l) => levelPoints(impact, l))).toEqual([4, 12, 20]);
    expect(criterionMax(impact)).toBe(20);
  });
});
