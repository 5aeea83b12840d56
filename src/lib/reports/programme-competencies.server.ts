/**
 * The programme report's competencies (decision 035): how many competencies trainees
 * demonstrated, by field, region and Almaty month, in the report's period. A competency counts
 * once per trainee, in the month it was first demonstrated (demonstrations() of
 * src/lib/competencies/demonstrated.ts), under the field of the course whose evidence completed
 * it (a setting by hand: the first course developing it), and the region the trainee gives now.
 * Derived from the evidence, not kept by triggers: the trainees with any evidence are read a
 * slice at a time.
 */
import { inArray, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { users } from '#db/schema.ts';
import type { Competency } from '#lib/courses/framework-schema.ts';
import { demonstrations } from '#lib/competencies/demonstrated.ts';
import { loadTraineeRecords, type EvidenceCourse } from '#lib/competencies/evidence.server.ts';
import { assessedItems, coursesDeveloping } from '#lib/competencies/rule.ts';
import { kazakhstanDate } from '#lib/time/dates.ts';

export interface CompetencyReportRow {
  field: string;
  /** The trainee's region; null for none. */
  region: string | null;
  /** Almaty month, YYYY-MM. */
  month: string;
  /** Competencies demonstrated (one per trainee and competency). */
  demonstrated: number;
  /** Trainees who demonstrated at least one. */
  trainees: number;
}

export interface CompetencyReport {
  rows: CompetencyReportRow[];
  totals: { demonstrated: number; trainees: number };
}

export interface CompetencyReportOptions {
  from?: string;
  to?: string;
  /** The courses of the report, with their field. */
  courses: readonly (EvidenceCourse & { data: EvidenceCourse['data'] & { field: string } })[];
  /** Every competency of the frameworks (groups included: they are left out of the counts). */
  competencies: readonly Pick<Competency, 'id' | 'parent'>[];
}

/** Trainees read per slice: a few statements each, bounded memory. */
const SLICE = 500;

/** The trainees with anything that can be evidence in these courses, or a setting by hand. */
async function traineesWithEvidence(db: Database, courses: readonly string[], competencies: readonly string[]) {
  const inList = (values: readonly string[]) =>
    values.length
      ? sql.join(
          values.map((v) => sql`${v}`),
          sql`, `,
        )
      : sql`NULL`;
  const rows = await db.all<{ id: string }>(sql`
    SELECT user_id AS id FROM quiz_attempts WHERE passed = 1 AND course IN (${inList(courses)})
    UNION SELECT user_id FROM submissions WHERE state = 'accepted' AND course IN (${inList(courses)})
    UNION SELECT user_id FROM competency_overrides WHERE competency IN (${inList(competencies)})
    ORDER BY 1`);
  return rows.map((r) => r.id);
}

/** Competencies demonstrated by field, region and month, with totals. */
export async function programmeCompetencyReport(
  db: Database,
  options: CompetencyReportOptions,
): Promise<CompetencyReport> {
  const items = assessedItems(options.courses);
  const fieldOf = new Map(options.courses.map((c) => [c.slug, c.data.field]));
  const firstField = (competency: string) => fieldOf.get(coursesDeveloping(options.courses, competency)[0] ?? '');
  const ids = await traineesWithEvidence(
    db,
    options.courses.map((c) => c.slug),
    options.competencies.map((c) => c.id),
  );
  const groups = new Map<string, CompetencyReportRow & { people: Set<string> }>();
  const everyone = new Set<string>();
  for (let i = 0; i < ids.length; i += SLICE) {
    const slice = ids.slice(i, i + SLICE);
    const [records, regions] = await Promise.all([
      loadTraineeRecords(db, slice, options.courses),
      db.select({ id: users.id, region: users.region }).from(users).where(inArray(users.id, slice)),
    ]);
    const regionOf = new Map(regions.map((r) => [r.id, r.region?.trim() || null]));
    for (const id of slice) {
      for (const d of demonstrations(options.competencies, items, records.get(id)!)) {
        const month = kazakhstanDate(d.at).slice(0, 7);
        if ((options.from && month < options.from) || (options.to && month > options.to)) continue;
        const field = (d.course ? fieldOf.get(d.course) : firstField(d.competency)) ?? '';
        const region = regionOf.get(id) ?? null;
        const key = JSON.stringify([field, region, month]);
        const row = groups.get(key) ?? { field, region, month, demonstrated: 0, trainees: 0, people: new Set() };
        row.demonstrated++;
        row.people.add(id);
        groups.set(key, row);
        everyone.add(id);
      }
    }
  }
  const rows = [...groups.values()]
    .map(({ people, ...row }) => ({ ...row, trainees: people.size }))
    .sort(
      (a, b) =>
        a.field.localeCompare(b.field) ||
        (a.region ?? '').localeCompare(b.region ?? '') ||
        a.month.localeCompare(b.month),
    );
  return {
    rows,
    totals: { demonstrated: rows.reduce((n, r) => n + r.demonstrated, 0), trainees: everyone.size },
  };
}
