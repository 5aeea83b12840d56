/**
 * Serving a course bundle (decision 060): only to a host in this host's `trustedHosts` that proves
 * who it is with a bundle request token (bundle-request.ts), checked against the key set it
 * publishes, fetched through partner-fetch (deadline, byte cap, no redirects) and kept a minute.
 * The keys of a host that is not trusted are never fetched, so a stranger cannot make this host
 * call anywhere. Counted per client address before anything else, like the other public routes.
 */
import type { JSONWebKeySet } from 'jose';
import type { Database } from '#db/client.ts';
import { jwksShape } from '#lib/certificates/foreign.server.ts';
import { createPartnerCache, type PartnerCache } from '#lib/certificates/partner-fetch.server.ts';
import { isTrustedHost } from '#lib/certificates/urls.ts';
import { addressSubject, type RateLimitRule } from '#lib/rate-limits/rate-limit.ts';
import { consumeRateLimits } from '#lib/rate-limits/rate-limit.server.ts';
import type { Result } from '#lib/result.ts';
import { bearerToken, claimedRequester, verifyBundleRequest } from './bundle-request.ts';
import { sharedBundle, type FeedHost } from './publish.server.ts';

/**
 * Bundle requests per client address: a partner's admin previews and installs a course with two
 * downloads; a host following dozens of courses stays far below it, a guesser does not.
 */
export const BUNDLE_REQUEST_LIMIT = {
  name: 'course-bundle-ip',
  limit: 60,
  windowMs: 15 * 60_000,
} as const satisfies RateLimitRule;

/** Why a bundle is not given: no token (401), a token that does not check (401), a host not trusted (403). */
export type BundleRefusal =
  | 'feed.bundle_no_token'
  | 'feed.bundle_bad_token'
  | 'feed.bundle_keys_unreachable'
  | 'feed.bundle_untrusted'
  | 'feed.bundle_limited'
  | 'feed.bundle_not_shared';

/** What serving needs of the site configuration. */
export interface BundleHost extends FeedHost {
  trustedHosts: readonly string[];
}

export interface BundleAsk {
  course: string;
  /** The request's `Authorization` header. */
  authorization: string | null;
  /** The client's address, for the per-address limit. */
  ip: string | null | undefined;
}

export interface BundleAccessOptions {
  projectRoot?: string;
  /** How long the list of shared courses is kept (publish.server.ts). */
  ttlMs?: number;
  /** Where partners' key sets are kept; one per process by default (a minute each). */
  cache?: PartnerCache;
  now?: Date;
}

let processCache: PartnerCache | undefined;

/** The bundle of `ask.course` for a trusted partner host that proved who it is, or why not. */
export async function partnerBundle(
  db: Database,
  host: BundleHost,
  ask: BundleAsk,
  options: BundleAccessOptions = {},
): Promise<Result<{ bytes: Buffer }, BundleRefusal>> {
  const admitted = await consumeRateLimits(db, [[BUNDLE_REQUEST_LIMIT, addressSubject(ask.ip)]], options.now);
  if (!admitted.allowed)
    return { ok: false, error: 'feed.bundle_limited', retryAfterSeconds: admitted.retryAfterSeconds };
  const token = bearerToken(ask.authorization);
  if (!token) return { ok: false, error: 'feed.bundle_no_token' };
  const requester = claimedRequester(token);
  if (!requester) return { ok: false, error: 'feed.bundle_bad_token' };
  if (!isTrustedHost(host.trustedHosts, requester)) return { ok: false, error: 'feed.bundle_untrusted' };
  const cache = options.cache ?? (processCache ??= createPartnerCache({ keysTtlMs: 60_000, failureTtlMs: 15_000 }));
  const jwks = jwksShape.safeParse(await cache.get(`${requester}/.well-known/jwks.json`, 'keys'));
  if (!jwks.success) return { ok: false, error: 'feed.bundle_keys_unreachable' };
  const expected = { requester, audience: host.baseUrl, course: ask.course, now: options.now };
  if (!(await verifyBundleRequest(token, jwks.data as JSONWebKeySet, expected)))
    return { ok: false, error: 'feed.bundle_bad_token' };
  const bytes = await sharedBundle(host, ask.course, { projectRoot: options.projectRoot, ttlMs: options.ttlMs });
  return bytes ? { ok: true, bytes } : { ok: false, error: 'feed.bundle_not_shared' };
}
