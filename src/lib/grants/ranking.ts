/**
 * The jury's scores turned into what the admin decides with (decision 041): per proposal the
 * mean and spread of its scores; per juror how far their scores sit from the others' on the
 * same proposals (an outlier is flagged); ties; and the check that awards stay within the
 * call's budget. Means are compared exactly (sums cross-multiplied by counts, all integers).
 */
import { sumTenge } from './money.ts';

export interface ScorePoint {
  proposalId: string;
  jurorId: string;
  points: number;
}

export interface RankedProposal {
  proposalId: string;
  count: number;
  sum: number;
  /** For display only; ordering and ties use `sum` and `count`. */
  mean: number;
  /** Highest minus lowest score. */
  spread: number;
}

/** a's mean compared with b's, exactly: negative when a ranks first (higher mean). */
export function compareMeans(a: { sum: number; count: number }, b: { sum: number; count: number }): number {
  if (a.count === 0 || b.count === 0) return b.count - a.count;
  return b.sum * a.count - a.sum * b.count;
}

/** Every proposal with its mean and spread, highest mean first (unscored last, ids break exact ties). */
export function rankProposals(proposalIds: readonly string[], scores: readonly ScorePoint[]): RankedProposal[] {
  const ranked = proposalIds.map((proposalId) => {
    const points = scores.filter((s) => s.proposalId === proposalId).map((s) => s.points);
    const sum = points.reduce((a, b) => a + b, 0);
    return {
      proposalId,
      count: points.length,
      sum,
      mean: points.length ? sum / points.length : 0,
      spread: points.length ? Math.max(...points) - Math.min(...points) : 0,
    };
  });
  return ranked.sort((a, b) => compareMeans(a, b) || a.proposalId.localeCompare(b.proposalId));
}

export interface JurorDeviation {
  jurorId: string;
  scored: number;
  /** Mean of (their score − the median of the jury's scores of it) over proposals others scored too; 0 when none. */
  deviation: number;
  outlier: boolean;
}

/** The middle score (the mean of the two middle ones for an even count). */
function median(points: readonly number[]): number {
  const sorted = [...points].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * How far each juror's scores sit from the rest of the jury's. Each score is compared with the
 * median of every score the proposal got (theirs included): one juror far off does not move the
 * median, so the jurors who agree are not flagged with them (against the others' mean, with three
 * jurors, they were). A juror is an outlier when, on average, they score at least a quarter of
 * the rubric's maximum away.
 */
export function jurorDeviations(
  jurorIds: readonly string[],
  scores: readonly ScorePoint[],
  maxPoints: number,
): JurorDeviation[] {
  const medians = new Map<string, number>();
  for (const id of new Set(scores.map((s) => s.proposalId))) {
    const points = scores.filter((s) => s.proposalId === id).map((s) => s.points);
    if (points.length > 1) medians.set(id, median(points));
  }
  return jurorIds.map((jurorId) => {
    const own = scores.filter((s) => s.jurorId === jurorId);
    const gaps = own.flatMap((s) => (medians.has(s.proposalId) ? [s.points - medians.get(s.proposalId)!] : []));
    const deviation = gaps.length ? gaps.reduce((a, b) => a + b, 0) / gaps.length : 0;
    return { jurorId, scored: own.length, deviation, outlier: maxPoints > 0 && Math.abs(deviation) >= maxPoints / 4 };
  });
}

/** Whether the proposal has the same mean as another one that is not (yet) a winner. */
export function tiesWithOther(ranked: readonly RankedProposal[], proposalId: string, winners: ReadonlySet<string>) {
  const me = ranked.find((r) => r.proposalId === proposalId);
  if (!me || me.count === 0) return false;
  return ranked.some(
    (r) => r.proposalId !== proposalId && !winners.has(r.proposalId) && r.count > 0 && compareMeans(r, me) === 0,
  );
}

export type AwardError =
  | 'grants.error.amount'
  | 'grants.error.amount_above_max'
  | 'grants.error.amount_above_request'
  | 'grants.error.over_budget'
  | 'grants.error.tie_reason';

/**
 * Whether `amount` may be awarded to a proposal: a whole positive number of tenge, at most the
 * call's maximum per project and what the proposal asked for, and the call's awards together
 * (the other winners' plus this) within its budget.
 */
export function checkAward(input: {
  amount: number | null;
  requested: number;
  maxPerProject: number;
  budget: number;
  otherAwards: readonly number[];
}): AwardError | null {
  const { amount } = input;
  if (amount === null || !Number.isSafeInteger(amount) || amount <= 0) return 'grants.error.amount';
  if (amount > input.maxPerProject) return 'grants.error.amount_above_max';
  if (amount > input.requested) return 'grants.error.amount_above_request';
  if (sumTenge([...input.otherAwards, amount]) > input.budget) return 'grants.error.over_budget';
  return null;
}
