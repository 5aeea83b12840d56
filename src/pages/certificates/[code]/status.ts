/** The credential's status: a 1EdTech revocation list naming it once it is revoked (or replaced). */
import type { APIRoute } from 'astro';
import { sharedDatabase } from '../../../../db/client.ts';
import { certificateState, findCertificate } from '../../../lib/certificates/certificates.server.ts';
import { normalizeCertificateCode } from '../../../lib/certificates/code.ts';
import { buildRevocationList } from '../../../lib/certificates/verify.ts';
import { site } from '../../../lib/site/current.ts';
export const prerender = false;

export const GET: APIRoute = async ({ params }) => {
  const code = normalizeCertificateCode(params.code ?? '');
  const certificate = code ? await findCertificate(await sharedDatabase(), code) : null;
  if (!certificate) return Response.json({ error: 'unknown certificate' }, { status: 404 });
  const state = certificateState(certificate);
  const revoked = state === 'valid' ? undefined : { reason: state === 'replaced' ? `replaced by ${certificate.replacedBy}` : (certificate.revokedReason ?? undefined) };
  return Response.json(buildRevocationList(site.baseUrl, certificate.code, revoked), { headers: { 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*' } });
};
