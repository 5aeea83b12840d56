/**
 * Whether, and why, a certificate of this host stands revoked in its 1EdTech revocation list.
 * One rule for both places that read it: the status document served at `credentialStatus.id`
 * (/certificates/{code}/status) and the verify page checking a pasted credential of this host.
 */
import type { Database } from '#db/client.ts';
import { certificateState, findCertificate, type Certificate } from './certificates.server.ts';
import { normalizeCertificateCode } from './code.ts';
import { buildRevocationList, type RevocationList } from './verify.ts';

/**
 * Nothing while valid; a revoked one gives the admin's reason (none if they gave none); a
 * replaced one (its holder's name corrected) says "replaced by CODE" with the new code, which
 * carries no name (decision 015). Revocation wins over replacement.
 */
export function revocationOf(certificate: Certificate): { reason?: string; at?: Date } | undefined {
  const state = certificateState(certificate);
  if (state === 'valid') return undefined;
  const at = certificate.revokedAt ?? undefined;
  if (state === 'replaced') return { reason: `replaced by ${certificate.replacedBy}`, at };
  return { reason: certificate.revokedReason || undefined, at };
}

/** The revocation list of the certificate with this code (as typed or printed), or null for an unknown code. */
export async function findRevocationList(
  db: Database,
  baseUrl: string,
  typedCode: string,
): Promise<RevocationList | null> {
  const code = normalizeCertificateCode(typedCode);
  const certificate = code ? await findCertificate(db, code) : null;
  return certificate ? buildRevocationList(baseUrl, certificate.code, revocationOf(certificate)) : null;
}

/**
 * The same list for a credential id of this host (`{base}/certificates/{code}.json`), built under
 * the address the credential names: after a move (decision 025) a credential issued under a
 * former base URL is listed under that URL, so `isRevoked` matches its id.
 */
export function findCredentialRevocationList(db: Database, credentialId: string): Promise<RevocationList | null> {
  const match = /^(.+)\/certificates\/([^/]+)\.json$/.exec(credentialId);
  return match ? findRevocationList(db, match[1]!, match[2]!) : Promise.resolve(null);
}
