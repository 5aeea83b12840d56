/**
 * The programme report counted in SQL: the events (enrolments, completions, first
 * certificates) of the covered courses are one UNION ALL, grouped by course, region and
 * Almaty month, or by course alone. What counts when is described in programme.ts.
 *
 * A programme report reads most of the enrolments, so it scans the table in storage order
 * (`+e.course` keeps SQLite from going through the course index, which would fetch every
 * row at random) and reads users' regions once, in order, into a materialized table rather
 * than looking up a user per event; fields are joined to the grouped rows, which are few.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../../db/client.ts';
import { ALMATY_OFFSET_MS } from './almaty-time.ts';
import { sumCounts, type ProgrammeCounts, type ProgrammeCourseRow, type ProgrammeReport, type ProgrammeReportOptions, type ProgrammeRow } from './programme.ts';

function inRange(column: SQL, options: ProgrammeReportOptions): SQL {
  const from = options.from ? sql` AND ${column} >= ${options.from.getTime()}` : sql``;
  const to = options.to ? sql` AND ${column} < ${options.to.getTime()}` : sql``;
  return sql`${from}${to}`;
}

/** `WITH fields(course, field), events(course, user_id, at, enrolled, completed, certified)`. */
function programmeEvents(options: ProgrammeReportOptions): SQL {
  const fields = sql.join(
    Object.entries(options.courseFields).map(([course, field]) => sql`(${course}, ${field})`),
    sql`, `,
  );
  return sql`
    WITH fields(course, field) AS (VALUES ${fields}),
    events(course, user_id, at, enrolled, completed, certified) AS (
      SELECT e.course, e.user_id, e.enrolled_at, 1, 0, 0 FROM enrollments e
      WHERE +e.course IN (SELECT course FROM fields)${inRange(sql`e.enrolled_at`, options)}
      UNION ALL
      SELECT e.course, e.user_id, e.completed_at, 0, 1, 0 FROM enrollments e
      WHERE +e.course IN (SELECT course FROM fields) AND e.completed_at IS NOT NULL${inRange(sql`e.completed_at`, options)}
      UNION ALL
      SELECT c.course, c.user_id, min(c.issued_at), 0, 0, 1 FROM certificates c
      WHERE c.course IN (SELECT course FROM fields)
      GROUP BY c.user_id, c.course
      HAVING max(c.replaced_by IS NULL AND c.revoked_at IS NULL) = 1${inRange(sql`min(c.issued_at)`, options)}
    )`;
}

const counts = sql`sum(ev.enrolled) AS enrolments, sum(ev.completed) AS completions, sum(ev.certified) AS certificates`;

function toCounts(r: Record<keyof ProgrammeCounts, unknown>): ProgrammeCounts {
  return { enrolments: Number(r.enrolments), completions: Number(r.completions), certificates: Number(r.certificates) };
}

/** Enrolments, completions and certificates by course, field, region and Almaty month, with totals. */
export async function programmeReport(db: Database, options: ProgrammeReportOptions): Promise<ProgrammeReport<ProgrammeRow>> {
  if (Object.keys(options.courseFields).length === 0) return { rows: [], totals: sumCounts([]) };
  const month = sql`strftime('%Y-%m', (ev.at + ${sql.raw(String(ALMATY_OFFSET_MS))}) / 1000, 'unixepoch')`;
  const rows = await db.all<Omit<ProgrammeRow, keyof ProgrammeCounts> & Record<keyof ProgrammeCounts, unknown>>(sql`
    ${programmeEvents(options)},
    regions AS MATERIALIZED (SELECT id, region FROM users),
    grouped AS MATERIALIZED (
      SELECT ev.course AS course, r.region AS region, ${month} AS month, ${counts}
      FROM events ev CROSS JOIN regions r WHERE r.id = ev.user_id
      GROUP BY 1, 2, 3
    )
    SELECT g.course AS course, f.field AS field, g.region AS region, g.month AS month,
      g.enrolments AS enrolments, g.completions AS completions, g.certificates AS certificates
    FROM grouped g JOIN fields f ON f.course = g.course
    ORDER BY g.course, g.month, g.region`);
  const result = rows.map((r) => ({ course: r.course, field: r.field, region: r.region, month: r.month, ...toCounts(r) }));
  return { rows: result, totals: sumCounts(result) };
}

/** The same counts by course only (every covered course, also one with nothing to count), with totals. */
export async function programmeCourseReport(db: Database, options: ProgrammeReportOptions): Promise<ProgrammeReport<ProgrammeCourseRow>> {
  if (Object.keys(options.courseFields).length === 0) return { rows: [], totals: sumCounts([]) };
  const rows = await db.all<Omit<ProgrammeCourseRow, keyof ProgrammeCounts> & Record<keyof ProgrammeCounts, unknown>>(sql`
    ${programmeEvents(options)}
    SELECT f.course AS course, f.field AS field, coalesce(x.enrolments, 0) AS enrolments,
      coalesce(x.completions, 0) AS completions, coalesce(x.certificates, 0) AS certificates
    FROM fields f LEFT JOIN (SELECT ev.course AS course, ${counts} FROM events ev GROUP BY ev.course) x ON x.course = f.course
    ORDER BY f.course`);
  const result = rows.map((r) => ({ course: r.course, field: r.field, ...toCounts(r) }));
  return { rows: result, totals: sumCounts(result) };
}
