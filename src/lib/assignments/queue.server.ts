/**
 * The review queue: submissions waiting for a trainer in the courses a trainer follows
 * (admins: every course), oldest hand-in first, filtered and paged in SQL. The partial index
 * `submissions_waiting_idx` (course, submitted_at) over waiting rows only keeps it fast when
 * the table holds hundreds of thousands of decided submissions.
 */
import { and, asc, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { cohorts, submissionReviews, submissions, users } from '#db/schema.ts';
import { WAITING_STATES, type QueueFilter, type QueueRow } from './queue.ts';

/** The courses a viewer follows, or `all` for an admin. */
export type QueueCourses = readonly string[] | 'all';

/**
 * The courses the page may show: the filter's course if the viewer follows it; a cohort's own
 * course when a cohort is chosen (so the course's index range is read, not every course's).
 */
async function coursesToRead(db: Database, courses: QueueCourses, filter: QueueFilter): Promise<string[] | 'all'> {
  let list: string[] | 'all' = courses === 'all' ? 'all' : [...courses];
  const narrow = (course: string) => (list = list === 'all' || list.includes(course) ? [course] : []);
  if (filter.course) narrow(filter.course);
  if (filter.cohortId) {
    const [cohort] = await db.select({ course: cohorts.course }).from(cohorts).where(eq(cohorts.id, filter.cohortId));
    narrow(cohort?.course ?? '');
  }
  return list;
}

/**
 * The waiting states written as literals, exactly as the partial index's WHERE: SQLite uses a
 * partial index only when the query repeats its condition, and a bound parameter does not.
 */
const IS_WAITING = sql.raw(`"submissions"."state" in (${WAITING_STATES.map((s) => `'${s}'`).join(', ')})`);

/** The conditions of a queue: always every waiting state (so the partial index applies), then the filters. */
function conditions(list: string[] | 'all', filter: QueueFilter): SQL {
  return and(
    IS_WAITING,
    list === 'all' ? undefined : inArray(submissions.course, list.length > 0 ? list : ['']),
    filter.state ? eq(submissions.state, filter.state) : undefined,
    filter.cohortId ? eq(submissions.cohortId, filter.cohortId) : undefined,
    filter.assignment ? eq(submissions.assignment, filter.assignment) : undefined,
  )!;
}

/** One page of the queue of `courses` (the viewer's, or `all` for an admin) and how many wait in all. */
export async function reviewQueue(
  db: Database,
  courses: QueueCourses,
  filter: QueueFilter,
): Promise<{ rows: QueueRow[]; total: number }> {
  const list = await coursesToRead(db, courses, filter);
  const where = conditions(list, filter);
  // Without a course list the planner would count along (course, state, submitted_at), all of it.
  const waiting = list === 'all' ? sql.raw('INDEXED BY submissions_waiting_idx') : sql``;
  const peerCount = db
    .select({ n: count() })
    .from(submissionReviews)
    .where(
      and(
        eq(submissionReviews.submissionId, submissions.id),
        eq(submissionReviews.versionNumber, submissions.version),
        eq(submissionReviews.role, 'peer'),
      ),
    );
  const [rows, [total]] = await Promise.all([
    db
      .select({
        submissionId: submissions.id,
        course: submissions.course,
        assignment: submissions.assignment,
        cohortId: submissions.cohortId,
        state: submissions.state,
        version: submissions.version,
        submittedAt: submissions.submittedAt,
        trainee: users.displayName,
        peerReviews: sql<number>`(${peerCount})`,
      })
      .from(submissions)
      .innerJoin(users, eq(users.id, submissions.userId))
      .where(where)
      .orderBy(asc(submissions.submittedAt), asc(submissions.id))
      .limit(filter.limit)
      .offset(filter.offset),
    db.all<{ n: number }>(sql`SELECT count(*) AS n FROM ${submissions} ${waiting} WHERE ${where}`),
  ]);
  return { rows: rows as QueueRow[], total: Number(total?.n ?? 0) };
}
