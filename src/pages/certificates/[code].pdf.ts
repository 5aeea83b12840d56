/** The certificate as a PDF (A4 landscape), for anyone who has its code. */
import type { APIRoute } from 'astro';
import { certificateState, findCertificate } from '#lib/certificates/certificates.server.ts';
import { normalizeCertificateCode } from '#lib/certificates/code.ts';
import { textResponse } from '#lib/http/text-response.ts';
import { paths } from '#lib/i18n/urls.ts';
import { renderStoredCertificate } from '#lib/certificates/render.server.ts';
import { site } from '#lib/site/current.ts';
export const prerender = false;

export const GET: APIRoute = async ({ params, request, locals }) => {
  const code = normalizeCertificateCode(params.code ?? '');
  const certificate = code ? await findCertificate(locals.db, code) : null;
  if (!certificate) return textResponse(request, 404, 'verify.unknown');
  if (certificateState(certificate) !== 'valid') {
    // A replaced certificate points to the corrected one (the old name is not shown anywhere).
    return textResponse(request, 410, 'certificate.gone', {
      url: paths.verify(certificate.replacedBy ?? certificate.code),
    });
  }
  const pdf = await renderStoredCertificate(certificate, site);
  return new Response(Buffer.from(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="certificate-${certificate.code}.pdf"`,
      'Cache-Control': 'private, max-age=300',
    },
  });
};
