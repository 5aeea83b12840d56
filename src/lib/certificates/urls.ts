/**
 * The public addresses of a certificate and of the issuer's keys: the one place that says
 * where things live, so the PDF, the credential and (later) the routes agree.
 *
 *   /verify/{code}                  human check: valid / revoked / unknown
 *   /certificates/{code}.pdf        the printable certificate
 *   /certificates/{code}.json       the Open Badges 3.0 credential (the credential's `id`)
 *   /certificates/{code}/status     its 1EdTechRevocationList document (see credential.ts)
 *   /issuer.json                    the issuer Profile (the credential's `issuer.id`, `iss`)
 *   /keys/{thumbprint}.json         one public key as a bare JWK: the JWT header's `kid`
 *   /.well-known/jwks.json          every published public key, each `kid` = its key URL
 *
 * `baseUrl` has no trailing slash (the site config checks that).
 */
import { paths } from '#lib/i18n/urls.ts';
import { programmeOfCertificate } from '#lib/courses/programme-schema.ts';

export interface CertificateUrls {
  verify: string;
  pdf: string;
  credential: string;
  status: string;
}

/** Every public address of one certificate. */
export function certificateUrls(baseUrl: string, code: string): CertificateUrls {
  return {
    verify: `${baseUrl}${paths.verify(code)}`,
    pdf: `${baseUrl}${paths.certificatePdf(code)}`,
    credential: `${baseUrl}${paths.certificateCredential(code)}`,
    status: `${baseUrl}${paths.certificateStatus(code)}`,
  };
}

/** The issuer Profile's stable id (also the JWT `iss`). */
export function issuerUrl(baseUrl: string): string {
  return `${baseUrl}/issuer.json`;
}

/**
 * The URL of one public key, named by its RFC 7638 thumbprint. OB 3.0 §8.2 wants the JWT
 * `kid` to dereference to the JWK itself, so this URL serves the bare key, not a key set.
 */
export function keyUrl(baseUrl: string, thumbprint: string): string {
  return `${baseUrl}/keys/${thumbprint}.json`;
}

/** The thumbprint named by a key URL of this site, or null for any other URL. */
export function thumbprintFromKeyUrl(baseUrl: string, url: string): string | null {
  const prefix = `${baseUrl}/keys/`;
  if (!url.startsWith(prefix) || !url.endsWith('.json')) return null;
  const thumbprint = url.slice(prefix.length, -'.json'.length);
  return /^[A-Za-z0-9_-]{43}$/.test(thumbprint) ? thumbprint : null;
}

/** The Achievement's id: one per course (or programme, `programme:<id>`, decision 047), the same in every language. */
export function achievementUrl(baseUrl: string, courseSlug: string): string {
  const programme = programmeOfCertificate(courseSlug);
  return programme ? `${baseUrl}/programmes/${programme}#achievement` : `${baseUrl}/courses/${courseSlug}#achievement`;
}

/** The origin (`https://host:port`) of `url`, or null when it is no URL. */
export function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** Whether `origin` is the origin of one of `trustedHosts` (the configured partner addresses). */
export function isTrustedHost(trustedHosts: readonly string[], origin: string): boolean {
  return trustedHosts.some((h) => originOf(h) === origin);
}
