/**
 * Attendance on the trainer's course and cohort dashboards (decision 044): the course's sessions
 * that have started (a cohort's own, when one is chosen), latest first, with how many were signed
 * up and how many were marked present, absent or excused (the no-show rate is session-stats.ts).
 */
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { eventSignups, events, type EventRow } from '#db/schema.ts';

export interface SessionAttendance {
  event: Pick<EventRow, 'id' | 'title' | 'kind' | 'startsAt' | 'cancelledAt'>;
  signedUp: number;
  present: number;
  absent: number;
  excused: number;
}

/** The course's (or cohort's) sessions that have started, latest first, at most `limit`. */
export async function courseSessionAttendance(
  db: Database,
  course: string,
  cohortId?: string,
  now: Date = new Date(),
  limit = 20,
): Promise<{ sessions: SessionAttendance[]; totals: Omit<SessionAttendance, 'event'> }> {
  const count = (mark: string) =>
    sql<number>`(SELECT count(*) FROM ${eventSignups} s WHERE s.event_id = ${events.id}
      AND s.status = 'signed_up' AND s.attendance = ${mark})`;
  const rows = await db
    .select({
      event: {
        id: events.id,
        title: events.title,
        kind: events.kind,
        startsAt: events.startsAt,
        cancelledAt: events.cancelledAt,
      },
      signedUp: sql<number>`(SELECT count(*) FROM ${eventSignups} s WHERE s.event_id = ${events.id}
        AND s.status = 'signed_up')`,
      present: count('present'),
      absent: count('absent'),
      excused: count('excused'),
    })
    .from(events)
    .where(
      and(eq(events.course, course), cohortId ? eq(events.cohortId, cohortId) : undefined, lt(events.startsAt, now)),
    )
    .orderBy(desc(events.startsAt))
    .limit(limit);
  const sessions = rows.map((r) => ({
    ...r,
    signedUp: Number(r.signedUp),
    present: Number(r.present),
    absent: Number(r.absent),
    excused: Number(r.excused),
  }));
  const sum = (k: 'signedUp' | 'present' | 'absent' | 'excused') =>
    sessions.filter((s) => !s.event.cancelledAt).reduce((n, s) => n + s[k], 0);
  return {
    sessions,
    totals: { signedUp: sum('signedUp'), present: sum('present'), absent: sum('absent'), excused: sum('excused') },
  };
}
