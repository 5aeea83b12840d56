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
    // b's median is 12: j3's 4 is 8 below it.
    expect(j3).toMatchObject({ scored: 1, deviation: -8, outlier: true });
    expect(j1!.outlier).toBe(false);
    expect(j2!.outlier).toBe(false);
  });
});

describe('the outlier juror', () => {
  it('flags only the juror far from two who agree (the others are not pulled along)', () => {
    // Against the others' mean, j1 and j2 would sit 8 points (20 − (20 + 4) / 2) from the rest: flagged too.
    const agreeing = [
      s('a', 'j1', 20),
      s('a', 'j2', 20),
      s('a', 'j3', 4),
      s('b', 'j1', 18),
      s('b', 'j2', 20),
      s('b', 'j3', 4),
    ];
    const [j1, j2, j3] = jurorDeviations(['j1', 'j2', 'j3'], agreeing, 20);
    expect(j3).toMatchObject({ deviation: -15, outlier: true });
    expect([j1!.deviation, j2!.deviation]).toEqual([0, 1]);
    expect([j1!.outlier, j2!.outlier]).toEqual([false, false]);
  });
  it('gives 0 for a juror who scored only what nobody else scored, and with two jurors flags both', () => {
    expect(jurorDeviations(['j1'], [s('a', 'j1', 20)], 20)).toEqual([
      { jurorId: 'j1', scored: 1, deviation: 0, outlier: false },
    ]);
    const two = jurorDeviations(['j1', 'j2'], [s('a', 'j1', 20), s('a', 'j2', 4)], 20);
    expect(two.map((d) => [d.deviation, d.outlier])).toEqual([
      [8, true],
      [-8, true],
    ]);
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
