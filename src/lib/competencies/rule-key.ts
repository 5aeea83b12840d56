/**
 * A fingerprint of what the rule of rule.ts reads from the files (decision 052): the
 * competencies and their groups, every question and criterion naming one, and each
 * assignment's pass level and level points. Kept states derived under another fingerprint
 * (a course edit, a new framework) are derived again when read; the kept demonstrations of the
 * report (decision 050) add the courses' fields to the same content.
 */
import { createHash } from 'node:crypto';
import type { Competency } from '#lib/courses/framework-schema.ts';
import type { Assignment } from '#lib/courses/assignment-schema.ts';
import { assessedItems, type AssessingCourse } from './rule.ts';

/** A course as the rule reads it (the evidence module's EvidenceCourse fits). */
export type ScoredCourse = AssessingCourse & {
  assignments: Readonly<Record<string, Pick<Assignment, 'rubric' | 'passPercent'>>>;
};

const byFirst = (a: readonly unknown[], b: readonly unknown[]) => (String(a[0]) < String(b[0]) ? -1 : 1);

/**
 * The content the rule reads, sorted where the order means nothing, so that the files (oqu
 * prepare) and the catalogue, which may list courses, quizzes or assignments in another order, agree.
 */
export function ruleContent(
  competencies: readonly Pick<Competency, 'id' | 'parent'>[],
  courses: readonly ScoredCourse[],
): unknown {
  const scoring = courses
    .map((c) => [
      c.slug,
      Object.entries(c.assignments)
        .map(([id, a]) => [id, a.passPercent, a.rubric.map((r) => [r.id, r.levels.map((l) => l.points)])])
        .sort(byFirst),
    ])
    .sort(byFirst);
  return [
    competencies.map((c) => [c.id, c.parent ?? '']).sort(byFirst),
    assessedItems(courses)
      .map((i) => JSON.stringify(i))
      .sort(),
    scoring,
  ];
}

/** A sha-256 of some JSON content, shortened. */
export function contentHash(content: unknown): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 22);
}

export function ruleKey(
  competencies: readonly Pick<Competency, 'id' | 'parent'>[],
  courses: readonly ScoredCourse[],
): string {
  return contentHash(ruleContent(competencies, courses));
}
