/**
 * The programme report's sections as CSV files (admins, `report.csv?by=`): read by the same
 * functions as the report page, for the same period, so the file and the page agree line by line.
 */
import type { Database } from '#db/client.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { useTranslations } from '#lib/i18n/t.ts';
import { toCsv } from './csv.ts';
import type { DemonstrationInput } from './demonstrations.server.ts';
import { programmeAttendance } from './programme-attendance.server.ts';
import { programmeCompetencyReport } from './programme-competencies.server.ts';
import { programmeGrants } from './programme-grants.server.ts';
import {
  attendanceTable,
  competencyTable,
  grantCallTable,
  grantRegionTable,
  type CsvTable,
  type ProgrammeCsvSection,
} from './programme-sections.ts';

export interface SectionExportInput {
  locale: Locale;
  /** The reader's chain of languages, for the calls' titles. */
  chain: readonly Locale[];
  /** Whole Almaty months, `YYYY-MM`, as the report page reads them. */
  from?: string;
  to?: string;
  /** Each course's field (the report's courses, removed ones included). */
  courseFields: Record<string, string>;
  /** Each programme's field (a call for programmes takes theirs). */
  programmeFields: Record<string, string>;
  /** The catalogue's courses and the frameworks' competencies, for the competencies demonstrated. */
  demonstrations: DemonstrationInput;
}

async function sectionTable(db: Database, section: ProgrammeCsvSection, input: SectionExportInput): Promise<CsvTable> {
  const t = useTranslations(input.locale);
  const period = { from: input.from, to: input.to };
  if (section === 'competencies')
    return competencyTable(await programmeCompetencyReport(db, { ...period, ...input.demonstrations }), t);
  if (section === 'attendance')
    return attendanceTable(await programmeAttendance(db, { ...period, courseFields: input.courseFields }), t);
  const grants = await programmeGrants(db, {
    ...period,
    courseFields: input.courseFields,
    programmeFields: input.programmeFields,
  });
  return section === 'grants' ? grantRegionTable(grants, t) : grantCallTable(grants, t, input.locale, input.chain);
}

/** The file's name and text (Excel-safe, in the reader's language). */
export async function exportProgrammeSection(
  db: Database,
  section: ProgrammeCsvSection,
  input: SectionExportInput,
): Promise<{ filename: string; body: string }> {
  const { header, rows } = await sectionTable(db, section, input);
  return { filename: `oqu-programme-${section}.csv`, body: toCsv(header, rows) };
}
