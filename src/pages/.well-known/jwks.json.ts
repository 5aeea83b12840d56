/**
 * The host's public signing keys, old ones included, so every certificate it issued still verifies;
 * each is listed under the current address and under every address credentials were issued under
 * before a move (decision 025).
 */
import type { APIRoute } from 'astro';
import { publicJwks } from '#lib/certificates/credential.ts';
import { hostFormerBaseUrls } from '#lib/certificates/issued-under.server.ts';
import { hostSigningKeys } from '#lib/certificates/signing.server.ts';
import { site } from '#lib/site/current.ts';
export const prerender = false;

export const GET: APIRoute = async ({ locals }) =>
  Response.json(publicJwks(await hostSigningKeys(), site.baseUrl, await hostFormerBaseUrls(locals.db, site.baseUrl)), {
    headers: { 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' },
  });
