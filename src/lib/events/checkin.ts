/**
 * The check-in QR code (docs/decisions/044) as plain rules: the code of a minute is the HMAC of
 * the session's id and the minute's number under the session's own secret key, so it cannot be
 * worked out from what a trainee sees and changes every minute. A code is accepted in its own
 * minute and the next (a scan just before the turn of the minute still works), and only while the
 * session runs, from its start to its end.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const MINUTE_MS = 60_000;
/** Characters of the code: 96 bits of the HMAC in base64url, short enough for a small QR symbol. */
export const CHECKIN_CODE_LENGTH = 16;

/** The minute `now` falls in, counted from the Unix epoch. */
export function minuteOf(now: Date): number {
  return Math.floor(now.getTime() / MINUTE_MS);
}

/** The code of one minute for one session. */
export function checkinCode(key: string, eventId: string, minute: number): string {
  return createHmac('sha256', key)
    .update(`checkin.${eventId}.${minute}`)
    .digest('base64url')
    .slice(0, CHECKIN_CODE_LENGTH);
}

/** Whether `code` is the code of this minute or of the one before (compared in constant time). */
export function checkinCodeMatches(key: string, eventId: string, code: string, now: Date): boolean {
  const given = Buffer.from(code);
  const minute = minuteOf(now);
  return [minute, minute - 1].some((m) => {
    const expected = Buffer.from(checkinCode(key, eventId, m));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

export type CheckinWindow = 'before' | 'open' | 'after';

/** Where `now` stands against the session's time: check-in is open from its start to its end. */
export function checkinWindow(event: { startsAt: Date; endsAt: Date }, now: Date): CheckinWindow {
  if (now < event.startsAt) return 'before';
  return now < event.endsAt ? 'open' : 'after';
}

/** Seconds until the next minute begins (plus one), for the trainer's page to refresh itself then. */
export function secondsToNextCode(now: Date): number {
  return Math.ceil((MINUTE_MS - (now.getTime() % MINUTE_MS)) / 1000) + 1;
}
