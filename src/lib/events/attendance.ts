/**
 * When attendance may be recorded: the one rule for the trainer's attendance list and walk-ins,
 * in the action and on the page that shows their forms. A session that has not begun, or was
 * cancelled, has no one to mark (otherwise a certificate could count a seminar that never took
 * place); from its start on, and after its end (a trainer often fills the list later), it has.
 * Check-in with the QR code is narrower: only while the session runs (checkin.ts).
 */
import type { EventRow } from '#db/schema.ts';

export type AttendanceRefusal = 'event.attendance.cancelled' | 'event.attendance.not_started';

/** Why no attendance may be recorded at `now`, or null when it may. */
export function attendanceRefusal(
  event: Pick<EventRow, 'cancelledAt' | 'startsAt'>,
  now: Date,
): AttendanceRefusal | null {
  if (event.cancelledAt) return 'event.attendance.cancelled';
  if (now < event.startsAt) return 'event.attendance.not_started';
  return null;
}
