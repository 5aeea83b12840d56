/**
 * The programme report read from programme_counts: the numbers per course, region and Almaty
 * month that triggers keep on every enrolment, completion, certificate and change of a
 * trainee's region (db/migrations/0005_programme_counts.sql), so the report reads a few
 * thousand rows whatever the number of trainees. What counts when is described in
 * programme.ts. Rows whose counts have all fallen to zero are left out.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { courseState, type CourseState, type CourseStates } from '#lib/courses/visibility.ts';
import {
  sumCounts,
  type ProgrammeCounts,
  type ProgrammeCourseRow,
  type ProgrammeReport,
  type ProgrammeReportOptions,
  type ProgrammeRow,
} from './programme.ts';

/** `WITH fields(course, field)` and the kept counts of those courses in the period, as `p`. */
function keptCounts(options: ProgrammeReportOptions): { with: SQL; where: SQL } {
  const fields = sql.join(
    Object.entries(options.courseFields).map(([course, field]) => sql`(${course}, ${field})`),
    sql`, `,
  );
  const from = options.from ? sql` AND p.month >= ${options.from}` : sql``;
  const to = options.to ? sql` AND p.month <= ${options.to}` : sql``;
  return {
    with: sql`WITH fields(course, field) AS (VALUES ${fields})`,
    where: sql`p.course IN (SELECT course FROM fields)${from}${to}`,
  };
}

const counts = sql`sum(p.enrolments) AS enrolments, sum(p.completions) AS completions,
  sum(p.certificates) AS certificates`;
const nonZero = sql`sum(p.enrolments) <> 0 OR sum(p.completions) <> 0 OR sum(p.certificates) <> 0`;

function toCounts(r: Record<keyof ProgrammeCounts, unknown>): ProgrammeCounts {
  return { enrolments: Number(r.enrolments), completions: Number(r.completions), certificates: Number(r.certificates) };
}

/** Enrolments, completions and certificates by course, field, region and Almaty month, with totals. */
export async function programmeReport(
  db: Database,
  options: ProgrammeReportOptions,
): Promise<ProgrammeReport<ProgrammeRow>> {
  if (Object.keys(options.courseFields).length === 0) return { rows: [], totals: sumCounts([]) };
  const kept = keptCounts(options);
  const rows = await db.all<Omit<ProgrammeRow, keyof ProgrammeCounts> & Record<keyof ProgrammeCounts, unknown>>(sql`
    ${kept.with}
    SELECT p.course AS course, f.field AS field, nullif(p.region, '') AS region, p.month AS month, ${counts}
    FROM programme_counts p JOIN fields f ON f.course = p.course
    WHERE ${kept.where}
    GROUP BY p.course, p.region, p.month HAVING ${nonZero}
    ORDER BY p.course, p.month, nullif(p.region, '')`);
  const result = rows.map((r) => ({
    course: r.course,
    field: r.field,
    region: r.region,
    month: r.month,
    ...toCounts(r),
  }));
  return { rows: result, totals: sumCounts(result) };
}

/** The same counts by course only (every covered course, also one with nothing to count), with totals. */
export async function programmeCourseReport(
  db: Database,
  options: ProgrammeReportOptions,
): Promise<ProgrammeReport<ProgrammeCourseRow>> {
  if (Object.keys(options.courseFields).length === 0) return { rows: [], totals: sumCounts([]) };
  const kept = keptCounts(options);
  const rows = await db.all<
    Omit<ProgrammeCourseRow, keyof ProgrammeCounts> & Record<keyof ProgrammeCounts, unknown>
  >(sql`
    ${kept.with}
    SELECT f.course AS course, f.field AS field, coalesce(x.enrolments, 0) AS enrolments,
      coalesce(x.completions, 0) AS completions, coalesce(x.certificates, 0) AS certificates
    FROM fields f LEFT JOIN (
      SELECT p.course AS course, ${counts} FROM programme_counts p WHERE ${kept.where} GROUP BY p.course
    ) x ON x.course = f.course
    ORDER BY f.course`);
  const result = rows.map((r) => ({ course: r.course, field: r.field, ...toCounts(r) }));
  return { rows: result, totals: sumCounts(result) };
}

/** A course the programme report covers, with how this copy offers it now. */
export interface ReportCourse {
  course: string;
  /** The programme field; '' for a course removed from courses/ (its field went with it). */
  field: string;
  title: string;
  state: CourseState | 'removed';
}

/**
 * The courses the programme report covers (decision 030): every course of the catalogue,
 * hidden and archived ones included, and every course removed from courses/ that still has
 * enrolments or certificates, under the title its latest certificate gave it (else its folder name).
 * Programme certificates (`programme:<id>`, decision 047) are not courses and are left out.
 */
export async function programmeCourses(
  db: Database,
  catalog: readonly { slug: string; field: string; title: string }[],
  states: CourseStates,
): Promise<ReportCourse[]> {
  const known = catalog.map((c) => c.slug);
  const gone = await db.all<{ course: string; title: string | null }>(sql`
    SELECT x.course AS course,
      (SELECT c.course_title FROM certificates c WHERE c.course = x.course ORDER BY c.issued_at DESC LIMIT 1) AS title
    FROM (SELECT course FROM programme_counts UNION SELECT course FROM certificates) x
    WHERE x.course NOT IN (SELECT value FROM json_each(${JSON.stringify(known)}))
      AND x.course NOT LIKE 'programme:%'
    ORDER BY x.course`);
  return [
    ...catalog.map((c) => ({ course: c.slug, field: c.field, title: c.title, state: courseState(states, c.slug) })),
    ...gone.map((g) => ({ course: g.course, field: '', title: g.title ?? g.course, state: 'removed' as const })),
  ];
}
