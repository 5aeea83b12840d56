/** Liveness check for a reverse proxy or monitor. */
import type { APIRoute } from 'astro';
export const prerender = false;
export const GET: APIRoute = () => Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
