/**
 * The programme report's face-to-face part (decision 044): people trained face to face, by
 * field, region and Almaty month, which is what the programme reports to its funders. A person
 * counts once per field, region and month in which a trainer (or the check-in code) marked them
 * present at a session that was not cancelled; the field is that of the session's course, none
 * for a session without a course (e.g. a public dialogue forum). The month is the session's start.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';

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
  const fields = Object.entries(options.courseFields);
  // A course no field is known for still needs a row: the VALUES list is never empty.
  const values = sql.join(
    [...fields, ['', ''] as const].map(([course, field]) => sql`(${course}, ${field})`),
    sql`, `,
  );
  const from = options.from ? sql` AND month >= ${options.from}` : sql``;
  const to = options.to ? sql` AND month <= ${options.to}` : sql``;
  // Each session's field and month first (thousands of rows), then its people (hundreds of thousands).
  const present = sql`WITH fields(course, field) AS (VALUES ${values}),
    ev AS MATERIALIZED (
      SELECT id, field, month FROM (
        SELECT e.id AS id, coalesce(f.field, '') AS field,
          strftime('%Y-%m', (e.starts_at + 18000000) / 1000, 'unixepoch') AS month
        FROM events e LEFT JOIN fields f ON f.course = e.course WHERE e.cancelled_at IS NULL)
      WHERE 1 = 1${from}${to}),
    a AS (
      SELECT s.user_id AS user_id, ev.id AS event_id, ev.field AS field, nullif(u.region, '') AS region,
        ev.month AS month
      FROM ev JOIN event_signups s ON s.event_id = ev.id AND s.status = 'signed_up' AND s.attendance = 'present'
      JOIN users u ON u.id = s.user_id)`;
  const [rows, total] = await Promise.all([
    db.all<{ field: string; region: string | null; month: string; people: number; sessions: number }>(sql`
      ${present}
      SELECT field, region, month, count(DISTINCT user_id) AS people, count(DISTINCT event_id) AS sessions
      FROM a
      GROUP BY field, region, month
      ORDER BY month, field, region`),
    db.all<{ people: number }>(sql`${present} SELECT count(DISTINCT user_id) AS people FROM a`),
  ]);
  return {
    rows: rows.map((r) => ({ ...r, people: Number(r.people), sessions: Number(r.sessions) })),
    people: Number(total[0]?.people ?? 0),
  };
}
