/**
 * The assignment table of a course dashboard, from counts the SQL twin returns: per assignment
 * how many handed in, wait, were accepted, the median time to review, and per rubric criterion
 * the average points given (which criteria trainees struggle with).
 */
import type { Assignment } from '#lib/assignments/schema.ts';

export interface AssignmentCounts {
  assignment: string;
  submitted: number;
  waiting: number;
  accepted: number;
  /** Median milliseconds from the first hand-in to the first trainer decision; null before any decision. */
  medianReviewMs: number | null;
}

/** How many trainer reviews chose level `level` of `criterion` on `assignment`. */
export interface LevelCount {
  assignment: string;
  criterion: string;
  level: number;
  count: number;
}

export interface CriterionAverage {
  criterion: string;
  /** The average points trainers gave; null when no review scored it. */
  average: number | null;
  max: number;
  reviews: number;
}

export interface AssignmentStats extends AssignmentCounts {
  criteria: CriterionAverage[];
}

/** Joins the counts with each criterion's average points, in the assignments' and rubrics' order. */
export function assignmentStats(
  assignments: Record<string, Assignment>,
  counts: readonly AssignmentCounts[],
  levels: readonly LevelCount[],
): AssignmentStats[] {
  const byId = new Map(counts.map((c) => [c.assignment, c]));
  return Object.entries(assignments).map(([id, assignment]) => {
    const count = byId.get(id) ?? { assignment: id, submitted: 0, waiting: 0, accepted: 0, medianReviewMs: null };
    const criteria = assignment.rubric.map((criterion) => {
      let points = 0;
      let reviews = 0;
      for (const l of levels) {
        const level = l.assignment === id && l.criterion === criterion.id ? criterion.levels[l.level] : undefined;
        if (!level) continue;
        points += level.points * l.count;
        reviews += l.count;
      }
      const max = Math.max(...criterion.levels.map((l) => l.points));
      return { criterion: criterion.id, average: reviews > 0 ? points / reviews : null, max, reviews };
    });
    return { ...count, criteria };
  });
}
