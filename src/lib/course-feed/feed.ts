/**
 * The course feed between Oqu hosts (decision 054): the courses a host shares, at
 * `/.well-known/oqu-courses.json`, as a JWS in its flattened JSON form (RFC 7515 §7.2.2) signed
 * with the host's certificate key, so a partner checks it against the key set the host already
 * publishes for its credentials (`/.well-known/jwks.json`). The signed payload is the only part a
 * partner reads: a feed changed on the way, or signed by another host's key, is refused whole.
 */
import { createLocalJWKSet, decodeProtectedHeader, flattenedVerify, FlattenedSign, type JSONWebKeySet } from 'jose';
import { z } from 'zod';
import { SIGNING_ALGORITHM, type SigningKey } from '#lib/certificates/keys.ts';
import { keyUrl, originOf } from '#lib/certificates/urls.ts';
import { courseState, type CourseStates } from '#lib/courses/visibility.ts';
import { LOCALES } from '#lib/i18n/locales.ts';
import type { Result } from '#lib/result.ts';

export const FEED_FORMAT = 'oqu-course-feed';
export const FEED_FORMAT_VERSION = 1;
/** The JOSE `typ` of a feed, so a credential (typ JWT) signed by the same key is never read as one. */
export const FEED_TYPE = 'oqu-course-feed+jws';
/** At most this many courses in one feed (a partner reads it whole). */
export const MAX_FEED_COURSES = 500;

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const httpUrl = z.url({ protocol: /^https?$/ }).max(500);

export const feedCourseSchema = z.strictObject({
  /** The course's folder name on the publishing host. */
  id: slug,
  /** Its title in each language it has one in. */
  title: z.partialRecord(z.enum(LOCALES), z.string().min(1).max(300)),
  /** The content version (bundle.ts `contentVersion`): equal versions are equal courses. */
  version: hex64,
  license: z.string().min(1).max(200),
  languages: z.array(z.enum(LOCALES)).min(1).max(LOCALES.length),
  /** When its content last changed there (ISO 8601). */
  updated: z.iso.datetime(),
  bundle: z.strictObject({ url: httpUrl, sha256: hex64, bytes: z.number().int().positive() }),
});
export type FeedCourse = z.infer<typeof feedCourseSchema>;

export const feedSchema = z.strictObject({
  format: z.literal(FEED_FORMAT),
  formatVersion: z.literal(FEED_FORMAT_VERSION),
  /** The publishing host's address (its `baseUrl`). */
  host: httpUrl,
  /** The host's name in its default language. */
  site: z.string().min(1).max(200),
  issuedAt: z.iso.datetime(),
  courses: z.array(feedCourseSchema).max(MAX_FEED_COURSES),
});
export type CourseFeed = z.infer<typeof feedSchema>;

/** A JWS in flattened JSON form: what the well-known URL serves. */
export const signedFeedSchema = z.strictObject({
  protected: z.string().max(2000),
  payload: z.string().max(2_000_000),
  signature: z.string().max(2000),
});
export type SignedFeed = z.infer<typeof signedFeedSchema>;

export type FeedFailure = 'feed.malformed' | 'feed.signature' | 'feed.wrong_host';

/** Signs `feed` with the host's current key; `kid` is the key's URL on the host, as for credentials. */
export async function signFeed(feed: CourseFeed, key: SigningKey, baseUrl: string): Promise<SignedFeed> {
  const jws = await new FlattenedSign(new TextEncoder().encode(JSON.stringify(feed)))
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, typ: FEED_TYPE, kid: keyUrl(baseUrl, key.kid), cty: 'json' })
    .sign(key.privateKey);
  return { protected: jws.protected ?? '', payload: jws.payload, signature: jws.signature };
}

/**
 * The feed `document` of the host at `host` when it is signed by one of `jwks` (that host's
 * published keys), names that host, and points only at bundles on it; else why not.
 */
export async function verifyFeed(
  document: unknown,
  jwks: JSONWebKeySet,
  host: string,
): Promise<Result<{ feed: CourseFeed }, FeedFailure>> {
  const signed = signedFeedSchema.safeParse(document);
  if (!signed.success) return { ok: false, error: 'feed.malformed' };
  const origin = originOf(host);
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(signed.data);
  } catch {
    return { ok: false, error: 'feed.malformed' };
  }
  if (header.typ !== FEED_TYPE) return { ok: false, error: 'feed.malformed' };
  if (typeof header.kid !== 'string' || originOf(header.kid) !== origin) return { ok: false, error: 'feed.wrong_host' };
  let payload: Uint8Array;
  try {
    ({ payload } = await flattenedVerify(signed.data, createLocalJWKSet(jwks), { algorithms: [SIGNING_ALGORITHM] }));
  } catch {
    return { ok: false, error: 'feed.signature' };
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return { ok: false, error: 'feed.malformed' };
  }
  const feed = feedSchema.safeParse(json);
  if (!feed.success) return { ok: false, error: 'feed.malformed' };
  if (originOf(feed.data.host) !== origin || feed.data.courses.some((c) => originOf(c.bundle.url) !== origin))
    return { ok: false, error: 'feed.wrong_host' };
  return { ok: true, feed: feed.data };
}

/**
 * Whether the host shares a course in its feed: as its course.yaml says (`shared`), else while the
 * site configuration lists it, neither hidden nor archived (visibility.ts; the curriculum is
 * shared; the example course says `shared: false`).
 */
export function sharesCourse(
  course: { shared?: boolean | undefined },
  slug: string,
  site: { courses: CourseStates },
): boolean {
  return course.shared ?? courseState(site.courses, slug) === 'listed';
}
