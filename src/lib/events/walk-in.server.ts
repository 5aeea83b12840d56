/**
 * Walk-ins: someone of the session's audience who did not sign up (sign-up closes at the start)
 * but came. The trainer adds them by e-mail address on the attendance list, from the session's
 * start on, and they are recorded as signed up and present in one step.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import type { EventRow } from '#db/schema.ts';
import { recordAudit, type Actor } from '#lib/audit/audit.server.ts';
import { findUserByEmail } from '#lib/auth/user.server.ts';
import { RATE_LIMITS } from '#lib/rate-limits/rate-limit.ts';
import { consumeRateLimits, refundRateLimit } from '#lib/rate-limits/rate-limit.server.ts';
import type { Failure } from '#lib/result.ts';
import { completeAfterAttendance, type CompletionContext } from './attendance.server.ts';
import { isOpenTo } from './events.server.ts';
import { attendanceRefusal, type AttendanceRefusal } from './attendance.ts';

export type WalkInError =
  AttendanceRefusal | 'event.walkin.unknown' | 'event.walkin.not_audience' | 'event.walkin.rate_limited';

/**
 * Records the person as signed up and present in one statement. Capacity is deliberately not
 * checked: a walk-in is not a sign-up competing for a seat, the person is already in the room.
 * Someone signed up (or waiting, or who had cancelled) is just marked present; someone already
 * signed up and present is left as is (no row returned).
 */
function walkInStatement(db: Database, eventId: string, userId: string, now: Date) {
  const at = now.getTime();
  return db.all<{ user_id: string }>(sql`
    insert into event_signups (event_id, user_id, status, position, signed_up_at, updated_at, attendance, marked_at)
    select ${eventId}, ${userId}, 'signed_up',
      (select coalesce(max(s.position), 0) + 1 from event_signups s where s.event_id = ${eventId}),
      ${at}, ${at}, 'present', ${at}
    on conflict (event_id, user_id) do update set status = 'signed_up', attendance = 'present',
      marked_at = excluded.marked_at, updated_at = excluded.updated_at
      where not (event_signups.status = 'signed_up' and event_signups.attendance is 'present')
    returning user_id`);
}

/**
 * Adds a walk-in to the session the actor runs (the caller has checked they may take its
 * attendance). Refused when no attendance may be taken (attendance.ts: a cancelled session, before
 * its start), for an unknown address and
 * for someone outside its audience, and after 20 such misses in 15 minutes (walk-in-miss, decision
 * 061). Adding the same person again changes nothing (`already`).
 */
export async function addWalkIn(
  db: Database,
  actor: Actor,
  event: EventRow,
  email: string,
  context: CompletionContext,
  now: Date = new Date(),
): Promise<{ ok: true; already: boolean; name: string } | Failure<WalkInError>> {
  const refusal = attendanceRefusal(event, now);
  if (refusal) return { ok: false, error: refusal };
  // Counted before the look-up (so parallel tries cannot slip past), given back when it finds someone.
  const verdict = await consumeRateLimits(db, [[RATE_LIMITS.walkInMiss, actor.id]], now);
  if (!verdict.allowed)
    return { ok: false, error: 'event.walkin.rate_limited', retryAfterSeconds: verdict.retryAfterSeconds };
  const person = email ? await findUserByEmail(db, email) : null;
  if (!person) return { ok: false, error: 'event.walkin.unknown', fields: { email: 'event.walkin.unknown' } };
  if (!(await isOpenTo(db, person.id, event.id)))
    return { ok: false, error: 'event.walkin.not_audience', fields: { email: 'event.walkin.not_audience' } };
  await refundRateLimit(db, RATE_LIMITS.walkInMiss, actor.id);
  const changed = await walkInStatement(db, event.id, person.id, now);
  if (changed.length === 0) return { ok: true, already: true, name: person.displayName };
  await recordAudit(db, actor, 'event.attendance', event.id, { walkIn: person.id }, now);
  const present = { userId: person.id, email: person.email, name: person.displayName, locale: person.locale };
  await completeAfterAttendance(db, event, [present], context);
  return { ok: true, already: false, name: person.displayName };
}
