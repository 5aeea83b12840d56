/**
 * The programme report's competencies (decision 035): how many competencies trainees
 * demonstrated, by field, region and Almaty month, in the report's period. A competency counts
 * once per trainee, in the month it was first demonstrated (demonstrations() of
 * src/lib/competencies/demonstrated.ts), under the field of the course whose evidence completed
 * it (a setting by hand: the first course developing it), and the region the trainee gives now.
 * Read from the figures kept on write (decision 050): the trainees whose evidence changed since
 * the last view are worked out first (demonstrations.server.ts), usually none or a few.
 */
import type { Database } from '#db/client.ts';
import { syncDemonstrations, type DemonstrationInput } from './demonstrations.server.ts';
import { keptGroups, keptPeople } from './kept-figures.server.ts';

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

export interface CompetencyReportOptions extends DemonstrationInput {
  from?: string;
  to?: string;
}

/** Competencies demonstrated by field, region and month, with totals. */
export async function programmeCompetencyReport(
  db: Database,
  options: CompetencyReportOptions,
): Promise<CompetencyReport> {
  await syncDemonstrations(db, options);
  const period = { from: options.from, to: options.to };
  const [groups, trainees] = await Promise.all([
    keptGroups(db, 'competencies', period),
    keptPeople(db, 'competencies', period),
  ]);
  const rows = groups
    .map((g) => ({ field: g.field, region: g.region, month: g.month, demonstrated: g.items, trainees: g.people }))
    .sort(
      (a, b) =>
        a.field.localeCompare(b.field) ||
        (a.region ?? '').localeCompare(b.region ?? '') ||
        a.month.localeCompare(b.month),
    );
  return { rows, totals: { demonstrated: rows.reduce((n, r) => n + r.demonstrated, 0), trainees } };
}
