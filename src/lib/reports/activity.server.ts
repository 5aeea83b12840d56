/**
 * What counts as a trainee's activity in a course, written once for every report: a lesson
 * marked done or a quiz attempt submitted (an assignment handed in, when assignments arrive,
 * joins here). Being invited, accepting an invitation, enrolling or opening a page is not
 * activity, so a cohort of invited trainees who never signed in shows none.
 *
 * The time of the last activity is the latest of lesson_progress.completed_at and
 * quiz_attempts.submitted_at for the enrolment. Triggers keep it on the enrolment as
 * `last_active_at` (db/migrations/0011_enrolment_last_active.sql), so "active in the last 7
 * days" and the sort by last activity read the `(course, last_active_at)` index: computed
 * from the rows per enrolment, the biggest course's dashboard took seconds. It is not
 * enrollments.last_activity_at, which enrolment and opening a lesson write too.
 */
import { sql, type SQL } from 'drizzle-orm';

/** "Active" means some activity in the 7 days up to now. */
export const ACTIVE_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** The time (ms) of the last activity of the enrolment aliased `alias`, NULL when there is none. */
export function lastActivitySql(alias = 'e'): SQL {
  return sql`${sql.raw(alias)}.last_active_at`;
}

/** True for an enrolment active in (now − 7 days, now]. */
export function activeSql(now: Date, alias = 'e'): SQL {
  const last = lastActivitySql(alias);
  return sql`coalesce(${last} > ${now.getTime() - ACTIVE_WINDOW_MS} AND ${last} <= ${now.getTime()}, 0)`;
}
