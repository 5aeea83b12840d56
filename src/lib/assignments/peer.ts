/**
 * The rules of a peer round over plain data (decision 029): how submissions and reviewers are
 * named without names, when a trainee may read the reviews of their own work, and what a
 * version's peer reviews lead to. `peer.server.ts` applies them to the database.
 */
import { reachesPassMark } from './rubric.ts';
import type { Assignment } from './schema.ts';

export const FLAG_REASONS = ['unhelpful', 'abusive'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

/** "A", "B", … "Z", "AA", …: the name a reviewer sees for the n-th (1-based) submission given to them. */
export function submissionLabel(n: number): string {
  let label = '';
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    label = String.fromCharCode(65 + ((rest - 1) % 26)) + label;
  }
  return label;
}

/**
 * Whether a trainee may read the peer reviews of their own work: after giving the reviews the
 * assignment asks of each trainee, or when they owe none and there is nothing left to give them.
 */
export function mayReadPeerReviews(input: {
  required: number;
  given: number;
  owed: number;
  available: number;
}): boolean {
  return input.given >= input.required || (input.owed === 0 && input.available === 0);
}

export type PeerOutcome = 'accept' | 'revise' | 'to_trainer';

/**
 * What a version's peer reviews lead to once there are `reviewsPerSubmission` of them: for
 * `peer`, accepted when their average points reach the pass mark, else needs revision; for
 * `peer-then-trainer`, on to a trainer. Null while reviews are still missing (or for `trainer`).
 */
export function peerOutcome(assignment: Assignment, points: readonly number[]): PeerOutcome | null {
  const { by, reviewsPerSubmission } = assignment.review;
  if (by === 'trainer' || points.length < reviewsPerSubmission) return null;
  if (by === 'peer-then-trainer') return 'to_trainer';
  const average = points.reduce((sum, p) => sum + p, 0) / points.length;
  return reachesPassMark(assignment.rubric, assignment.passPercent, average) ? 'accept' : 'revise';
}
