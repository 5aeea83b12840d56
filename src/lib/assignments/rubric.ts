/** Scoring a submission against its rubric: one level per criterion, the points they add up to, the pass mark. */
import { maxRubricPoints, type RubricCriterion } from './schema.ts';

export type RubricErrorCode = 'assignment.error.rubric_incomplete';

/**
 * The points for the chosen levels (`{ criterionId: levelIndex }`), or null when a criterion
 * has no level chosen or an unknown one. Extra keys are ignored and left out of `levels`.
 */
export function scoreRubric(
  rubric: readonly RubricCriterion[],
  chosen: Record<string, unknown>,
): { points: number; levels: Record<string, number> } | null {
  const levels: Record<string, number> = {};
  let points = 0;
  for (const criterion of rubric) {
    const raw = chosen[criterion.id];
    const index = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
    const level = Number.isInteger(index) ? criterion.levels[index] : undefined;
    if (!level) return null;
    levels[criterion.id] = index;
    points += level.points;
  }
  return { points, levels };
}

/** Whether `points` reach the assignment's pass mark (a share of the rubric's highest total). */
export function reachesPassMark(rubric: readonly RubricCriterion[], passPercent: number, points: number): boolean {
  const max = maxRubricPoints(rubric);
  return max === 0 || (points / max) * 100 >= passPercent - 1e-9;
}
