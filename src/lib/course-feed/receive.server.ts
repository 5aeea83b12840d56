/**
 * Receiving from a partner's course feed (feed.ts): only from a host in `trustedHosts`, through
 * partner-fetch (deadline, byte cap, redirects refused). The feed must verify against the keys
 * the partner publishes, and a bundle must have the size and SHA-256 the signed feed states, the
 * course name and content version it lists, and pass `readBundle`'s checks, all before anything
 * is written; installing then goes through `importCourse`, the same checks as `oqu import-course`.
 * A bundle is asked for with a token signed by this host's certificate key (bundle-request.ts,
 * decision 060): the partner gives it only to the hosts it trusts in turn.
 */
import { createHash } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import { jwksShape } from '#lib/certificates/foreign.server.ts';
import {
  fetchPartnerBytes,
  fetchPartnerJson,
  type PartnerFetchOptions,
} from '#lib/certificates/partner-fetch.server.ts';
import { isTrustedHost, originOf } from '#lib/certificates/urls.ts';
import { contentVersion, MAX_BUNDLE_BYTES, readBundle, BundleError, type CourseBundle } from '#lib/courses/bundle.ts';
import { paths } from '#lib/i18n/urls.ts';
import type { Result } from '#lib/result.ts';
import { signBundleRequest, type BundleRequester } from './bundle-request.ts';
import { verifyFeed, type CourseFeed, type FeedCourse, type FeedFailure } from './feed.ts';

/** A feed of 500 courses is ~250 KB; this leaves room without letting a partner fill the memory. */
export const FEED_MAX_BYTES = 2 * 1024 * 1024;
/** The deadline of a bundle download (up to MAX_BUNDLE_BYTES over a regional line). */
export const BUNDLE_TIMEOUT_MS = 60_000;

export type ReceiveFailure =
  | FeedFailure
  | 'feed.untrusted'
  | 'feed.unreachable'
  | 'feed.none'
  | 'feed.too_big'
  | 'feed.not_listed'
  | 'feed.bundle_unreachable'
  | 'feed.bundle_refused'
  | 'feed.bundle_too_big'
  | 'feed.bundle_digest'
  | 'feed.bundle_invalid';

export interface ReceiveOptions extends PartnerFetchOptions {
  /** The feed's byte cap (FEED_MAX_BYTES). */
  feedMaxBytes?: number;
}

const NO_FEED = new Set([404, 410]);
/** The partner does not give this host its bundles: it does not trust it, or could not check its token. */
const REFUSED = new Set([401, 403]);

/** The JSON of a feed body (read as bytes, to tell a body over its cap from a broken one). */
function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
}

/** The verified feed of a trusted partner host, or why not. */
export async function fetchPartnerFeed(
  host: string,
  trustedHosts: readonly string[],
  options: ReceiveOptions = {},
): Promise<Result<{ feed: CourseFeed }, ReceiveFailure>> {
  const origin = originOf(host);
  if (!origin || !isTrustedHost(trustedHosts, origin)) return { ok: false, error: 'feed.untrusted' };
  const jwks = jwksShape.safeParse(await fetchPartnerJson(`${origin}/.well-known/jwks.json`, options));
  if (!jwks.success) return { ok: false, error: 'feed.unreachable' };
  const answer = await fetchPartnerBytes(`${origin}${paths.courseFeed()}`, {
    ...options,
    maxBytes: options.feedMaxBytes ?? FEED_MAX_BYTES,
  });
  if (!answer) return { ok: false, error: 'feed.unreachable' };
  // 404 or 410: the host is there but publishes no course feed (an Oqu from before feeds).
  if ('status' in answer) return { ok: false, error: NO_FEED.has(answer.status) ? 'feed.none' : 'feed.unreachable' };
  if ('tooBig' in answer) return { ok: false, error: 'feed.too_big' };
  return verifyFeed(parseJson(answer.bytes), jwks.data as JSONWebKeySet, origin);
}

/**
 * The bundle of `entry` (a course of a verified feed of `host`, its `baseUrl`), asked for as
 * `requester` (this host), checked against what the feed states: size, SHA-256, course name and
 * content version, then every check of `readBundle`.
 */
export async function fetchPartnerBundle(
  host: string,
  entry: FeedCourse,
  requester: BundleRequester,
  options: ReceiveOptions = {},
): Promise<Result<{ bytes: Buffer; bundle: CourseBundle }, ReceiveFailure>> {
  if (originOf(entry.bundle.url) !== originOf(host)) return { ok: false, error: 'feed.wrong_host' };
  if (entry.bundle.bytes > MAX_BUNDLE_BYTES) return { ok: false, error: 'feed.bundle_too_big' };
  const token = await signBundleRequest(requester, host, entry.id);
  const answer = await fetchPartnerBytes(entry.bundle.url, {
    ...options,
    accept: 'application/gzip',
    authorization: `Bearer ${token}`,
    maxBytes: entry.bundle.bytes,
    timeoutMs: BUNDLE_TIMEOUT_MS,
  });
  if (answer && 'status' in answer && REFUSED.has(answer.status)) return { ok: false, error: 'feed.bundle_refused' };
  if (!answer || 'status' in answer) return { ok: false, error: 'feed.bundle_unreachable' };
  if ('tooBig' in answer) return { ok: false, error: 'feed.bundle_too_big' };
  const { bytes } = answer;
  if (createHash('sha256').update(bytes).digest('hex') !== entry.bundle.sha256)
    return { ok: false, error: 'feed.bundle_digest' };
  let bundle: CourseBundle;
  try {
    bundle = readBundle(bytes);
  } catch (error) {
    if (error instanceof BundleError) return { ok: false, error: 'feed.bundle_invalid' };
    throw error;
  }
  if (bundle.course !== entry.id || contentVersion(bundle.files) !== entry.version)
    return { ok: false, error: 'feed.bundle_invalid' };
  return { ok: true, bytes, bundle };
}

/** The verified feed of `host` and its course `course` with its checked bundle (asked for as `requester`). */
export async function fetchPartnerCourse(
  host: string,
  course: string,
  trustedHosts: readonly string[],
  requester: BundleRequester,
  options: ReceiveOptions = {},
): Promise<Result<{ feed: CourseFeed; entry: FeedCourse; bytes: Buffer; bundle: CourseBundle }, ReceiveFailure>> {
  const fetched = await fetchPartnerFeed(host, trustedHosts, options);
  if (!fetched.ok) return fetched;
  const entry = fetched.feed.courses.find((c) => c.id === course);
  if (!entry) return { ok: false, error: 'feed.not_listed' };
  const bundle = await fetchPartnerBundle(fetched.feed.host, entry, requester, options);
  if (!bundle.ok) return bundle;
  return { ok: true, feed: fetched.feed, entry, bytes: bundle.bytes, bundle: bundle.bundle };
}
