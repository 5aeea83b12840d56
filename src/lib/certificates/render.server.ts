/** The PDF of a stored certificate, exactly as its snapshot says (not as the site says today). */
import { join } from 'node:path';
import { findProjectRoot } from '#db/client.ts';
import type { SiteConfig } from '#lib/site/config.ts';
import type { Certificate } from './certificates.server.ts';
import { programmeOfCertificate } from '#lib/courses/programme-schema.ts';
import { certificatePdfOptions, renderCertificatePdf } from './pdf.ts';

export function renderStoredCertificate(certificate: Certificate, site: SiteConfig): Promise<Uint8Array> {
  const options = certificatePdfOptions(site, certificate.locale, join(findProjectRoot(), 'public'));
  return renderCertificatePdf(
    {
      code: certificate.code,
      holderName: certificate.holderName,
      courseTitle: certificate.courseTitle,
      hours: certificate.hours,
      issuedAt: certificate.issuedAt,
      locale: certificate.locale,
      competencies: certificate.competencies ?? [],
      programme: programmeOfCertificate(certificate.course) !== null,
    },
    {
      ...options,
      partnerName: certificate.issuerName,
      signatoryName: certificate.signatoryName,
      signatoryTitle: certificate.signatoryTitle,
    },
  );
}
