/**
 * iCalendar (RFC 5545) for sessions, written by ical-generator: the invitation attached to the
 * sign-up e-mails and each person's private calendar feed. Times are UTC instants (no zone table
 * to get wrong); calendars show them in the reader's zone. The address and online link go only
 * into what a person signed up receives.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { EventRow } from '#db/schema.ts';

export interface IcsEvent {
  event: Pick<EventRow, 'id' | 'startsAt' | 'endsAt' | 'place' | 'mapUrl' | 'onlineUrl' | 'cancelledAt' | 'sequence'>;
  /** Title and description as the reader reads them. */
  title: string;
  description: string;
  /** The session's page on this site. */
  url: string;
}

/** A calendar of sessions: `method` REQUEST for an e-mailed invitation, PUBLISH for a feed. */
export function sessionsCalendar(
  items: readonly IcsEvent[],
  options: { name: string; host: string; method?: 'REQUEST' | 'PUBLISH' | 'CANCEL' },
): string {
  const calendar = ical({
    name: options.name,
    prodId: { company: 'Oqu', product: 'sessions', language: 'EN' },
    method: ICalCalendarMethod[options.method ?? 'PUBLISH'],
  });
  for (const { event, title, description, url } of items) {
    const where = [event.place, event.onlineUrl].filter(Boolean).join(' · ');
    calendar.createEvent({
      id: `${event.id}@${options.host}`,
      start: event.startsAt,
      end: event.endsAt,
      summary: title,
      description: [description, event.mapUrl ?? '', url].filter(Boolean).join('\n\n'),
      location: where || null,
      url,
      status: event.cancelledAt ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      // A change or cancellation must replace the copy a calendar already holds: calendars take
      // only a higher SEQUENCE. Each change raised it; a cancellation (the last word) adds one.
      sequence: event.sequence + (event.cancelledAt ? 1 : 0),
      stamp: new Date(),
    });
  }
  return calendar.toString();
}
