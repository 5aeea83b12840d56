/**
 * A fingerprint of what the rule of rule.ts reads from the files (decision 052): the
 * competencies and their groups, every question and criterion naming one, and each
 * assignment's pass level and level points. Kept states derived under another fingerprint
 * (a course edit, a new framework) are derived again when read.
 */
import { createHash } from 'node:crypto';
import type { Competency } from '#lib/courses/framework-schema.ts';
import type { Assignment } from '#lib/courses/assignment-schema.ts';
import { assessedItems, type AssessingCourse } from './rule.ts';

/** A course as the rule reads it (the evidence module's EvidenceCourse fits). */
type ScoredCourse = AssessingCourse & {
  assignments: Readonly<Record<string, Pick<Assignment, 'rubric' | 'passPercent'>>>;
};

export function ruleKey(
  competencies: readonly Pick<Competency, 'id' | 'parent'>[],
  courses: readonly ScoredCourse[],
): string {
  const scoring = courses.map((c) => [
    c.slug,
    Object.entries(c.assignments).map(([id, a]) => [
      id,
      a.passPercent,
      a.rubric.map((r) => [r.id, r.levels.map((l) => l.points)]),
    ]),
  ]);
  const text = JSON.stringify([competencies.map((c) => [c.id, c.parent ?? null]), assessedItems(courses), scoring]);
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}
