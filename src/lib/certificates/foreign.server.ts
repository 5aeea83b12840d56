/**
 * Checking a credential pasted on the verify page, whichever Oqu host issued it: the key comes
 * from the issuing host's published JWKS (this host's own keys need no request), the host
 * must be this one or on the configured trust list, and the credential's status list tells
 * whether it was revoked.
 */
import { decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import { isRevoked, verifyCredentialJwt, type RevocationList, type VerifyFailure } from './verify.ts';
import type { OpenBadgeCredential } from './credential.ts';

export type ForeignVerdict =
  | { state: 'valid' | 'revoked'; host: string; credential: OpenBadgeCredential }
  | { state: 'untrusted'; host: string }
  | { state: 'invalid'; reason: VerifyFailure | 'unreachable' | 'wrong-host'; host?: string };

export interface ForeignCheck {
  ownBaseUrl: string;
  ownKeys: JSONWebKeySet;
  trustedHosts: readonly string[];
  /** Status of one of this host's own credentials, from the database. */
  ownStatus: (credentialId: string) => Promise<RevocationList | null>;
  fetch?: typeof fetch;
  now?: Date;
}

async function fetchJson<T>(url: string, fetcher: typeof fetch): Promise<T | null> {
  try {
    const res = await fetcher(url, { signal: AbortSignal.timeout(5000), redirect: 'error', headers: { Accept: 'application/json' } });
    if (!res.ok) return null;
    const text = await res.text();
    return text.length > 200_000 ? null : (JSON.parse(text) as T);
  } catch {
    return null;
  }
}

function hostOf(jwt: string): string | null {
  try {
    const { kid } = decodeProtectedHeader(jwt);
    return kid ? new URL(kid).origin : null;
  } catch {
    return null;
  }
}

export async function verifyAnyCredential(jwt: string, check: ForeignCheck): Promise<ForeignVerdict> {
  const fetcher = check.fetch ?? fetch;
  const token = jwt.trim();
  const host = hostOf(token);
  if (!host) return { state: 'invalid', reason: 'malformed' };
  const own = new URL(check.ownBaseUrl).origin;
  const trusted = host === own || check.trustedHosts.some((h) => new URL(h).origin === host);
  if (!trusted) return { state: 'untrusted', host };
  const jwks = host === own ? check.ownKeys : await fetchJson<JSONWebKeySet>(`${host}/.well-known/jwks.json`, fetcher);
  if (!jwks) return { state: 'invalid', reason: 'unreachable', host };
  const result = await verifyCredentialJwt(token, jwks, { currentDate: check.now });
  if (!result.valid) return { state: 'invalid', reason: result.reason, host };
  const credential = result.credential;
  if (new URL(credential.id).origin !== host || new URL(credential.issuer.id).origin !== host) return { state: 'invalid', reason: 'wrong-host', host };
  const statusUrl = credential.credentialStatus?.id;
  const status = host === own ? await check.ownStatus(credential.id) : statusUrl && new URL(statusUrl).origin === host ? await fetchJson<RevocationList>(statusUrl, fetcher) : null;
  if (!status) return { state: 'invalid', reason: 'unreachable', host };
  return { state: isRevoked(status, credential.id) ? 'revoked' : 'valid', host, credential };
}
