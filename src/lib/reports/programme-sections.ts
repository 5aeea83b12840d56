/**
 * The programme report's other sections as CSV tables (pure): competencies demonstrated, people
 * trained face to face, and the grant competitions (each call; and by field and region). The
 * figures are those the report page shows, one line per line of its tables, then a total line
 * with the page's totals (different people are not the sum of the lines, so the total says it).
 * Fields are ids and regions as given, empty for none, as in the report's other CSV files;
 * tenge are whole numbers, not formatted, so a spreadsheet can add them up.
 */
import type { Locale } from '#lib/i18n/locales.ts';
import { pickText } from '#lib/i18n/pick-text.ts';
import type { MessageKey, Params } from '#lib/i18n/t.ts';
import type { CsvValue } from './csv.ts';
import type { AttendanceReport } from './programme-attendance.server.ts';
import type { CompetencyReport } from './programme-competencies.server.ts';
import type { ProgrammeGrants } from './programme-grants.ts';

/** The sections of `report.csv?by=`, besides `course` and the default (by region and month). */
export const PROGRAMME_CSV_SECTIONS = ['competencies', 'attendance', 'grant-calls', 'grants'] as const;
export type ProgrammeCsvSection = (typeof PROGRAMME_CSV_SECTIONS)[number];

export const isProgrammeCsvSection = (by: string | null): by is ProgrammeCsvSection =>
  (PROGRAMME_CSV_SECTIONS as readonly (string | null)[]).includes(by);

export interface CsvTable {
  header: string[];
  rows: CsvValue[][];
}

type Translate = (key: MessageKey, params?: Params) => string;

/** Competencies demonstrated by field, region and month, as the report's table orders them. */
export function competencyTable(report: CompetencyReport, t: Translate): CsvTable {
  return {
    header: [
      t('csv.field'),
      t('csv.region'),
      t('csv.month'),
      t('report.competencies.demonstrated'),
      t('report.competencies.trainees'),
    ],
    rows: [
      ...report.rows.map((r) => [r.field, r.region, r.month, r.demonstrated, r.trainees]),
      [t('csv.total'), null, null, report.totals.demonstrated, report.totals.trainees],
    ],
  };
}

/** People trained face to face by month, field and region; the total line: different people in the period. */
export function attendanceTable(report: AttendanceReport, t: Translate): CsvTable {
  return {
    header: [
      t('csv.month'),
      t('csv.field'),
      t('csv.region'),
      t('report.attendance.people'),
      t('report.attendance.sessions'),
    ],
    rows: [
      ...report.rows.map((r) => [r.month, r.field, r.region, r.people, r.sessions]),
      [t('csv.total'), null, null, report.people, null],
    ],
  };
}

/** Each grant call of the period: its title in the file's language, field, state, budget and results. */
export function grantCallTable(
  grants: ProgrammeGrants,
  t: Translate,
  locale: Locale,
  chain: readonly Locale[],
): CsvTable {
  return {
    header: [
      t('csv.grants.call_id'),
      t('report.grant_call'),
      t('csv.field'),
      t('report.state'),
      t('csv.grants.budget'),
      t('report.grant_proposals'),
      t('report.grant_winners'),
      t('csv.grants.awarded'),
    ],
    rows: [
      ...grants.calls.map((c) => [
        c.id,
        pickText(c.title, locale, chain),
        c.field,
        t(`grants.state.${c.state as 'open'}`),
        c.budgetTenge,
        c.proposals,
        c.winners,
        c.awardedTenge,
      ]),
      [
        t('csv.total'),
        null,
        null,
        null,
        null,
        grants.totals.proposals,
        grants.totals.winners,
        grants.totals.awardedTenge,
      ],
    ],
  };
}

/** The grants by the call's field and the lead's region. */
export function grantRegionTable(grants: ProgrammeGrants, t: Translate): CsvTable {
  return {
    header: [
      t('csv.field'),
      t('csv.region'),
      t('report.grant_proposals'),
      t('report.grant_winners'),
      t('csv.grants.awarded'),
    ],
    rows: [
      ...grants.byFieldRegion.map((r) => [r.field, r.region, r.proposals, r.winners, r.awardedTenge]),
      [t('csv.total'), null, grants.totals.proposals, grants.totals.winners, grants.totals.awardedTenge],
    ],
  };
}
