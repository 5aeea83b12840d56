/**
 * The programme report: the numbers a grant report asks for (enrolments, completions,
 * certificates) by course, field, region and month. Shapes and totals here; the counting is
 * in programme.server.ts.
 *
 * Each event counts in the Almaty month (see ../time/dates.ts) it happened in: an enrolment
 * when it was made, a completion when the course was completed, a certificate when the
 * trainee first received one for the course, counted only while they hold a current,
 * unrevoked certificate for it (so a name correction neither counts twice nor moves the
 * certificate to a later month, and a revoked one drops out). The region is the trainee's
 * region now (null when they gave none).
 */

export interface ProgrammeCounts {
  enrolments: number;
  completions: number;
  certificates: number;
}

export interface ProgrammeRow extends ProgrammeCounts {
  course: string;
  field: string;
  region: string | null;
  /** `YYYY-MM`, Almaty time. */
  month: string;
}

export interface ProgrammeCourseRow extends ProgrammeCounts {
  course: string;
  field: string;
}

export interface ProgrammeReport<Row> {
  rows: Row[];
  totals: ProgrammeCounts;
}

export interface ProgrammeReportOptions {
  /** The first month counted, `YYYY-MM` (Almaty time). */
  from?: string;
  /** The last month counted, `YYYY-MM`, included. */
  to?: string;
  /** The courses the report covers, each with its programme field; other courses are left out. */
  courseFields: Record<string, string>;
}

/** Sums of the counts over `rows`. */
export function sumCounts(rows: readonly ProgrammeCounts[]): ProgrammeCounts {
  return rows.reduce(
    (sum, r) => ({
      enrolments: sum.enrolments + r.enrolments,
      completions: sum.completions + r.completions,
      certificates: sum.certificates + r.certificates,
    }),
    { enrolments: 0, completions: 0, certificates: 0 },
  );
}
