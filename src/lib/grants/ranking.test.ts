import { describe, expect, it } from 'vitest';
import { checkAward, jurorDeviations, rankProposals, tiesWithOther } from './ranking.ts';

const s = (proposalId: string, jurorId: string, points: number) => ({ proposalId, jurorId, points });

describe('ranking the jury scores', () => {
  const scores = [s('a', 'j1', 16), s('a', 'j2', 18), s('b', 'j1', 12), s('b', 'j2', 14), s('b', 'j3', 4)];

  it('orders by mean, highest first, with the spread; unscored last', () => {
    const ranked = rankProposals(['b', 'c', 'a'], scores);
    expect(ranked.map((r) => [r.proposalId, r.count, r.sum, r.spread])).toEqual([
      ['a', 2, 34, 2],
      ['b', 3, 30, 10],
      ['c', 0, 0, 0],
    ]);
    expect(ranked[0]!.mean).toBe(17);
  });

  it('compares means exactly: 1/3 + 1/3 + 1/3 style ties are ties', () => {
    // 10/3 and 20/6 are the same mean; floating point division would make 3.3333333333333335 of one of them.
    const tied = [
      s('x', 'j1', 3),
      s('x', 'j2', 3),
      s('x', 'j3', 4),
      s('y', 'j1', 10),
      s('y', 'j2', 0),
      s('y', 'j3', 0),
    ];
    const ranked = rankProposals(['x', 'y'], tied);
    expect(tiesWithOther(ranked, 'x', new Set())).toBe(true);
    expect(tiesWithOther(ranked, 'x', new Set(['y']))).toBe(false);
  });

  it('shows the juror whose scores sit far from the others', () => {
    const [j1, j2, j3] = jurorDeviations(['j1', 'j2', 'j3'], scores, 20);
    expect(j3).toMatchObject({ scored: 1, deviation: -9, outlier: true });
    expect(j1!.outlier).toBe(false);
    expect(j2!.outlier).toBe(false);
  });
});

describe('awards within the budget', () => {
  const base = { requested: 500_000, maxPerProject: 600_000, budget: 1_000_000, otherAwards: [400_000] };
  it('accepts an award that fits, to the last tenge', () => {
    expect(checkAward({ ...base, amount: 500_000 })).toBeNull();
    expect(checkAward({ ...base, otherAwards: [500_001], amount: 500_000 })).toBe('grants.error.over_budget');
  });
  it('refuses what is not whole, above the maximum or above the request', () => {
    expect(checkAward({ ...base, amount: 0.5 })).toBe('grants.error.amount');
    expect(checkAward({ ...base, amount: null })).toBe('grants.error.amount');
    expect(checkAward({ ...base, requested: 700_000, amount: 650_000 })).toBe('grants.error.amount_above_max');
    expect(checkAward({ ...base, amount: 500_001 })).toBe('grants.error.amount_above_request');
  });
});
