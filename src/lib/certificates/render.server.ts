/**
 * The PDF of a stored certificate, exactly as its snapshot says (not as the site says today):
 * in each language it was issued in (decision 048), the first on top.
 */
import { join } from 'node:path';
import { findProjectRoot } from '#db/client.ts';
import type { SiteConfig } from '#lib/site/config.ts';
import type { Certificate } from './certificates.server.ts';
import { programmeOfCertificate } from '#lib/courses/programme-schema.ts';
import { certificatePdfOptions, renderCertificatePdf } from './pdf.ts';

export function renderStoredCertificate(certificate: Certificate, site: SiteConfig): Promise<Uint8Array> {
  const [first, second] = certificate.editions ?? [];
  const words = first ?? {
    locale: certificate.locale,
    courseTitle: certificate.courseTitle,
    issuerName: certificate.issuerName,
    signatoryTitle: certificate.signatoryTitle,
    competencies: certificate.competencies ?? [],
  };
  const options = certificatePdfOptions(site, words.locale, join(findProjectRoot(), 'public'));
  return renderCertificatePdf(
    {
      code: certificate.code,
      holderName: certificate.holderName,
      courseTitle: words.courseTitle,
      hours: certificate.hours,
      issuedAt: certificate.issuedAt,
      programme: programmeOfCertificate(certificate.course) !== null,
      locale: words.locale,
      competencies: words.competencies,
      ...(second
        ? {
            second: {
              locale: second.locale,
              courseTitle: second.courseTitle,
              competencies: second.competencies,
              partnerName: second.issuerName,
              signatoryTitle: second.signatoryTitle,
            },
          }
        : {}),
    },
    {
      ...options,
      partnerName: words.issuerName,
      signatoryName: certificate.signatoryName,
      signatoryTitle: words.signatoryTitle,
    },
  );
}
