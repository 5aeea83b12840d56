/** The headline numbers of a course (or cohort) dashboard, in one statement. */
import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.ts';
import { scopedRows, type ReportScope } from './scope.server.ts';

/** "Active" means some activity in the 7 days up to now. */
export const ACTIVE_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export interface CourseOverview {
  enrolled: number;
  /** Enrolments with `last_activity_at` in (now − 7 days, now]. */
  active7d: number;
  completed: number;
  /** Current certificates (not replaced by a newer one) that are not revoked. */
  certificates: number;
}

/** Enrolled, recently active and completed trainees, and valid certificates, in the scope. */
export async function courseOverview(db: Database, scope: ReportScope, now: Date = new Date()): Promise<CourseOverview> {
  const e = scopedRows(scope, 'enrollments', 'e');
  const c = scopedRows(scope, 'certificates', 'c');
  const since = now.getTime() - ACTIVE_WINDOW_MS;
  const [row] = await db.all<Record<keyof CourseOverview, number>>(sql`
    SELECT
      (SELECT count(*) FROM ${e.from} WHERE ${e.where}) AS enrolled,
      (SELECT count(*) FROM ${e.from} WHERE ${e.where}
        AND e.last_activity_at > ${since} AND e.last_activity_at <= ${now.getTime()}) AS active7d,
      (SELECT count(*) FROM ${e.from} WHERE ${e.where} AND e.completed_at IS NOT NULL) AS completed,
      (SELECT count(*) FROM ${c.from} WHERE ${c.where}
        AND c.replaced_by IS NULL AND c.revoked_at IS NULL) AS certificates`);
  return {
    enrolled: Number(row?.enrolled ?? 0),
    active7d: Number(row?.active7d ?? 0),
    completed: Number(row?.completed ?? 0),
    certificates: Number(row?.certificates ?? 0),
  };
}
