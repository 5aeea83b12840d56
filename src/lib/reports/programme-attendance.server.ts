/**
 * The programme report's face-to-face part (decision 044): people trained face to face, by
 * field, region and Almaty month, which is what the programme reports to its funders. A person
 * counts once per field, region and month in which a trainer (or the check-in code) marked them
 * present at a session that was not cancelled; the field is that of the session's course, none
 * for a session without a course (e.g. a public dialogue forum). The month is the session's start.
 * Read from the figures kept on write (decision 050, kept-figures.server.ts), not from the marks.
 */
import type { Database } from '#db/client.ts';
import { keptGroups, keptPeople, syncReportCourseFields } from './kept-figures.server.ts';

export interface AttendanceRow {
  /** The programme field of the session's course, or '' for sessions without a course. */
  field: string;
  region: string | null;
  month: string;
  /** Different people present. */
  people: number;
  /** Sessions with at least one person present. */
  sessions: number;
}

export interface AttendanceReport {
  rows: AttendanceRow[];
  /** Different people present at any session in the period. */
  people: number;
}

/** People present at sessions, by field, region and month, within `from`–`to` (months, Almaty time). */
export async function programmeAttendance(
  db: Database,
  options: { from?: string; to?: string; courseFields: Record<string, string> },
): Promise<AttendanceReport> {
  await syncReportCourseFields(db, options.courseFields);
  const period = { from: options.from, to: options.to };
  const [groups, people] = await Promise.all([
    keptGroups(db, 'attendance', period),
    keptPeople(db, 'attendance', period),
  ]);
  return {
    rows: groups.map(({ items, ...g }) => ({ ...g, sessions: items })),
    people,
  };
}
