/**
 * What counts as a trainee's activity in a course, written once for every report: a lesson
 * marked done or a quiz attempt submitted (an assignment handed in, when assignments arrive,
 * joins here). Being invited, accepting an invitation, enrolling or opening a page is not
 * activity, so a cohort of invited trainees who never signed in shows none.
 *
 * It is read from the rows themselves (lesson_progress.completed_at, quiz_attempts.submitted_at)
 * rather than from enrollments.last_activity_at, which enrolment writes too. Each enrolment's
 * rows are found by their (user_id, course, ...) primary key or index, so a cohort costs a
 * few probes per member; a whole course costs two probes per enrolment.
 */
import { sql, type SQL } from 'drizzle-orm';

/** "Active" means some activity in the 7 days up to now. */
export const ACTIVE_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** The time (ms) of the last activity of the enrolment aliased `alias`, NULL when there is none. */
export function lastActivitySql(alias = 'e'): SQL {
  const e = sql.raw(alias);
  return sql`(SELECT max(at) FROM (
    SELECT max(act_lp.completed_at) AS at FROM lesson_progress act_lp
      WHERE act_lp.user_id = ${e}.user_id AND act_lp.course = ${e}.course
    UNION ALL
    SELECT max(act_qa.submitted_at) FROM quiz_attempts act_qa
      WHERE act_qa.user_id = ${e}.user_id AND act_qa.course = ${e}.course))`;
}

/** True for an enrolment active in (now − 7 days, now]. */
export function activeSql(now: Date, alias = 'e'): SQL {
  const last = lastActivitySql(alias);
  return sql`coalesce(${last} > ${now.getTime() - ACTIVE_WINDOW_MS} AND ${last} <= ${now.getTime()}, 0)`;
}
