/**
 * Sessions the trainees attended that name competencies (decision 044): marked present at a
 * session that is not cancelled. Read straight from the sessions' tables, so that this module
 * does not depend on the sessions module (which depends on learning and certificates).
 */
import { and, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { eventSignups, events } from '#db/schema.ts';
import type { TraineeRecord } from './rule.ts';

type Attended = NonNullable<TraineeRecord['sessions']>[number];

/** Per trainee, the sessions they attended that name at least one competency. */
export async function loadAttendedSessionEvidence(
  db: Database,
  userIds: readonly string[],
): Promise<Map<string, Attended[]>> {
  const out = new Map<string, Attended[]>();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await db
      .select({
        userId: eventSignups.userId,
        eventId: events.id,
        course: events.course,
        title: events.title,
        competencies: events.competencies,
        at: events.startsAt,
      })
      .from(eventSignups)
      .innerJoin(events, eq(events.id, eventSignups.eventId))
      .where(
        and(
          inArray(eventSignups.userId, userIds.slice(i, i + 500)),
          eq(eventSignups.attendance, 'present'),
          isNull(events.cancelledAt),
          isNotNull(events.competencies),
        ),
      );
    for (const r of rows) {
      if (!r.competencies?.length) continue;
      const list = out.get(r.userId) ?? [];
      list.push({ eventId: r.eventId, course: r.course, title: r.title, competencies: r.competencies, at: r.at });
      out.set(r.userId, list);
    }
  }
  return out;
}
