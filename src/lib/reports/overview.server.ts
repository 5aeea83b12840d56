/** The headline numbers of a course (or cohort) dashboard, in one statement. */
import { sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { activeSql } from './activity.server.ts';
import { scopedRows, type ReportScope } from './scope.server.ts';

export interface CourseOverview {
  enrolled: number;
  /** Enrolments with activity (a lesson done, a quiz attempt: activity.server.ts) in (now − 7 days, now]. */
  active7d: number;
  completed: number;
  /** Current certificates (not replaced by a newer one) that are not revoked. */
  certificates: number;
}

/**
 * Enrolled, recently active and completed trainees, and valid certificates, in the scope.
 * For a course each count is its own subquery, so the first two read only the
 * `(course, last_active_at)` index; a cohort's enrolments are few and read in one pass.
 */
export async function courseOverview(
  db: Database,
  scope: ReportScope,
  now: Date = new Date(),
): Promise<CourseOverview> {
  const e = scopedRows(scope, 'enrollments', 'e');
  const c = scopedRows(scope, 'certificates', 'c');
  const active = activeSql(now, 'e');
  const certified = sql`(SELECT count(*) FROM ${c.from}
    WHERE ${c.where} AND c.replaced_by IS NULL AND c.revoked_at IS NULL)`;
  const query =
    scope.cohortId === undefined
      ? sql`SELECT
          (SELECT count(*) FROM ${e.from} WHERE ${e.where}) AS enrolled,
          (SELECT count(*) FROM ${e.from} WHERE ${e.where} AND ${active}) AS active7d,
          (SELECT count(*) FROM ${e.from} WHERE ${e.where} AND e.completed_at IS NOT NULL) AS completed,
          ${certified} AS certificates`
      : sql`SELECT count(*) AS enrolled, coalesce(sum(${active}), 0) AS active7d, count(e.completed_at) AS completed,
            ${certified} AS certificates
          FROM ${e.from} WHERE ${e.where}`;
  const [row] = await db.all<Record<keyof CourseOverview, number>>(query);
  return {
    enrolled: Number(row?.enrolled ?? 0),
    active7d: Number(row?.active7d ?? 0),
    completed: Number(row?.completed ?? 0),
    certificates: Number(row?.certificates ?? 0),
  };
}
