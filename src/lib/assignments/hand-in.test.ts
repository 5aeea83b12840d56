import { describe, expect, it } from 'vitest';
import { submissionAssignment } from '../../../tests/fixtures/submission.ts';
import { cleanLink, handInProblem } from './hand-in.ts';
import { reachesPassMark, scoreRubric } from './rubric.ts';

const a = submissionAssignment();

describe('handInProblem', () => {
  it('asks for what the assignment requires', () => {
    expect(handInProblem(a, { body: '  ', link: null, files: 0 })).toBe('assignment.error.text_required');
    expect(handInProblem(a, { body: 'map', link: null, files: 3 })).toBe('assignment.error.too_many_files');
    expect(handInProblem(a, { body: 'map', link: null, files: 0 })).toBeNull();
    const filesOnly = submissionAssignment({ handIn: { text: 'optional', files: { max: 1, required: true } } });
    expect(handInProblem(filesOnly, { body: 'x', link: null, files: 0 })).toBe('assignment.error.files_required');
    const anything = submissionAssignment({ handIn: { text: 'optional', link: 'optional', files: { max: 1 } } });
    expect(handInProblem(anything, { body: '', link: null, files: 0 })).toBe('assignment.error.nothing_to_hand_in');
  });
  it('accepts only http(s) links', () => {
    expect(cleanLink(' https://example.kz/map ')).toBe('https://example.kz/map');
    expect(cleanLink('')).toBeNull();
    expect(cleanLink('javascript:alert(1)')).toBeUndefined();
    expect(cleanLink('not a link')).toBeUndefined();
  });
});

describe('rubric', () => {
  it('needs a level for every criterion and adds their points', () => {
    expect(scoreRubric(a.rubric, { coverage: 2 })).toBeNull();
    expect(scoreRubric(a.rubric, { coverage: 2, clarity: 5 })).toBeNull();
    expect(scoreRubric(a.rubric, { coverage: '2', clarity: 1, extra: 1 })).toEqual({
      points: 6,
      levels: { coverage: 2, clarity: 1 },
    });
  });
  it('compares with the pass mark as a share of the highest total', () => {
    expect(reachesPassMark(a.rubric, 60, 4)).toBe(true); // 4 of 6 = 67 %
    expect(reachesPassMark(a.rubric, 60, 2)).toBe(false);
  });
});
