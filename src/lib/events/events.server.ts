/**
 * Sessions in the database: scheduling (one or a weekly series), changing, cancelling (a
 * cancelled session stays, marked), who may run one, and the lists trainees and trainers see.
 * Sign-ups and attendance are in signups.server.ts.
 */
import { and, asc, eq, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { createId } from '#db/ids.ts';
import { cohortMembers, enrollments, eventSignups, events, type EventRow, type SignupState } from '#db/schema.ts';
import { trainerCourses } from '#lib/admin/users.server.ts';
import { expandSeries, type EventInput } from './event-input.ts';

type Viewer = { id: string; role: string };

/** Schedules the session, or the weekly series it asks for (one row per week, one series id). */
export async function createEvents(
  db: Database,
  creatorId: string,
  input: EventInput,
  now: Date = new Date(),
): Promise<EventRow[]> {
  const seriesId = input.repeatWeeks > 1 ? createId() : null;
  const rows = expandSeries(input).map((one) => ({
    id: createId(),
    ...one,
    seriesId,
    createdBy: creatorId,
    createdAt: now,
  }));
  return db.insert(events).values(rows).returning();
}

export async function findEvent(db: Database, id: string): Promise<EventRow | undefined> {
  return db.select().from(events).where(eq(events.id, id)).get();
}

/**
 * Changes a session that is not cancelled (not its series: each week is its own row). Each change
 * raises its `.ics` SEQUENCE, so calendars replace the copy they hold; a new start clears the
 * reminder sent, so the day-before reminder goes out again for the new day.
 */
export async function updateEvent(
  db: Database,
  id: string,
  input: Omit<EventInput, 'repeatWeeks'>,
): Promise<EventRow | undefined> {
  const { kind, title, description, place, mapUrl, onlineUrl, startsAt, endsAt, capacity, signupDeadline } = input;
  const [row] = await db
    .update(events)
    .set({
      kind,
      title,
      description,
      place,
      mapUrl,
      onlineUrl,
      startsAt,
      endsAt,
      capacity,
      signupDeadline,
      sequence: sql`${events.sequence} + 1`,
      remindedAt: sql`case when ${events.startsAt} = ${startsAt.getTime()} then ${events.remindedAt} end`,
    })
    .where(and(eq(events.id, id), isNull(events.cancelledAt)))
    .returning();
  return row;
}

/** Cancels it once: true for the call that did (it then tells those signed up). */
export async function cancelEvent(db: Database, id: string, now: Date = new Date()): Promise<boolean> {
  const rows = await db
    .update(events)
    .set({ cancelledAt: now })
    .where(and(eq(events.id, id), isNull(events.cancelledAt)))
    .returning({ id: events.id });
  return rows.length === 1;
}

/**
 * May `user` run this session (edit, cancel, take attendance)? Admins any; a trainer one of a
 * course assigned to them. A session for everyone without a course is the admins' alone.
 */
export async function mayManageEvent(db: Database, user: Viewer, event: Pick<EventRow, 'course'>): Promise<boolean> {
  if (user.role === 'admin') return true;
  if (user.role !== 'trainer' || !event.course) return false;
  return (await trainerCourses(db, user.id)).includes(event.course);
}

/** The condition "open to this person": for everyone, for a course they are enrolled in, or their cohort. */
function openTo(userId: string): SQL {
  return or(
    eq(events.audience, 'everyone'),
    and(
      eq(events.audience, 'course'),
      inArray(
        events.course,
        sql`(select ${enrollments.course} from ${enrollments} where ${enrollments.userId} = ${userId})`,
      ),
    ),
    and(
      eq(events.audience, 'cohort'),
      inArray(
        events.cohortId,
        sql`(select ${cohortMembers.cohortId} from ${cohortMembers}
          where ${cohortMembers.userId} = ${userId} and ${cohortMembers.state} = 'member')`,
      ),
    ),
  )!;
}

/** Whether the session is open to the user (its audience includes them). */
export async function isOpenTo(db: Database, userId: string, eventId: string): Promise<boolean> {
  const row = await db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.id, eventId), openTo(userId)))
    .get();
  return row !== undefined;
}

export interface ListedEvent extends EventRow {
  /** The viewer's own sign-up state, if any (a cancelled one reads as none). */
  mine: SignupState | null;
  signedUp: number;
}

function withMine(userId: string) {
  return {
    mine: sql<SignupState | null>`(select ${eventSignups.status} from ${eventSignups}
      where ${eventSignups.eventId} = ${events.id} and ${eventSignups.userId} = ${userId}
      and ${eventSignups.status} <> 'cancelled')`,
    signedUp: sql<number>`(select count(*) from ${eventSignups}
      where ${eventSignups.eventId} = ${events.id} and ${eventSignups.status} = 'signed_up')`,
  };
}

/** Sessions open to the user between `from` and `to` (ending after `from`), soonest first. */
export async function listEventsFor(
  db: Database,
  userId: string,
  range: { from: Date; to?: Date; limit?: number },
): Promise<ListedEvent[]> {
  const rows = await db
    .select({ event: events, ...withMine(userId) })
    .from(events)
    .where(and(gte(events.endsAt, range.from), range.to ? lt(events.startsAt, range.to) : undefined, openTo(userId)))
    .orderBy(asc(events.startsAt))
    .limit(range.limit ?? 200);
  return rows.map((r) => ({ ...r.event, mine: r.mine, signedUp: Number(r.signedUp) }));
}

/** Sessions a trainer (or admin) runs from `from` on: of their courses (admins: all), soonest first. */
export async function listManagedEvents(
  db: Database,
  user: Viewer,
  range: { from: Date; limit?: number },
): Promise<ListedEvent[]> {
  const courses = user.role === 'admin' ? null : await trainerCourses(db, user.id);
  if (courses && courses.length === 0) return [];
  const rows = await db
    .select({ event: events, ...withMine(user.id) })
    .from(events)
    .where(and(gte(events.endsAt, range.from), courses ? inArray(events.course, courses) : undefined))
    .orderBy(asc(events.startsAt))
    .limit(range.limit ?? 200);
  return rows.map((r) => ({ ...r.event, mine: r.mine, signedUp: Number(r.signedUp) }));
}
