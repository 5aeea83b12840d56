/**
 * The certificate as an Open Badges 3.0 credential, signed in the VC-JWT proof format: the
 * compact JWS itself (`application/vc+jwt`). Its payload's `vc` is the OpenBadgeCredential,
 * naming the holder as they chose on "My learning". A replaced certificate's credential (with
 * the old name) is gone: the answer points to the corrected one.
 */
import type { APIRoute } from 'astro';
import { findCertificate } from '#lib/certificates/certificates.server.ts';
import { normalizeCertificateCode } from '#lib/certificates/code.ts';
import { findCredentialSubject } from '#lib/certificates/holder-identity.server.ts';
import { servedCredentialJwt } from '#lib/certificates/holder-identity.ts';
import { hostSigningKeys } from '#lib/certificates/signing.server.ts';
import { textResponse } from '#lib/http/text-response.ts';
import { paths } from '#lib/i18n/urls.ts';
import { site } from '#lib/site/current.ts';
export const prerender = false;

export const GET: APIRoute = async ({ params, request, locals }) => {
  const code = normalizeCertificateCode(params.code ?? '');
  const db = locals.db;
  const certificate = code ? await findCertificate(db, code) : null;
  if (!certificate) return textResponse(request, 404, 'verify.unknown');
  if (certificate.replacedBy)
    return textResponse(request, 410, 'certificate.gone', { url: paths.verify(certificate.replacedBy) });
  const choice = await findCredentialSubject(db, certificate.userId);
  const jwt = await servedCredentialJwt(
    certificate.credential,
    choice,
    (await hostSigningKeys()).current,
    site.baseUrl,
  );
  // no-cache: a holder's change of identifier applies to the next download.
  return new Response(jwt, {
    headers: { 'Content-Type': 'application/vc+jwt', 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*' },
  });
};
