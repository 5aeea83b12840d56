/**
 * What a report covers: one course, or the members of one of its cohorts. Every report
 * query starts from `scopedRows`, so the rule is written once.
 */
import { sql, type SQL } from 'drizzle-orm';

export interface ReportScope {
  /** Course slug. */
  course: string;
  /** Only the users who are `member`s of this cohort (applicants and declined users are not). */
  cohortId?: string;
}

/** The per-user tables reports read; each is keyed or indexed by (user_id, course, ...). */
export type ScopedTable = 'enrollments' | 'lesson_progress' | 'quiz_attempts' | 'certificates';

/**
 * The FROM items and WHERE condition that select `table`'s rows (as `alias`) in the scope;
 * callers append their own joins after `from` and conditions after `where`.
 *
 * A course scope reads the course's range of an index on `course`. A cohort scope starts
 * from the cohort's members and looks each one up by the table's (user_id, course) index,
 * so it costs one index probe per member whatever the size of the course. `CROSS JOIN`
 * fixes that join order: without ANALYZE statistics SQLite's planner may otherwise walk the
 * whole course and probe the members. A cohort of another course selects nothing. For
 * `certificates`, add `replaced_by IS NULL` so the partial (user_id, course) index applies.
 */
export function scopedRows(scope: ReportScope, table: ScopedTable, alias: string): { from: SQL; where: SQL } {
  const t = sql.raw(`${table} ${alias}`);
  const a = sql.raw(alias);
  if (scope.cohortId === undefined) {
    return { from: t, where: sql`${a}.course = ${scope.course}` };
  }
  return {
    from: sql`cohorts scope_cohort CROSS JOIN cohort_members scope_member CROSS JOIN ${t}`,
    where: sql`scope_cohort.id = ${scope.cohortId} AND scope_cohort.course = ${scope.course}
      AND scope_member.cohort_id = scope_cohort.id AND scope_member.state = 'member'
      AND ${a}.user_id = scope_member.user_id AND ${a}.course = ${scope.course}`,
  };
}

/** `(a, b, c)` for an IN list; SQLite reads `()` as an empty list. */
export function sqlList(values: readonly (string | number)[]): SQL {
  return sql`(${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )})`;
}
