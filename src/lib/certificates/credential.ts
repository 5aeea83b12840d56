/**
 * The award as an Open Badges 3.0 `OpenBadgeCredential` (W3C VC Data Model 2.0), signed as a
 * VC-JWT (OB 3.0 §8.2, "JSON Web Token Proof Format") with the host's RS256 key.
 *
 * Design choices (see also urls.ts):
 * - `id` is `${baseUrl}/certificates/{code}.json`, where the signed JWT is served.
 * - The holder is identified twice in `credentialSubject.identifier`: the e-mail as a salted
 *   SHA-256 IdentityHash (so an employer who knows the address can match it, and nobody else
 *   learns it), and the name in plain text (`identityType: "name"`, OB 3.0.3), since it is
 *   printed on the certificate anyway. `credentialSubject.id` is a random `urn:uuid:` per
 *   credential: the JWT `sub` must equal it, and a random one ties no two certificates together.
 * - Study hours go in `achievement.creditsAvailable` and `credentialSubject.creditsEarned`
 *   (OB's unit is "credit hours"; in Oqu one credit is one study hour) and in the description.
 * - `achievementType` is "CertificateOfCompletion" (CTDL: "acknowledges completion of ... training").
 * - `achievement.alignment` lists the competencies the course develops (decision 034): each an
 *   OB 3.0 Alignment with `targetName` in the credential's language, `targetUrl` on the site's
 *   public framework page, `targetFramework` the framework's title and `targetCode` its id.
 * - `credentialStatus` is {type: "1EdTechRevocationList", id: `${baseUrl}/certificates/{code}/status`}.
 *   That URL serves a revocation list holding just this credential: `revokedCredential` is empty
 *   while it is valid and names it (with a reason) once revoked; see `buildRevocationList`.
 * - JOSE header {alg: RS256, typ: JWT, kid: `${baseUrl}/keys/{thumbprint}.json`}, a URL that
 *   dereferences to the bare public JWK; /.well-known/jwks.json lists the same keys under the same
 *   kid. Claims: iss = issuer.id, jti = id, sub = credentialSubject.id, nbf = validFrom, vc.
 */
import { createHash } from 'node:crypto';
import { SignJWT, type JSONWebKeySet } from 'jose';
import type { Locale } from '#lib/i18n/locales.ts';
import { SIGNING_ALGORITHM, type PublicJwk, type PublishedKey, type SigningKey, type SigningKeys } from './keys.ts';
import { certificateText, formatHours, type CertificateMessageKey } from './texts.ts';
import { achievementUrl, certificateUrls, issuerUrl, keyUrl } from './urls.ts';

export const OB_CONTEXT = [
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
];
export const OB_SCHEMA_URL =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';
export const REVOCATION_LIST_TYPE = '1EdTechRevocationList';

/** The issuing host, from the site configuration. */
export interface CredentialIssuer {
  baseUrl: string;
  /** The partner's name in the credential's language. */
  name: string;
  /** The partner's home page; the site itself when not configured. */
  url?: string;
  email?: string;
  /** The logo's path under the site, e.g. /branding/logo.svg. */
  logo?: string;
}

/** One award, as the certificates table will snapshot it. */
export interface CredentialAward {
  code: string;
  holderName: string;
  email: string;
  courseSlug: string;
  courseTitle: string;
  /** A sentence about the course; a generic one naming the course and hours when absent. */
  courseDescription?: string;
  /** What earning it takes; the completion rule in words when absent. */
  criteria?: string;
  hours: number;
  issuedAt: Date;
  locale: Locale;
  /** The competencies the course develops, as OB 3.0 alignments (none: no `alignment`). */
  alignments?: readonly CredentialAlignment[];
}

/** One competency as the achievement names it (OB 3.0 Alignment, without its `type`). */
export interface CredentialAlignment {
  targetName: string;
  targetUrl: string;
  targetFramework: string;
  targetCode: string;
  targetDescription?: string;
}

/** Random values chosen once per credential and kept with it (inside the signed credential). */
export interface CredentialIdentity {
  /** Salt of the e-mail IdentityHash. */
  salt: string;
  /** `credentialSubject.id`, a `urn:uuid:`. */
  subjectId: string;
}

export interface IdentityObject {
  type: 'IdentityObject';
  identityHash: string;
  identityType: 'emailAddress' | 'name';
  hashed: boolean;
  salt?: string;
}

export interface IssuerProfile {
  id: string;
  type: ['Profile'];
  name: string;
  url: string;
  email?: string;
  /** The partner's logo (OB 3.0 Image): `issuer.json` carries it; credentials do not. */
  image?: { id: string; type: 'Image' };
}

export interface Achievement {
  id: string;
  type: ['Achievement'];
  achievementType: 'CertificateOfCompletion';
  name: string;
  description: string;
  criteria: { narrative: string };
  creditsAvailable: number;
  inLanguage: string;
  alignment?: (CredentialAlignment & { type: ['Alignment']; targetType: 'ceasn:Competency' })[];
}

export interface OpenBadgeCredential {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'OpenBadgeCredential'];
  name: string;
  description: string;
  issuer: IssuerProfile;
  validFrom: string;
  awardedDate: string;
  credentialSubject: {
    id: string;
    type: ['AchievementSubject'];
    identifier: IdentityObject[];
    achievement: Achievement;
    creditsEarned: number;
  };
  credentialSchema: { id: string; type: '1EdTechJsonSchemaValidator2019' }[];
  credentialStatus: { id: string; type: typeof REVOCATION_LIST_TYPE };
}

export type CredentialText = (key: CertificateMessageKey, params?: Record<string, string | number>) => string;

/** Fresh random salt and subject id for a new credential. */
export function newCredentialIdentity(): CredentialIdentity {
  return {
    salt: Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('hex'),
    subjectId: `urn:uuid:${crypto.randomUUID()}`,
  };
}

/** OB IdentityHash of an e-mail: "sha256$" + hex SHA-256 of the address (trimmed, lower case) + salt. */
export function hashEmail(email: string, salt: string): string {
  return `sha256$${createHash('sha256')
    .update(email.trim().toLowerCase() + salt, 'utf8')
    .digest('hex')}`;
}

/** ISO 8601 in UTC to the second: JWT dates are whole seconds, and `nbf` must equal `validFrom`. */
export function toDateTimeZ(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The issuer Profile, both inside credentials and served at /issuer.json (with `@context`). */
export function buildIssuerProfile(issuer: CredentialIssuer): IssuerProfile {
  const profile: IssuerProfile = {
    id: issuerUrl(issuer.baseUrl),
    type: ['Profile'],
    name: issuer.name,
    url: issuer.url ?? issuer.baseUrl,
  };
  if (issuer.email) profile.email = issuer.email;
  if (issuer.logo) profile.image = { id: `${issuer.baseUrl}${issuer.logo}`, type: 'Image' };
  return profile;
}

/** The unsigned credential for one award. */
export function buildCredential(
  award: CredentialAward,
  issuer: CredentialIssuer,
  identity: CredentialIdentity,
  text?: CredentialText,
): OpenBadgeCredential {
  const t: CredentialText = text ?? ((key, params) => certificateText(award.locale, key, params));
  const urls = certificateUrls(issuer.baseUrl, award.code);
  const course = award.courseTitle.normalize('NFC');
  const hours = formatHours(award.hours, award.locale);
  const issued = toDateTimeZ(award.issuedAt);
  return {
    '@context': [...OB_CONTEXT],
    id: urls.credential,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: t('certificate.credential.name', { course }),
    description: t('certificate.credential.description', { course, hours }),
    issuer: buildIssuerProfile(issuer),
    validFrom: issued,
    awardedDate: issued,
    credentialSubject: {
      id: identity.subjectId,
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityHash: hashEmail(award.email, identity.salt),
          identityType: 'emailAddress',
          hashed: true,
          salt: identity.salt,
        },
        {
          type: 'IdentityObject',
          identityHash: award.holderName.normalize('NFC'),
          identityType: 'name',
          hashed: false,
        },
      ],
      achievement: {
        id: achievementUrl(issuer.baseUrl, award.courseSlug),
        type: ['Achievement'],
        achievementType: 'CertificateOfCompletion',
        name: course,
        description: award.courseDescription ?? t('certificate.credential.description', { course, hours }),
        criteria: { narrative: award.criteria ?? t('certificate.credential.criteria') },
        creditsAvailable: award.hours,
        inLanguage: award.locale,
        ...(award.alignments?.length
          ? {
              alignment: award.alignments.map((a) => ({
                type: ['Alignment'] as ['Alignment'],
                targetType: 'ceasn:Competency' as const,
                ...a,
              })),
            }
          : {}),
      },
      creditsEarned: award.hours,
    },
    credentialSchema: [{ id: OB_SCHEMA_URL, type: '1EdTechJsonSchemaValidator2019' }],
    credentialStatus: { id: urls.status, type: REVOCATION_LIST_TYPE },
  };
}

/** Signs the credential as a compact JWS (VC-JWT) with the current key. */
export async function signCredential(
  credential: OpenBadgeCredential,
  key: SigningKey,
  baseUrl: string,
): Promise<string> {
  return new SignJWT({ vc: credential })
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, typ: 'JWT', kid: keyUrl(baseUrl, key.kid) })
    .setIssuer(credential.issuer.id)
    .setJti(credential.id)
    .setSubject(credential.credentialSubject.id)
    .setNotBefore(Math.floor(Date.parse(credential.validFrom) / 1000))
    .sign(key.privateKey);
}

/** /.well-known/jwks.json: every published key, each `kid` being its dereferenceable URL. */
export function publicJwks(keys: SigningKeys, baseUrl: string, formerBaseUrls: readonly string[] = []): JSONWebKeySet {
  // Each key under the current address, then again under every address credentials were issued
  // under before a move: a credential's `kid` names its key under the address it was signed at.
  return {
    keys: [baseUrl, ...formerBaseUrls].flatMap((base) =>
      keys.publicKeys.map((key) => ({
        ...key.publicJwk,
        kid: keyUrl(base, key.kid),
        alg: SIGNING_ALGORITHM,
        use: 'sig',
      })),
    ),
  };
}

/** /keys/{thumbprint}.json: the bare public JWK (never `d`). */
export function publicKeyDocument(key: PublishedKey): PublicJwk {
  return { kty: key.publicJwk.kty, n: key.publicJwk.n, e: key.publicJwk.e };
}
