import { describe, expect, it } from 'vitest';
import { submissionAssignment } from '../../../tests/fixtures/submission.ts';
import { assignmentStats } from './assignment-stats.ts';

describe('assignmentStats', () => {
  it('averages the points of the chosen levels per criterion, zeros where nothing was handed in', () => {
    const stats = assignmentStats(
      { map: submissionAssignment(), plan: submissionAssignment() },
      [{ assignment: 'map', submitted: 3, waiting: 1, accepted: 1, medianReviewMs: 5 }],
      [
        { assignment: 'map', criterion: 'coverage', level: 2, count: 1 },
        { assignment: 'map', criterion: 'coverage', level: 0, count: 2 },
        { assignment: 'map', criterion: 'clarity', level: 1, count: 3 },
        { assignment: 'map', criterion: 'gone', level: 1, count: 3 },
        { assignment: 'map', criterion: 'clarity', level: 9, count: 3 },
      ],
    );
    expect(stats[0]).toMatchObject({ submitted: 3, medianReviewMs: 5 });
    expect(stats[0]!.criteria).toEqual([
      { criterion: 'coverage', average: 4 / 3, max: 4, reviews: 3 },
      { criterion: 'clarity', average: 2, max: 2, reviews: 3 },
    ]);
    expect(stats[1]).toMatchObject({ assignment: 'plan', submitted: 0, medianReviewMs: null });
    expect(stats[1]!.criteria[0]).toMatchObject({ average: null, reviews: 0 });
  });
});
