/** A session's sign-ups and attendance as CSV (UTF-8 with BOM, `;`), for the trainer who runs it. */
import type { APIRoute } from 'astro';
import { findEvent, mayManageEvent } from '#lib/events/events.server.ts';
import { exportSignups } from '#lib/events/export.server.ts';
import { csvResponse } from '#lib/http/csv-response.ts';
import { routeLocale } from '#lib/site/route-locale.ts';
export const prerender = false;

export const GET: APIRoute = async ({ params, locals, clientAddress }) => {
  const locale = routeLocale(params.locale);
  if (!locale) return new Response(null, { status: 404 });
  const user = locals.user;
  if (!user) return new Response(null, { status: 401 });
  if (user.role === 'learner') return new Response(null, { status: 403 });
  const event = await findEvent(locals.db, (params.id ?? '').slice(0, 64));
  if (!event) return new Response(null, { status: 404 });
  if (!(await mayManageEvent(locals.db, user, event))) return new Response(null, { status: 403 });
  const actor = { id: user.id, email: user.email, ip: clientAddress };
  const { filename, body } = await exportSignups(locals.db, actor, event, locale);
  return csvResponse(filename, body);
};
