/**
 * The figures behind a course dashboard's assignment table, aggregated in SQL for a course or
 * one cohort (the cohort a trainee handed in from). Counting starts at the first hand-in; the
 * time to review runs from the first version's hand-in to the first trainer decision (kept on the
 * submission by triggers), and its median is taken in SQL with window functions. Levels count
 * every trainer review (kept per course by triggers; counted for a cohort).
 */
import { sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import type { ReportScope } from './scope.server.ts';
import { assignmentStats, type AssignmentCounts, type AssignmentStats, type LevelCount } from './assignment-stats.ts';
import type { Assignment } from '#lib/assignments/schema.ts';

const inScope = (scope: ReportScope) =>
  scope.cohortId === undefined
    ? sql`s.course = ${scope.course}`
    : // `+s.course`: a cohort's rows come from the cohort's index, not the whole course's.
      sql`+s.course = ${scope.course} AND s.cohort_id = ${scope.cohortId}`;

/**
 * The median wait per assignment, from the waits kept on the submissions (review_wait_ms,
 * migration 0020): how many there are, then the middle one or two read in order from the
 * index, so no wait is sorted on a view.
 */
async function medianWaits(db: Database, scope: ReportScope): Promise<{ assignment: string; median: number }[]> {
  const waited = sql`${inScope(scope)} AND s.review_wait_ms IS NOT NULL AND s.state <> 'draft'`;
  const totals = await db.all<{ assignment: string; total: number }>(
    sql`SELECT s.assignment, count(*) AS total FROM submissions s WHERE ${waited} GROUP BY s.assignment`,
  );
  return Promise.all(
    totals.map(async ({ assignment, total }) => {
      const n = Number(total);
      const middle = await db.all<{ wait: number }>(sql`SELECT s.review_wait_ms AS wait FROM submissions s
        WHERE ${waited} AND s.assignment = ${assignment}
        ORDER BY s.review_wait_ms LIMIT ${n % 2 ? 1 : 2} OFFSET ${Math.floor((n - 1) / 2)}`);
      return { assignment, median: middle.reduce((sum, r) => sum + Number(r.wait), 0) / middle.length };
    }),
  );
}

async function counts(db: Database, scope: ReportScope): Promise<AssignmentCounts[]> {
  const rows = await db.all<{ assignment: string; submitted: number; waiting: number; accepted: number }>(sql`
    SELECT s.assignment,
      count(*) AS submitted,
      sum(s.state IN ('submitted', 'in_review')) AS waiting,
      sum(s.state = 'accepted') AS accepted
    FROM submissions s
    WHERE ${inScope(scope)} AND s.state <> 'draft'
    GROUP BY s.assignment`);
  const medians = await medianWaits(db, scope);
  const median = new Map(medians.map((m) => [m.assignment, m.median]));
  return rows.map((r) => ({
    assignment: r.assignment,
    submitted: Number(r.submitted),
    waiting: Number(r.waiting ?? 0),
    accepted: Number(r.accepted ?? 0),
    medianReviewMs: median.get(r.assignment) ?? null,
  }));
}

async function levelCounts(db: Database, scope: ReportScope): Promise<LevelCount[]> {
  // A whole course's counts are kept (assignment_level_counts, migration 0020); a cohort's are
  // counted from its reviews, the same way.
  const rows =
    scope.cohortId === undefined
      ? await db.all<{ assignment: string; criterion: string; level: number; count: number }>(sql`
          SELECT assignment, criterion, level, count FROM assignment_level_counts
          WHERE course = ${scope.course} AND count > 0`)
      : await db.all<{ assignment: string; criterion: string; level: number; count: number }>(sql`
          SELECT s.assignment, l.key AS criterion, l.value AS level, count(*) AS count
          FROM submissions s
          JOIN submission_reviews r ON r.submission_id = s.id AND r.role = 'trainer'
          JOIN json_each(r.levels) l
          WHERE ${inScope(scope)}
          GROUP BY s.assignment, l.key, l.value`);
  return rows.map((r) => ({ ...r, level: Number(r.level), count: Number(r.count) }));
}

/** The assignment table of `assignments` (the course's, by id) in `scope`. */
export async function courseAssignmentStats(
  db: Database,
  scope: ReportScope,
  assignments: Record<string, Assignment>,
): Promise<AssignmentStats[]> {
  if (Object.keys(assignments).length === 0) return [];
  const [c, l] = await Promise.all([counts(db, scope), levelCounts(db, scope)]);
  return assignmentStats(assignments, c, l);
}
