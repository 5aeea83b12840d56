/**
 * Attendance on the trainer's course and cohort dashboards (decision 044): the course's sessions
 * that have started (a cohort's own, when one is chosen), latest first, with how many were signed
 * up and how many were marked present, absent or excused (the no-show rate is session-stats.ts),
 * and the totals over all of them, not only those listed.
 */
import { and, desc, eq, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { eventSignups, events, type EventRow } from '#db/schema.ts';

export interface SessionAttendance {
  event: Pick<EventRow, 'id' | 'title' | 'kind' | 'startsAt' | 'endsAt' | 'cancelledAt'>;
  signedUp: number;
  present: number;
  absent: number;
  excused: number;
}

type Counts = Omit<SessionAttendance, 'event'>;

/** The course's (or cohort's) sessions that have started: the condition both queries share. */
function startedSessions(course: string, cohortId: string | undefined, now: Date): SQL {
  return and(
    eq(events.course, course),
    cohortId ? eq(events.cohortId, cohortId) : undefined,
    lt(events.startsAt, now),
  )!;
}

/** Those signed up and their marks over every started session that was not cancelled (one query). */
async function attendanceTotals(db: Database, started: SQL): Promise<Counts> {
  const mark = (m: string) => sql<number>`coalesce(sum(${eventSignups.attendance} = ${m}), 0)`;
  const row = await db
    .select({
      signedUp: sql<number>`count(*)`,
      present: mark('present'),
      absent: mark('absent'),
      excused: mark('excused'),
    })
    .from(eventSignups)
    .innerJoin(events, eq(events.id, eventSignups.eventId))
    .where(and(started, isNull(events.cancelledAt), eq(eventSignups.status, 'signed_up')))
    .get();
  return {
    signedUp: Number(row?.signedUp ?? 0),
    present: Number(row?.present ?? 0),
    absent: Number(row?.absent ?? 0),
    excused: Number(row?.excused ?? 0),
  };
}

/**
 * The course's (or cohort's) sessions that have started, latest first, at most `limit`, and the
 * totals (no-show rate included) over all of them but the cancelled ones.
 */
export async function courseSessionAttendance(
  db: Database,
  course: string,
  cohortId?: string,
  now: Date = new Date(),
  limit = 20,
): Promise<{ sessions: SessionAttendance[]; totals: Counts }> {
  const started = startedSessions(course, cohortId, now);
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
        endsAt: events.endsAt,
        cancelledAt: events.cancelledAt,
      },
      signedUp: sql<number>`(SELECT count(*) FROM ${eventSignups} s WHERE s.event_id = ${events.id}
        AND s.status = 'signed_up')`,
      present: count('present'),
      absent: count('absent'),
      excused: count('excused'),
    })
    .from(events)
    .where(started)
    .orderBy(desc(events.startsAt))
    .limit(limit);
  const sessions = rows.map((r) => ({
    ...r,
    signedUp: Number(r.signedUp),
    present: Number(r.present),
    absent: Number(r.absent),
    excused: Number(r.excused),
  }));
  return { sessions, totals: await attendanceTotals(db, started) };
}
