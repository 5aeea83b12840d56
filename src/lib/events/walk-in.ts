/** When a trainer may add walk-ins to a session (the one rule for the page and the action). */
import type { EventRow } from '#db/schema.ts';

/** Why walk-ins cannot be added now, or null when they can: from the start on, not when cancelled. */
export function walkInRefusal(
  event: Pick<EventRow, 'cancelledAt' | 'startsAt'>,
  now: Date,
): 'event.is_cancelled' | 'event.walkin.not_started' | null {
  if (event.cancelledAt) return 'event.is_cancelled';
  if (now < event.startsAt) return 'event.walkin.not_started';
  return null;
}
