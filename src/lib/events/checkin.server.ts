/**
 * Check-in with the session's QR code (docs/decisions/044): the trainer's page shows the code of
 * the current minute while the session runs; a trainee signed up for it who scans the code and
 * confirms is marked present, and their course completes when its rule is now met. Every try
 * counts against the person's and the address's rate limits before the code is looked at.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, isNull, or, sql, ne } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { eventSignups, events, type EventRow } from '#db/schema.ts';
import { recordAudit } from '#lib/audit/audit.server.ts';
import { addressSubject, RATE_LIMITS } from '#lib/rate-limits/rate-limit.ts';
import { consumeRateLimits } from '#lib/rate-limits/rate-limit.server.ts';
import type { Failure } from '#lib/result.ts';
import { completeAfterAttendance, type CompletionContext } from './attendance.server.ts';
import { checkinCode, checkinCodeMatches, checkinWindow, minuteOf, type CheckinWindow } from './checkin.ts';

/** The session's check-in key, made on first use (one conditional write, so two trainers agree). */
export async function checkinKeyOf(db: Database, eventId: string): Promise<string | null> {
  await db
    .update(events)
    .set({ checkinKey: randomBytes(32).toString('base64url') })
    .where(and(eq(events.id, eventId), isNull(events.checkinKey)));
  const row = await db.select({ key: events.checkinKey }).from(events).where(eq(events.id, eventId)).get();
  return row?.key ?? null;
}

export interface CheckinScreen {
  window: CheckinWindow;
  /** The code to show now: only while the session runs and is not cancelled. */
  code: string | null;
  /** People signed up, and how many of them are marked present. */
  signedUp: number;
  present: number;
}

/** What the trainer's check-in page shows at `now`. */
export async function checkinScreen(db: Database, event: EventRow, now: Date = new Date()): Promise<CheckinScreen> {
  const window = checkinWindow(event, now);
  const key = window === 'open' && !event.cancelledAt ? await checkinKeyOf(db, event.id) : null;
  const counts = await db
    .select({
      signedUp: sql<number>`count(*)`,
      present: sql<number>`coalesce(sum(${eventSignups.attendance} = 'present'), 0)`,
    })
    .from(eventSignups)
    .where(and(eq(eventSignups.eventId, event.id), eq(eventSignups.status, 'signed_up')))
    .get();
  return {
    window,
    code: key ? checkinCode(key, event.id, minuteOf(now)) : null,
    signedUp: Number(counts?.signedUp ?? 0),
    present: Number(counts?.present ?? 0),
  };
}

export type CheckinError =
  | 'event.checkin.rate_limited'
  | 'event.is_cancelled'
  | 'event.checkin.not_running'
  | 'event.checkin.bad_code'
  | 'event.checkin.not_signed_up';

export interface CheckinPerson {
  id: string;
  email: string;
  displayName: string;
  locale: 'kk' | 'ru' | 'en';
  ip?: string | null;
}

/**
 * Marks the person present with the code they scanned. Refused, in this order: too many tries;
 * a cancelled session; outside its time; a wrong or expired code; not signed up (the waiting
 * list included). A second check-in is fine and changes nothing (`already`).
 */
export async function checkIn(
  db: Database,
  person: CheckinPerson,
  event: EventRow,
  code: string,
  context: CompletionContext,
  now: Date = new Date(),
): Promise<{ ok: true; already: boolean } | Failure<CheckinError>> {
  const verdict = await consumeRateLimits(
    db,
    [
      [RATE_LIMITS.checkIn, person.id],
      [RATE_LIMITS.checkInIp, addressSubject(person.ip)],
    ],
    now,
  );
  if (!verdict.allowed)
    return { ok: false, error: 'event.checkin.rate_limited', retryAfterSeconds: verdict.retryAfterSeconds };
  if (event.cancelledAt) return { ok: false, error: 'event.is_cancelled' };
  if (checkinWindow(event, now) !== 'open') return { ok: false, error: 'event.checkin.not_running' };
  if (!event.checkinKey || !checkinCodeMatches(event.checkinKey, event.id, code, now))
    return { ok: false, error: 'event.checkin.bad_code' };
  const marked = await markPresent(db, event.id, person.id, now);
  if (marked === 'not_signed_up') return { ok: false, error: 'event.checkin.not_signed_up' };
  if (marked === 'already') return { ok: true, already: true };
  await recordAudit(db, person, 'event.checkin', event.id, { userId: person.id }, now);
  await completeAfterAttendance(db, event, [{ ...person, userId: person.id, name: person.displayName }], context);
  return { ok: true, already: false };
}

async function markPresent(
  db: Database,
  eventId: string,
  userId: string,
  now: Date,
): Promise<'marked' | 'already' | 'not_signed_up'> {
  const mine = and(eq(eventSignups.eventId, eventId), eq(eventSignups.userId, userId));
  const updated = await db
    .update(eventSignups)
    .set({ attendance: 'present', markedAt: now })
    .where(
      and(
        mine,
        eq(eventSignups.status, 'signed_up'),
        or(isNull(eventSignups.attendance), ne(eventSignups.attendance, 'present')),
      ),
    )
    .returning({ userId: eventSignups.userId });
  if (updated.length === 1) return 'marked';
  const row = await db.select({ status: eventSignups.status }).from(eventSignups).where(mine).get();
  return row?.status === 'signed_up' ? 'already' : 'not_signed_up';
}
