/**
 * The certificate as an Open Badges 3.0 credential, signed in the VC-JWT proof format: the
 * compact JWS itself (`application/vc+jwt`). Its payload's `vc` is the OpenBadgeCredential.
 */
import type { APIRoute } from 'astro';
import { sharedDatabase } from '../../../db/client.ts';
import { findCertificate } from '../../lib/certificates/certificates.server.ts';
import { normalizeCertificateCode } from '../../lib/certificates/code.ts';
import { textResponse } from '../../lib/http/text-response.ts';
export const prerender = false;

export const GET: APIRoute = async ({ params, request }) => {
  const code = normalizeCertificateCode(params.code ?? '');
  const certificate = code ? await findCertificate(await sharedDatabase(), code) : null;
  if (!certificate) return textResponse(request, 404, 'verify.unknown');
  return new Response(certificate.credential, { headers: { 'Content-Type': 'application/vc+jwt', 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' } });
};
