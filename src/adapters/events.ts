/**
 * What the session pages hand the sessions module: this copy's address and name for e-mails,
 * the reader's language chain, and the catalogue's courses (attendance completes them).
 */
import type { EventsContext } from '#lib/events/actions.server.ts';
import type { EventMailContext } from '#lib/events/event-mail.ts';
import { localize } from '#lib/site/config.ts';
import { chainFor, site } from '#lib/site/current.ts';
import { findCourse } from './catalog.ts';

/** This copy's address, name and language chains, for the session e-mails. */
export function eventsMailContext(): EventMailContext {
  return { baseUrl: site.baseUrl, siteName: (l) => localize(site.name, l), chain: chainFor };
}

export function eventsContext(): EventsContext {
  return {
    mail: eventsMailContext(),
    learning: { site },
    findCourse,
  };
}
