/**
 * A cohort's competency matrix as CSV (the Excel-safe writer of the reports): one line per
 * member in name order, one column per competency the cohort's course develops, or, for a cohort
 * following a programme, per competency of the programme (titled in the file's language), with
 * the state in that language (a setting by hand says so). Each download leaves a
 * `report.export` audit entry.
 */
import type { Database } from '#db/client.ts';
import { recordAudit, type Actor } from '#lib/audit/audit.server.ts';
import type { Competency } from '#lib/courses/framework-schema.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { pickText } from '#lib/i18n/pick-text.ts';
import { translate } from '#lib/i18n/t.ts';
import { cohortCompetencies } from '#lib/competencies/cohort.server.ts';
import type { EvidenceCourse } from '#lib/competencies/evidence.server.ts';
import { matrixColumns, matrixScope } from '#lib/competencies/matrix.ts';
import { toCsv } from './csv.ts';

export interface MatrixExportInput {
  actor: Actor;
  /** The cohort, its course and the programme it follows, if any (their competencies are the columns). */
  cohort: { id: string } & Parameters<typeof matrixScope>[0];
  /** The programme's file, when the cohort follows one and the site still has it. */
  programme?: Parameters<typeof matrixScope>[1];
  locale: Locale;
  /** The reader's chain of languages, for the competencies' titles. */
  chain: readonly Locale[];
  /** Every competency of the frameworks (a group's state needs its children). */
  competencies: readonly Pick<Competency, 'id' | 'parent' | 'title'>[];
  courses: readonly EvidenceCourse[];
}

/** The file's name and text. */
export async function exportCohortCompetencies(
  db: Database,
  input: MatrixExportInput,
): Promise<{ filename: string; body: string }> {
  const { cohort, locale } = input;
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  const columns = matrixColumns(input.competencies, input.courses, matrixScope(cohort, input.programme)).map((c) => ({
    id: c.id,
    title: pickText(c.title, locale, input.chain),
  }));
  const members = await cohortCompetencies(db, cohort.id, {
    competencies: input.competencies,
    courses: input.courses,
  });
  const header = [t('competencies.trainee'), t('form.email'), ...columns.map((c) => c.title)];
  const rows = members.map((m) => {
    const states = new Map(m.states.map((s) => [s.competency, s]));
    return [
      m.name,
      m.email,
      ...columns.map((c) => {
        const s = states.get(c.id);
        const state = t(`competencies.state.${s?.state ?? 'not-started'}`);
        return s?.byHand ? translate(locale, 'competencies.state_by_hand', { state }) : state;
      }),
    ];
  });
  await recordAudit(db, input.actor, 'report.export', `cohort/${cohort.id}/competencies`, { rows: rows.length });
  return { filename: `cohort-${cohort.id}-competencies.csv`, body: toCsv(header, rows) };
}
