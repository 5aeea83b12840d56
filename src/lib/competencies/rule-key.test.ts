import { describe, expect, it } from 'vitest';
import { ruleKey, type ScoredCourse } from './rule-key.ts';

/** A course with a quiz question on `civic` and an assignment whose criterion names `maps`. */
function course(slug: string, passPercent = 60): ScoredCourse {
  const level = (points: number) => ({ points }) as never;
  const criterion = (id: string) => ({ id, competencies: ['maps'], levels: [level(0), level(2)] }) as never;
  return {
    slug,
    data: { competencies: ['civic'] },
    quizzes: { quiz: { questions: [{ id: 'q1', competencies: ['civic'] }] as never } },
    assignments: {
      a: { passPercent, rubric: [criterion('c1')] },
      b: { passPercent, rubric: [criterion('c2')] },
    },
  };
}
const competencies = [{ id: 'civic' }, { id: 'maps', parent: 'civic' }];

describe('ruleKey', () => {
  it('is the same whatever the order of the competencies, courses and assignments', () => {
    const one = course('one');
    const reordered = { ...one, assignments: { b: one.assignments.b!, a: one.assignments.a! } };
    expect(ruleKey([...competencies].reverse(), [course('two'), reordered])).toBe(
      ruleKey(competencies, [one, course('two')]),
    );
  });

  it('changes with a pass level, a competency or its group', () => {
    const key = ruleKey(competencies, [course('one')]);
    expect(ruleKey(competencies, [course('one', 70)])).not.toBe(key);
    expect(ruleKey([{ id: 'civic' }, { id: 'maps' }], [course('one')])).not.toBe(key);
    expect(ruleKey([...competencies, { id: 'x' }], [course('one')])).not.toBe(key);
  });
});
