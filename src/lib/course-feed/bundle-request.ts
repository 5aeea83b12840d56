/**
 * The token a partner host sends for a course bundle (decision 060): a bundle carries the trainer
 * notes and the quizzes' answer keys, so a host gives it only to the hosts in its `trustedHosts`,
 * and a host proves it is one with a short JWT signed by its current certificate key, checked
 * against the key set it already publishes (`/.well-known/jwks.json`), as the feed is (feed.ts).
 * Its `typ` keeps it from being taken for a credential or a feed signed by the same key; it names
 * the asking host (`iss`), the host asked (`aud`) and the course (`sub`), and lives two minutes.
 */
import { decodeJwt, decodeProtectedHeader, jwtVerify, SignJWT, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { SIGNING_ALGORITHM, type SigningKey } from '#lib/certificates/keys.ts';
import { keyUrl, originOf } from '#lib/certificates/urls.ts';

/** The JOSE `typ` of a bundle request. */
export const BUNDLE_REQUEST_TYPE = 'oqu-bundle-request+jwt';
/** How long a request token is good for: enough for a slow start of a download, too short to reuse. */
export const BUNDLE_REQUEST_LIFETIME_S = 120;
/** Tokens living longer than this are refused whatever their `exp` says; clocks may differ by the tolerance. */
const MAX_TOKEN_AGE_S = 300;
const CLOCK_TOLERANCE_S = 60;

/** The asking host: its address (the token's `iss`) and its current certificate key. */
export interface BundleRequester {
  baseUrl: string;
  key: SigningKey;
}

/** The token for `course`'s bundle on the host at `audience` (its `baseUrl`, as its feed states it). */
export async function signBundleRequest(
  requester: BundleRequester,
  audience: string,
  course: string,
  now: Date = new Date(),
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({
      alg: SIGNING_ALGORITHM,
      typ: BUNDLE_REQUEST_TYPE,
      kid: keyUrl(requester.baseUrl, requester.key.kid),
    })
    .setIssuer(requester.baseUrl)
    .setAudience(audience)
    .setSubject(course)
    .setJti(crypto.randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(iat + BUNDLE_REQUEST_LIFETIME_S)
    .sign(requester.key.privateKey);
}

/** The bearer token of an `Authorization` header, or null. */
export function bearerToken(authorization: string | null): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization?.trim() ?? '');
  return match?.[1] ?? null;
}

/**
 * The asking host a token claims to come from (the origin of its `iss`), read without checking the
 * signature, so the host knows whose keys to fetch; null when it is no bundle request, or its key
 * (`kid`) is not on that host.
 */
export function claimedRequester(token: string): string | null {
  try {
    const header = decodeProtectedHeader(token);
    const { iss } = decodeJwt(token);
    if (header.typ !== BUNDLE_REQUEST_TYPE || typeof header.kid !== 'string' || typeof iss !== 'string') return null;
    const origin = originOf(iss);
    return origin && originOf(header.kid) === origin ? origin : null;
  } catch {
    return null;
  }
}

/**
 * Whether `token` is a request for `course` on this host (`audience`, its `baseUrl`) from
 * `requester` (an origin), signed by one of `jwks` (the keys that host publishes), not expired and
 * not made to live long.
 */
export async function verifyBundleRequest(
  token: string,
  jwks: JSONWebKeySet,
  expected: { requester: string; audience: string; course: string; now?: Date },
): Promise<boolean> {
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
      algorithms: [SIGNING_ALGORITHM],
      typ: BUNDLE_REQUEST_TYPE,
      audience: expected.audience,
      subject: expected.course,
      maxTokenAge: MAX_TOKEN_AGE_S,
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ['iss', 'exp', 'iat'],
      currentDate: expected.now,
    });
    const lifetime = (payload.exp ?? 0) - (payload.iat ?? 0);
    return originOf(payload.iss ?? '') === expected.requester && lifetime > 0 && lifetime <= MAX_TOKEN_AGE_S;
  } catch {
    return false;
  }
}
