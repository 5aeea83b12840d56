/**
 * "My learning"'s sessions (decision 044): the sessions a person is signed up for or waiting for
 * that have not ended, soonest first, and those they attended (marked present), latest first.
 */
import { and, asc, desc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { eventSignups, events, type EventRow, type SignupState } from '#db/schema.ts';

export interface MySession {
  event: Pick<EventRow, 'id' | 'title' | 'kind' | 'startsAt' | 'endsAt' | 'cancelledAt'>;
  status: SignupState;
}

const columns = {
  id: events.id,
  title: events.title,
  kind: events.kind,
  startsAt: events.startsAt,
  endsAt: events.endsAt,
  cancelledAt: events.cancelledAt,
};

/** Upcoming sessions of the person (signed up or waiting) and those attended, at most `limit` each. */
export async function listMySessions(
  db: Database,
  userId: string,
  now: Date = new Date(),
  limit = 20,
): Promise<{ upcoming: MySession[]; attended: MySession[] }> {
  const mine = eq(eventSignups.userId, userId);
  const [upcoming, attended] = await Promise.all([
    db
      .select({ event: columns, status: eventSignups.status })
      .from(eventSignups)
      .innerJoin(events, eq(events.id, eventSignups.eventId))
      .where(and(mine, inArray(eventSignups.status, ['signed_up', 'waiting']), gte(events.endsAt, now)))
      .orderBy(asc(events.startsAt))
      .limit(limit),
    db
      .select({ event: columns, status: eventSignups.status })
      .from(eventSignups)
      .innerJoin(events, eq(events.id, eventSignups.eventId))
      .where(and(mine, eq(eventSignups.attendance, 'present'), lt(events.startsAt, now)))
      .orderBy(desc(events.startsAt))
      .limit(limit),
  ]);
  return { upcoming, attended };
}
