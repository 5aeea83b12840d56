/** The credential's status: a 1EdTech revocation list naming it once it is revoked (or replaced). */
import type { APIRoute } from 'astro';
import { findRevocationList } from '#lib/certificates/revocation-list.server.ts';
import { site } from '#lib/site/current.ts';
export const prerender = false;

export const GET: APIRoute = async ({ params, locals }) => {
  const list = await findRevocationList(locals.db, site.baseUrl, params.code ?? '');
  if (!list) return Response.json({ error: 'unknown certificate' }, { status: 404 });
  return Response.json(list, { headers: { 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*' } });
};
