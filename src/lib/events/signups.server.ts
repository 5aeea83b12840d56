/**
 * Signing up, the waiting list and attendance (docs/decisions/037). Capacity holds however many
 * press "Sign up" at once: a sign-up is one conditional INSERT that counts the places taken and
 * decides "signed up" or "waiting" inside the statement, and libSQL runs writes one at a time.
 * A cancellation and the promotion it allows run in one batch (one transaction), promoting the
 * waiting list in the order people signed up.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { eventSignups, events, users, type AttendanceMark, type EventRow, type SignupState } from '#db/schema.ts';
import type { Failure } from '#lib/result.ts';

export type SignUpErrorCode = 'event.error.closed' | 'event.error.cancelled';

/** The one statement of a sign-up: a place while one is free and no one waits, else the waiting list. */
function signUpStatement(db: Database, eventId: string, userId: string, now: Date) {
  const at = now.getTime();
  return db.all<{ status: SignupState; position: number }>(sql`
    insert into event_signups (event_id, user_id, status, position, signed_up_at, updated_at)
    select e.id, ${userId},
      case when (select count(*) from event_signups s where s.event_id = e.id and s.status = 'signed_up') < e.capacity
        and not exists (select 1 from event_signups s where s.event_id = e.id and s.status = 'waiting')
      then 'signed_up' else 'waiting' end,
      (select coalesce(max(s.position), 0) + 1 from event_signups s where s.event_id = e.id),
      ${at}, ${at}
    from events e
    where e.id = ${eventId} and e.cancelled_at is null and e.starts_at > ${at}
      and (e.signup_deadline is null or e.signup_deadline >= ${at})
    on conflict (event_id, user_id) do update set status = excluded.status, position = excluded.position,
      signed_up_at = excluded.signed_up_at, updated_at = excluded.updated_at, attendance = null, marked_at = null
      where event_signups.status = 'cancelled'
    returning status, position`);
}

/**
 * Signs the user up (or onto the waiting list). Pressing again changes nothing and says where
 * they stand (`already`). The caller has checked that the session is open to them.
 */
export async function signUp(
  db: Database,
  eventId: string,
  userId: string,
  now: Date = new Date(),
): Promise<{ ok: true; status: 'signed_up' | 'waiting'; already: boolean } | Failure<SignUpErrorCode>> {
  const [row] = await signUpStatement(db, eventId, userId, now);
  if (row) return { ok: true, status: row.status === 'signed_up' ? 'signed_up' : 'waiting', already: false };
  const mine = await findSignup(db, eventId, userId);
  if (mine && mine.status !== 'cancelled') return { ok: true, status: mine.status, already: true };
  const event = await db.select({ cancelledAt: events.cancelledAt }).from(events).where(eq(events.id, eventId)).get();
  return { ok: false, error: event?.cancelledAt ? 'event.error.cancelled' : 'event.error.closed' };
}

/** How many people hold a place. */
export async function countSignedUp(db: Database, eventId: string): Promise<number> {
  const row = await db
    .select({ n: sql<number>`count(*)` })
    .from(eventSignups)
    .where(and(eq(eventSignups.eventId, eventId), eq(eventSignups.status, 'signed_up')))
    .get();
  return Number(row?.n ?? 0);
}

export async function findSignup(db: Database, eventId: string, userId: string) {
  return db
    .select()
    .from(eventSignups)
    .where(and(eq(eventSignups.eventId, eventId), eq(eventSignups.userId, userId)))
    .get();
}

/** Fills the free places from the waiting list, first come first served; the users promoted. */
function promoteStatement(db: Database, eventId: string, now: Date) {
  return db.all<{ user_id: string }>(sql`
    update event_signups set status = 'signed_up', updated_at = ${now.getTime()}
    where event_id = ${eventId} and status = 'waiting' and user_id in (
      select user_id from event_signups where event_id = ${eventId} and status = 'waiting' order by position
      limit max(0, coalesce((select capacity from events where id = ${eventId} and cancelled_at is null), 0)
        - (select count(*) from event_signups where event_id = ${eventId} and status = 'signed_up')))
    returning user_id`);
}

/**
 * Takes the user off the session (or its waiting list) and, in the same transaction, moves the
 * waiting list up into any place that frees. Says who moved up, to tell them.
 */
export async function cancelSignup(
  db: Database,
  eventId: string,
  userId: string,
  now: Date = new Date(),
): Promise<{ cancelled: boolean; promoted: string[] }> {
  const [cancelled, promoted] = await db.batch([
    db
      .update(eventSignups)
      .set({ status: 'cancelled', updatedAt: now })
      .where(
        and(
          eq(eventSignups.eventId, eventId),
          eq(eventSignups.userId, userId),
          inArray(eventSignups.status, ['signed_up', 'waiting']),
        ),
      )
      .returning({ userId: eventSignups.userId }),
    promoteStatement(db, eventId, now),
  ]);
  return { cancelled: cancelled.length === 1, promoted: promoted.map((r) => r.user_id) };
}

/** After a capacity is raised: the waiting list fills the new places. */
export async function fillFreePlaces(db: Database, eventId: string, now: Date = new Date()): Promise<string[]> {
  return (await promoteStatement(db, eventId, now)).map((r) => r.user_id);
}

export interface SignupListing {
  userId: string;
  name: string;
  email: string;
  locale: 'kk' | 'ru' | 'en';
  status: SignupState;
  position: number;
  signedUpAt: Date;
  attendance: AttendanceMark | null;
}

/** Everyone on the session: signed up, then waiting, then cancelled, each in sign-up order. */
export async function listSignups(db: Database, eventId: string, states?: SignupState[]): Promise<SignupListing[]> {
  return db
    .select({
      userId: eventSignups.userId,
      name: users.displayName,
      email: users.email,
      locale: users.locale,
      status: eventSignups.status,
      position: eventSignups.position,
      signedUpAt: eventSignups.signedUpAt,
      attendance: eventSignups.attendance,
    })
    .from(eventSignups)
    .innerJoin(users, eq(users.id, eventSignups.userId))
    .where(and(eq(eventSignups.eventId, eventId), states ? inArray(eventSignups.status, states) : undefined))
    .orderBy(
      sql`case ${eventSignups.status} when 'signed_up' then 0 when 'waiting' then 1 else 2 end`,
      asc(eventSignups.position),
    );
}

/**
 * Records the trainer's marks for people signed up (others are ignored), in one batch. Returns
 * the people marked present now who were not before (their course may now be complete).
 */
export async function markAttendance(
  db: Database,
  event: Pick<EventRow, 'id'>,
  marks: readonly { userId: string; mark: AttendanceMark | null }[],
  now: Date = new Date(),
): Promise<string[]> {
  if (marks.length === 0) return [];
  const before = new Map(
    (await listSignups(db, event.id, ['signed_up'])).map((s) => [s.userId, s.attendance] as const),
  );
  const changes = marks.filter((m) => before.has(m.userId) && before.get(m.userId) !== m.mark);
  if (changes.length === 0) return [];
  const [first, ...rest] = changes.map((m) =>
    db
      .update(eventSignups)
      .set({ attendance: m.mark, markedAt: m.mark ? now : null })
      .where(
        and(
          eq(eventSignups.eventId, event.id),
          eq(eventSignups.userId, m.userId),
          eq(eventSignups.status, 'signed_up'),
        ),
      ),
  );
  await db.batch([first!, ...rest]);
  return changes.filter((m) => m.mark === 'present').map((m) => m.userId);
}
