/**
 * Checking a credential pasted on the verify page, whichever Oqu host issued it: the key comes
 * from the issuing host's published JWKS (this host's own keys need no request), the host
 * must be this one or on the configured trust list, and the credential's status list tells
 * whether it was revoked. The status list must sit on the issuer's own host and name that
 * issuer and itself, so one partner cannot vouch for another's credentials.
 *
 * A partner is reached only through partner-fetch.server.ts (byte cap, deadline, cache), and
 * only after `admit` (the per-address limit) allows it.
 */
import { z } from 'zod';
import { decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import type { RateLimitRule, RateLimitVerdict } from '#lib/rate-limits/rate-limit.ts';
import type { OpenBadgeCredential } from './credential.ts';
import { createPartnerCache, type PartnerCache } from './partner-fetch.server.ts';
import { isTrustedHost, originOf } from './urls.ts';
import { revocationDetails, verifyCredentialJwt, type RevocationList, type VerifyFailure } from './verify.ts';

/**
 * Checks of credentials from partner hosts, per client address: each may cost two requests to
 * a partner (three for a pasted link, pasted.server.ts), so a stranger cannot make this server
 * fetch without end. An employer checking a
 * handful of applicants stays far below it.
 */
export const FOREIGN_CHECK_LIMIT = {
  name: 'verify-foreign-ip',
  limit: 30,
  windowMs: 15 * 60_000,
} as const satisfies RateLimitRule;

export type ForeignFailure = VerifyFailure | 'unreachable' | 'wrong-host' | 'wrong-status';

export type ForeignVerdict =
  | { state: 'valid'; host: string; credential: OpenBadgeCredential }
  /** Revoked: the issuer's reason and date, when its status list gives them. */
  | { state: 'revoked'; host: string; credential: OpenBadgeCredential; reason?: string; revokedAt?: Date }
  | { state: 'untrusted'; host: string }
  | { state: 'limited'; retryAfterSeconds: number }
  | { state: 'invalid'; reason: ForeignFailure; host?: string };

export interface ForeignCheck {
  ownBaseUrl: string;
  /** Addresses this host issued credentials under before a move (decision 025). */
  ownFormerBaseUrls?: readonly string[];
  /** This host's keys, listed under its current and former addresses (`publicJwks`). */
  ownKeys: JSONWebKeySet;
  trustedHosts: readonly string[];
  /** Status of one of this host's own credentials, from the database. */
  ownStatus: (credentialId: string) => Promise<RevocationList | null>;
  /** Called once before a partner host is asked anything: the per-address limit. */
  admit?: () => Promise<RateLimitVerdict>;
  /** Where partner answers are kept; one per process by default. */
  cache?: PartnerCache;
  now?: Date;
}

/** A published key set, as much of it as is read: at most 100 keys. */
export const jwksShape = z.object({ keys: z.array(z.record(z.string(), z.unknown())).max(100) });
const statusShape = z.object({
  id: z.string(),
  issuer: z.string(),
  revokedCredential: z.array(
    z.object({ id: z.string(), revocationReason: z.string().optional(), revocationDate: z.string().optional() }),
  ),
});

let processCache: PartnerCache | undefined;

function hostOf(jwt: string): string | null {
  try {
    const { kid } = decodeProtectedHeader(jwt);
    return kid ? new URL(kid).origin : null;
  } catch {
    return null;
  }
}

export async function verifyAnyCredential(jwt: string, check: ForeignCheck): Promise<ForeignVerdict> {
  const token = jwt.trim();
  const host = hostOf(token);
  if (!host) return { state: 'invalid', reason: 'malformed' };
  const own = [check.ownBaseUrl, ...(check.ownFormerBaseUrls ?? [])].map(originOf);
  if (own.includes(host)) return verifyOwn(token, host, check);
  const trusted = isTrustedHost(check.trustedHosts, host);
  if (!trusted && check.trustedHosts.length === 0) return { state: 'untrusted', host };
  const admitted = (await check.admit?.()) ?? { allowed: true };
  if (!admitted.allowed) return { state: 'limited', retryAfterSeconds: admitted.retryAfterSeconds };
  const cache = check.cache ?? (processCache ??= createPartnerCache());
  const partner = trusted ? host : await movedPartner(host, check.trustedHosts, cache);
  if (!partner) return { state: 'untrusted', host };
  const jwks = jwksShape.safeParse(await cache.get(`${partner}/.well-known/jwks.json`, 'keys'));
  if (!jwks.success) return { state: 'invalid', reason: 'unreachable', host };
  const result = await verifyCredentialJwt(token, jwks.data as JSONWebKeySet, { currentDate: check.now });
  if (!result.valid) return { state: 'invalid', reason: result.reason, host };
  const credential = result.credential;
  if (originOf(credential.id) !== host || originOf(credential.issuer.id) !== host)
    return { state: 'invalid', reason: 'wrong-host', host };
  if (originOf(credential.credentialStatus.id) !== host) return { state: 'invalid', reason: 'wrong-host', host };
  // A moved partner answers for its former address at its current one: same paths, new origin.
  const moved = (url: string) => (partner === host ? url : `${partner}${url.slice(host.length)}`);
  const statusUrl = moved(credential.credentialStatus.id);
  const fetched = await cache.get(statusUrl, 'status');
  if (fetched === null) return { state: 'invalid', reason: 'unreachable', host };
  const status = statusShape.safeParse(fetched);
  if (!status.success || status.data.id !== statusUrl || status.data.issuer !== moved(credential.issuer.id))
    return { state: 'invalid', reason: 'wrong-status', host };
  return statusVerdict(status.data, host, credential, moved(credential.id));
}

/**
 * The trusted host that now answers for `former`, an address it issued credentials under before
 * a move: its own key set lists its keys under that address too (only it controls its key set),
 * so trusting a host covers its earlier addresses. Null when no trusted host claims it.
 */
async function movedPartner(
  former: string,
  trustedHosts: readonly string[],
  cache: PartnerCache,
): Promise<string | null> {
  for (const trusted of trustedHosts) {
    const origin = originOf(trusted);
    if (!origin) continue;
    const jwks = jwksShape.safeParse(await cache.get(`${origin}/.well-known/jwks.json`, 'keys'));
    if (jwks.success && jwks.data.keys.some((key) => typeof key.kid === 'string' && originOf(key.kid) === former))
      return origin;
  }
  return null;
}

/** One of this host's own credentials: its keys and status are at hand, no request needed. */
async function verifyOwn(token: string, host: string, check: ForeignCheck): Promise<ForeignVerdict> {
  const result = await verifyCredentialJwt(token, check.ownKeys, { currentDate: check.now });
  if (!result.valid) return { state: 'invalid', reason: result.reason, host };
  const credential = result.credential;
  if (originOf(credential.id) !== host || originOf(credential.issuer.id) !== host)
    return { state: 'invalid', reason: 'wrong-host', host };
  const status = await check.ownStatus(credential.id);
  if (!status) return { state: 'invalid', reason: 'unreachable', host };
  return statusVerdict(status, host, credential);
}

/** Valid, or revoked with the list's reason and date; `listedAs` is the id the list names it by. */
function statusVerdict(
  status: RevocationList,
  host: string,
  credential: OpenBadgeCredential,
  listedAs = credential.id,
): ForeignVerdict {
  const revoked = revocationDetails(status, listedAs);
  return revoked ? { state: 'revoked', host, credential, ...revoked } : { state: 'valid', host, credential };
}
