/**
 * A person's private calendar feed (iCalendar): the sessions they are signed up for, in their
 * language. The token in the URL is the only key (calendar apps send no cookie); an unknown or
 * reset token is not found.
 */
import type { APIRoute } from 'astro';
import { feedCalendar } from '#lib/events/calendar-feed.server.ts';
import { eventsMailContext } from '#adapters/events.ts';
export const prerender = false;

export const GET: APIRoute = async ({ params, locals }) => {
  const body = await feedCalendar(locals.db, (params.token ?? '').slice(0, 64), eventsMailContext());
  if (body === undefined) return new Response(null, { status: 404 });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Cache-Control': 'private, no-store',
      'X-Robots-Tag': 'noindex',
    },
  });
};
