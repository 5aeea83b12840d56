/**
 * The programme report's face-to-face and competency figures kept on write (decision 050):
 * `report_kept_groups` (per section, field, region and Almaty month: items and different people)
 * and `report_kept_firsts` (different people over any range of months), both kept by the
 * triggers of migration 0028 from `report_attendance` and `report_demonstrations`. Reading them
 * costs a few hundred rows however many trainees there are.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';

export type KeptSection = 'attendance' | 'competencies';

export interface KeptGroup {
  field: string;
  /** null for trainees who gave no region. */
  region: string | null;
  /** `YYYY-MM`, Almaty time. */
  month: string;
  items: number;
  people: number;
}

export interface KeptPeriod {
  /** The first month counted, `YYYY-MM`. */
  from?: string;
  /** The last month counted, included. */
  to?: string;
}

/** The groups of a section in the period (groups fallen to zero left out), by month, field and region. */
export async function keptGroups(db: Database, section: KeptSection, period: KeptPeriod): Promise<KeptGroup[]> {
  const from = period.from ? sql` AND month >= ${period.from}` : sql``;
  const to = period.to ? sql` AND month <= ${period.to}` : sql``;
  const rows = await db.all<{ field: string; region: string | null; month: string; items: unknown; people: unknown }>(
    sql`SELECT field, nullif(region, '') AS region, month, items, people FROM report_kept_groups
      WHERE section = ${section}${from}${to} AND (items <> 0 OR people <> 0)
      ORDER BY month, field, region`,
  );
  return rows.map((r) => ({ ...r, items: Number(r.items), people: Number(r.people) }));
}

/**
 * Different people of a section in the period: a person counts in the first of their months in
 * it, which is the one whose previous month (kept with it) is before the period, or none.
 */
export async function keptPeople(db: Database, section: KeptSection, period: KeptPeriod): Promise<number> {
  // '' (no previous month) sorts before every month, and every month after '0000-00'.
  const before = period.from ?? '0000-00';
  const from = period.from ? sql` AND month >= ${period.from}` : sql``;
  const to = period.to ? sql` AND month <= ${period.to}` : sql``;
  const [row] = await db.all<{ people: unknown }>(
    sql`SELECT coalesce(sum(people), 0) AS people FROM report_kept_firsts
      WHERE section = ${section} AND prev < ${before}${from}${to}`,
  );
  return Number(row?.people ?? 0);
}

/**
 * Makes `report_course_fields` say what the catalogue says (a course with no field or not listed
 * counts under ''); the triggers move that course's attendance to its new field. Writes only
 * when something changed.
 */
export async function syncReportCourseFields(db: Database, courseFields: Readonly<Record<string, string>>) {
  const wanted = new Map(Object.entries(courseFields).filter(([, field]) => field !== ''));
  const stored = await db.all<{ course: string; field: string }>(sql`SELECT course, field FROM report_course_fields`);
  const have = new Map(stored.map((r) => [r.course, r.field]));
  const changes = [
    ...[...have.keys()]
      .filter((c) => !wanted.has(c))
      .map((c) => sql`DELETE FROM report_course_fields WHERE course = ${c}`),
    ...[...wanted]
      .filter(([c, field]) => have.get(c) !== field)
      .map(
        ([c, field]) => sql`INSERT INTO report_course_fields (course, field) VALUES (${c}, ${field})
          ON CONFLICT (course) DO UPDATE SET field = excluded.field`,
      ),
  ];
  if (changes.length === 0) return 0;
  const [first, ...rest] = changes.map((s) => db.run(s));
  await db.batch([first!, ...rest]);
  return changes.length;
}
