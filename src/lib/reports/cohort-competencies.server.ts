/**
 * A cohort's competency matrix as CSV (the Excel-safe writer of the reports): one line per
 * member in name order, one column per competency with the state in the file's language (a
 * setting by hand says so). Each download leaves a `report.export` audit entry.
 */
import type { Database } from '#db/client.ts';
import { recordAudit, type Actor } from '#lib/audit/audit.server.ts';
import type { Competency } from '#lib/courses/framework-schema.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { translate } from '#lib/i18n/t.ts';
import { cohortCompetencies } from '#lib/competencies/cohort.server.ts';
import type { EvidenceCourse } from '#lib/competencies/evidence.server.ts';
import { toCsv } from './csv.ts';

export interface MatrixExportInput {
  actor: Actor;
  cohortId: string;
  locale: Locale;
  /** The matrix's columns (the competencies the cohort's course develops), titled in `locale`. */
  columns: readonly { id: string; title: string }[];
  /** Every competency of the frameworks (a group's state needs its children). */
  competencies: readonly Pick<Competency, 'id' | 'parent'>[];
  courses: readonly EvidenceCourse[];
}

/** The file's name and text. */
export async function exportCohortCompetencies(
  db: Database,
  input: MatrixExportInput,
): Promise<{ filename: string; body: string }> {
  const t = (key: Parameters<typeof translate>[1]) => translate(input.locale, key);
  const members = await cohortCompetencies(db, input.cohortId, {
    competencies: input.competencies,
    courses: input.courses,
  });
  const header = [t('competencies.trainee'), t('form.email'), ...input.columns.map((c) => c.title)];
  const rows = members.map((m) => {
    const states = new Map(m.states.map((s) => [s.competency, s]));
    return [
      m.name,
      m.email,
      ...input.columns.map((c) => {
        const s = states.get(c.id);
        const state = t(`competencies.state.${s?.state ?? 'not-started'}`);
        return s?.byHand ? translate(input.locale, 'competencies.state_by_hand', { state }) : state;
      }),
    ];
  });
  await recordAudit(db, input.actor, 'report.export', `cohort/${input.cohortId}/competencies`, { rows: rows.length });
  return { filename: `cohort-${input.cohortId}-competencies.csv`, body: toCsv(header, rows) };
}
