/**
 * The figures behind a course dashboard's assignment table, aggregated in SQL for a course or
 * one cohort (the cohort a trainee handed in from). Counting starts at the first hand-in; the
 * time to review runs from the first version's hand-in to the first trainer decision, and its
 * median is taken in SQL with window functions. Levels count every trainer review.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import type { ReportScope } from './scope.server.ts';
import { assignmentStats, type AssignmentCounts, type AssignmentStats, type LevelCount } from './assignment-stats.ts';
import type { Assignment } from '#lib/assignments/schema.ts';

const inScope = (scope: ReportScope) =>
  scope.cohortId === undefined
    ? sql`s.course = ${scope.course}`
    : sql`s.course = ${scope.course} AND s.cohort_id = ${scope.cohortId}`;

async function counts(db: Database, scope: ReportScope): Promise<AssignmentCounts[]> {
  const rows = await db.all<{ assignment: string; submitted: number; waiting: number; accepted: number }>(sql`
    SELECT s.assignment,
      count(*) AS submitted,
      sum(s.state IN ('submitted', 'in_review')) AS waiting,
      sum(s.state = 'accepted') AS accepted
    FROM submissions s
    WHERE ${inScope(scope)} AND s.state <> 'draft'
    GROUP BY s.assignment`);
  const medians = await db.all<{ assignment: string; median: number }>(sql`
    WITH waits AS (
      SELECT s.assignment,
        (SELECT min(r.created_at) FROM submission_reviews r WHERE r.submission_id = s.id AND r.role = 'trainer')
          - (SELECT v.submitted_at FROM submission_versions v WHERE v.submission_id = s.id AND v.number = 1) AS wait
      FROM submissions s
      WHERE ${inScope(scope)} AND s.state <> 'draft'
    ), ranked AS (
      SELECT assignment, wait,
        row_number() OVER (PARTITION BY assignment ORDER BY wait) AS n,
        count(*) OVER (PARTITION BY assignment) AS total
      FROM waits WHERE wait IS NOT NULL
    )
    SELECT assignment, avg(wait) AS median FROM ranked
    WHERE n IN ((total + 1) / 2, (total + 2) / 2)
    GROUP BY assignment`);
  const median = new Map(medians.map((m) => [m.assignment, Number(m.median)]));
  return rows.map((r) => ({
    assignment: r.assignment,
    submitted: Number(r.submitted),
    waiting: Number(r.waiting ?? 0),
    accepted: Number(r.accepted ?? 0),
    medianReviewMs: median.get(r.assignment) ?? null,
  }));
}

async function levelCounts(db: Database, scope: ReportScope): Promise<LevelCount[]> {
  const rows = await db.all<{ assignment: string; criterion: string; level: number; count: number }>(sql`
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
