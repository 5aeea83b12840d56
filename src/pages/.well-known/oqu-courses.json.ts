/**
 * The courses this host shares with other Oqu hosts (decision 054): a JWS signed with the host's
 * certificate key, which partners check against /.well-known/jwks.json.
 */
import type { APIRoute } from 'astro';
import { hostSigningKeys } from '#lib/certificates/signing.server.ts';
import { signedCourseFeed } from '#lib/course-feed/publish.server.ts';
import { site } from '#lib/site/current.ts';
export const prerender = false;

export const GET: APIRoute = async () =>
  Response.json(await signedCourseFeed(site, await hostSigningKeys()), {
    headers: { 'Cache-Control': 'public, max-age=300' },
  });
