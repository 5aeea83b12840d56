/** One public key as a bare JWK: what a credential's `kid` URL points to (OB 3.0 §8.2). */
import type { APIRoute } from 'astro';
import { publicKeyDocument } from '#lib/certificates/credential.ts';
import { hostSigningKeys } from '#lib/certificates/signing.server.ts';
export const prerender = false;

export const GET: APIRoute = async ({ params }) => {
  const key = (await hostSigningKeys()).publicKeys.find((k) => k.kid === params.kid);
  if (!key) return Response.json({ error: 'unknown key' }, { status: 404 });
  return Response.json(publicKeyDocument(key), {
    headers: { 'Cache-Control': 'public, max-age=86400', 'Access-Control-Allow-Origin': '*' },
  });
};
