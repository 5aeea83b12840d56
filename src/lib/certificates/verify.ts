/**
 * Checking a credential as any verifier would (OB 3.0 §8.2.4) and the revocation list served at
 * its `credentialStatus.id`.
 */
import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet } from 'jose';
import { z } from 'zod';
import type { OpenBadgeCredential } from './credential.ts';
import { SIGNING_ALGORITHM } from './keys.ts';
import { certificateUrls, issuerUrl } from './urls.ts';

export type VerifyFailure =
  'malformed' | 'unknown-key' | 'bad-signature' | 'not-yet-valid' | 'expired' | 'claims-mismatch' | 'not-a-badge';

export type VerifyResult =
  | { valid: true; credential: OpenBadgeCredential; kid: string }
  | { valid: false; reason: VerifyFailure; detail: string };

/**
 * Checks a VC-JWT against a key set (e.g. the issuer's /.well-known/jwks.json): the RS256
 * signature, then that iss, jti, sub and nbf (and exp, if any) agree with the credential inside
 * (OB 3.0 §8.2.4). A bad credential is a result, not an exception. Revocation is separate: fetch
 * `credentialStatus.id` and use `isRevoked`.
 */
export async function verifyCredentialJwt(
  jwt: string,
  jwks: JSONWebKeySet,
  options: { currentDate?: Date } = {},
): Promise<VerifyResult> {
  let payload: Record<string, unknown>;
  let kid: string;
  try {
    const result = await jwtVerify(jwt, createLocalJWKSet(jwks), {
      algorithms: [SIGNING_ALGORITHM],
      currentDate: options.currentDate,
    });
    payload = result.payload;
    kid = String(result.protectedHeader.kid ?? '');
  } catch (error) {
    return { valid: false, ...classify(error) };
  }
  const shape = credentialShape.safeParse(payload.vc);
  if (!shape.success) {
    const issue = shape.error.issues[0];
    return {
      valid: false,
      reason: 'not-a-badge',
      detail:
        `the token does not carry an OpenBadgeCredential in \`vc\` (${issue?.path.join('.') || 'vc'}: ` +
        `${issue?.message ?? 'missing'})`,
    };
  }
  const vc = payload.vc as Partial<OpenBadgeCredential>;
  const mismatch = claimMismatch(payload, vc);
  if (mismatch) return { valid: false, reason: 'claims-mismatch', detail: mismatch };
  return { valid: true, credential: vc as OpenBadgeCredential, kid };
}

/**
 * What a verifier reads from a credential (and the verify page shows), checked before use: a
 * partner's validly signed token may still lack a field, and that is "not a certificate", not
 * a crash.
 */
const credentialShape = z.object({
  type: z
    .array(z.string())
    .refine(
      (t) => t.includes('VerifiableCredential') && t.includes('OpenBadgeCredential'),
      'not an OpenBadgeCredential',
    ),
  id: z.url(),
  issuer: z.object({ id: z.url(), name: z.string().min(1) }),
  validFrom: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'not a date'),
  credentialSubject: z.object({
    id: z.string().min(1),
    identifier: z.array(z.object({ identityType: z.string(), identityHash: z.string() })).optional(),
    achievement: z.object({ name: z.string().min(1), creditsAvailable: z.number().optional() }),
  }),
  credentialStatus: z.object({ id: z.url(), type: z.string() }),
});

function claimMismatch(payload: Record<string, unknown>, vc: Partial<OpenBadgeCredential>): string | null {
  const issuerId = typeof vc.issuer === 'string' ? vc.issuer : vc.issuer?.id;
  if (payload.iss !== issuerId) return `iss ${String(payload.iss)} is not the credential's issuer ${String(issuerId)}`;
  if (payload.jti !== vc.id) return `jti ${String(payload.jti)} is not the credential id ${String(vc.id)}`;
  if (payload.sub !== vc.credentialSubject?.id) return `sub ${String(payload.sub)} is not credentialSubject.id`;
  const validFrom = Date.parse(String(vc.validFrom));
  if (typeof payload.nbf !== 'number' || payload.nbf * 1000 !== validFrom)
    return `nbf ${String(payload.nbf)} does not equal validFrom ${String(vc.validFrom)}`;
  const validUntil = (vc as { validUntil?: string }).validUntil;
  if (validUntil !== undefined && (typeof payload.exp !== 'number' || payload.exp * 1000 !== Date.parse(validUntil)))
    return 'exp does not equal validUntil';
  return null;
}

function classify(error: unknown): { reason: VerifyFailure; detail: string } {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof errors.JWKSNoMatchingKey) return { reason: 'unknown-key', detail };
  if (error instanceof errors.JWSSignatureVerificationFailed) return { reason: 'bad-signature', detail };
  if (error instanceof errors.JWTExpired) return { reason: 'expired', detail };
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf')
    return { reason: 'not-yet-valid', detail };
  return { reason: 'malformed', detail };
}

/**
 * One entry of a revocation list: 1EdTech's `id` and `revocationReason`, and Oqu's
 * `revocationDate` (when, ISO 8601), so that a partner's verify page can say since when.
 */
export interface RevokedCredential {
  id: string;
  revocationReason?: string;
  revocationDate?: string;
}

/** The document at `credentialStatus.id`: a 1EdTech revocation list for one credential. */
export interface RevocationList {
  id: string;
  issuer: string;
  revokedCredential: RevokedCredential[];
}

/** What /certificates/{code}/status serves; `revoked` when the certificate has been revoked. */
export function buildRevocationList(
  baseUrl: string,
  code: string,
  revoked?: { reason?: string; at?: Date },
): RevocationList {
  const urls = certificateUrls(baseUrl, code);
  const entry = revoked
    ? [
        {
          id: urls.credential,
          ...(revoked.reason ? { revocationReason: revoked.reason } : {}),
          ...(revoked.at ? { revocationDate: revoked.at.toISOString() } : {}),
        },
      ]
    : [];
  return { id: urls.status, issuer: issuerUrl(baseUrl), revokedCredential: entry };
}

/** True when the list names the credential as revoked. */
export function isRevoked(list: RevocationList, credentialId: string): boolean {
  return list.revokedCredential.some((entry) => entry.id === credentialId);
}

/** Why and since when the list says the credential is revoked (either may be unknown), or null. */
export function revocationDetails(
  list: RevocationList,
  credentialId: string,
): { reason?: string; revokedAt?: Date } | null {
  const entry = list.revokedCredential.find((e) => e.id === credentialId);
  if (!entry) return null;
  const at = entry.revocationDate ? new Date(entry.revocationDate) : undefined;
  return {
    ...(entry.revocationReason && { reason: entry.revocationReason.slice(0, 500) }),
    ...(at && !Number.isNaN(at.getTime()) && { revokedAt: at }),
  };
}
