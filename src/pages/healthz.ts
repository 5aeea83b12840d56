/** Health check for a reverse proxy or monitor: 200 when the database takes a write, else 503 naming what failed. */
import type { APIRoute } from 'astro';
import { serverDatabase } from '#lib/site/database.server.ts';
import { checkHealth } from '#lib/site/health.server.ts';
export const prerender = false;
export const GET: APIRoute = async () => {
  const health = await checkHealth(serverDatabase);
  return Response.json(
    { status: health.ok ? 'ok' : 'failing', checks: health.checks },
    { status: health.ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
};
