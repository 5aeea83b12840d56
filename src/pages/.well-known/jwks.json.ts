/** The host's public signing keys, old ones included, so every certificate it issued still verifies. */
import type { APIRoute } from 'astro';
import { publicJwks } from '#lib/certificates/credential.ts';
import { hostSigningKeys } from '#lib/certificates/signing.server.ts';
import { site } from '#lib/site/current.ts';
export const prerender = false;

export const GET: APIRoute = async () =>
  Response.json(publicJwks(await hostSigningKeys(), site.baseUrl), {
    headers: { 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' },
  });
