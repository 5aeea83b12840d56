/**
 * The certificate as a PDF (A4 landscape), for anyone who has its code. The certificate's state
 * is read from the database on every request; a valid one's PDF is rendered once and then served
 * from the cache under a strong ETag (decision 059).
 */
import type { APIRoute } from 'astro';
import { certificateState, findCertificate } from '#lib/certificates/certificates.server.ts';
import { normalizeCertificateCode } from '#lib/certificates/code.ts';
import { noneMatchHits } from '#lib/http/etag.ts';
import { textResponse } from '#lib/http/text-response.ts';
import { paths } from '#lib/i18n/urls.ts';
import { forgetStoredCertificatePdf, storedCertificatePdf } from '#lib/certificates/render.server.ts';
import { site } from '#lib/site/current.ts';
export const prerender = false;

/** Browsers may keep it five minutes, then ask again with its ETag; shared caches may not keep it. */
const CACHE_CONTROL = 'private, max-age=300';

export const GET: APIRoute = async ({ params, request, locals }) => {
  const code = normalizeCertificateCode(params.code ?? '');
  const certificate = code ? await findCertificate(locals.db, code) : null;
  if (!certificate) return textResponse(request, 404, 'verify.unknown');
  if (certificateState(certificate) !== 'valid') {
    await forgetStoredCertificatePdf(certificate.code);
    // A replaced certificate points to the corrected one (the old name is not shown anywhere).
    return textResponse(request, 410, 'certificate.gone', {
      url: paths.verify(certificate.replacedBy ?? certificate.code),
    });
  }
  const pdf = await storedCertificatePdf(certificate, site);
  if (noneMatchHits(request.headers.get('If-None-Match'), pdf.etag)) {
    return new Response(null, { status: 304, headers: { ETag: pdf.etag, 'Cache-Control': CACHE_CONTROL } });
  }
  // pdf-lib's and readFile's bytes are over a plain ArrayBuffer, which is what a body may be.
  return new Response((await pdf.bytes()) as Uint8Array<ArrayBuffer>, {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="certificate-${certificate.code}.pdf"`,
      'Cache-Control': CACHE_CONTROL,
      ETag: pdf.etag,
    },
  });
};
