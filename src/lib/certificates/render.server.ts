/**
 * The PDF of a stored certificate, exactly as its snapshot says (not as the site says today):
 * in each language it was issued in (decision 048), the first on top. Rendered once and then
 * served from the cache (decision 059).
 */
import { join } from 'node:path';
import { findProjectRoot } from '#db/client.ts';
import type { SiteConfig } from '#lib/site/config.ts';
import { countCertificatePdf } from '#lib/observe/metrics.ts';
import type { Certificate } from './certificates.server.ts';
import { programmeOfCertificate } from '#lib/courses/programme-schema.ts';
import { CertificatePdfCache, resolveCacheDir } from './pdf-cache.ts';
import { certificatePdfKey } from './pdf-key.ts';
import {
  certificatePdfOptions,
  renderCertificatePdf,
  type CertificatePdfData,
  type CertificatePdfOptions,
} from './pdf.ts';

/** What `renderCertificatePdf` is given for a stored certificate. */
export function storedCertificatePdfInput(
  certificate: Certificate,
  site: SiteConfig,
): { data: CertificatePdfData; options: CertificatePdfOptions } {
  const [first, second] = certificate.editions ?? [];
  const words = first ?? {
    locale: certificate.locale,
    courseTitle: certificate.courseTitle,
    issuerName: certificate.issuerName,
    signatoryTitle: certificate.signatoryTitle,
    competencies: certificate.competencies ?? [],
  };
  const options = certificatePdfOptions(site, words.locale, join(findProjectRoot(), 'public'));
  const data: CertificatePdfData = {
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
  };
  return {
    data,
    options: {
      ...options,
      partnerName: words.issuerName,
      signatoryName: certificate.signatoryName,
      signatoryTitle: words.signatoryTitle,
    },
  };
}

/** Renders a stored certificate's PDF anew (no cache). */
export function renderStoredCertificate(certificate: Certificate, site: SiteConfig): Promise<Uint8Array> {
  const { data, options } = storedCertificatePdfInput(certificate, site);
  return renderCertificatePdf(data, options);
}

let cache: CertificatePdfCache | undefined;

/** This process's cache of certificate PDFs, in `<cache folder>/certificates`. */
export function certificatePdfCache(): CertificatePdfCache {
  cache ??= new CertificatePdfCache(join(resolveCacheDir(findProjectRoot()), 'certificates'));
  return cache;
}

export interface StoredCertificatePdf {
  /** A strong ETag: the same for the same bytes, on every process and machine running this code. */
  etag: string;
  /** The bytes: kept ones, or rendered now and kept. */
  bytes: () => Promise<Uint8Array>;
}

/** A valid certificate's PDF, named by its key; the bytes are only fetched when asked for. */
export async function storedCertificatePdf(certificate: Certificate, site: SiteConfig): Promise<StoredCertificatePdf> {
  const { data, options } = storedCertificatePdfInput(certificate, site);
  const key = await certificatePdfKey(data, options);
  return {
    etag: `"${key}"`,
    bytes: async () => {
      const pdf = await certificatePdfCache().get(data.code, key, () => renderCertificatePdf(data, options));
      countCertificatePdf(pdf.source);
      return pdf.bytes;
    },
  };
}

/** Drops the kept PDF of a certificate that is no longer valid; never fails the request. */
export async function forgetStoredCertificatePdf(code: string): Promise<void> {
  await certificatePdfCache()
    .forget(code)
    .catch((error: unknown) => console.error(`[oqu] could not remove the kept PDF of ${code}:`, error));
}
