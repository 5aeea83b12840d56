import { describe, expect, it } from 'vitest';
import { assignmentSchema } from './schema.ts';
import { mayReadPeerReviews, peerOutcome, submissionLabel } from './peer.ts';

const levels = [0, 1, 2].map((points) => ({ points, description: { en: `${points}` } }));
const assignment = (by: string) =>
  assignmentSchema.parse({
    title: { en: 'T' },
    brief: { en: 'B' },
    rubric: [{ id: 'a', title: { en: 'A' }, levels }],
    passPercent: 50,
    review: { by, reviewsPerSubmission: 2, reviewsPerTrainee: 2 },
  });

describe('peer rules', () => {
  it('names submissions A, B, … Z, AA', () => {
    expect([1, 2, 26, 27, 28, 52, 53].map(submissionLabel)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA']);
  });

  it('lets an author read reviews after giving theirs, or when there is nothing to give', () => {
    expect(mayReadPeerReviews({ required: 2, given: 1, owed: 1, available: 0 })).toBe(false);
    expect(mayReadPeerReviews({ required: 2, given: 1, owed: 0, available: 1 })).toBe(false);
    expect(mayReadPeerReviews({ required: 2, given: 1, owed: 0, available: 0 })).toBe(true);
    expect(mayReadPeerReviews({ required: 2, given: 2, owed: 0, available: 5 })).toBe(true);
  });

  it('ends a round only with all its reviews: by the average for peer, with a trainer otherwise', () => {
    expect(peerOutcome(assignment('peer'), [2])).toBeNull();
    expect(peerOutcome(assignment('peer'), [2, 0])).toBe('accept');
    expect(peerOutcome(assignment('peer'), [1, 0])).toBe('revise');
    expect(peerOutcome(assignment('peer-then-trainer'), [0, 0])).toBe('to_trainer');
    expect(peerOutcome(assignment('trainer'), [2, 2])).toBeNull();
  });
});
