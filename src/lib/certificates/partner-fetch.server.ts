/**
 * Reading a partner host's published JSON (its key set, a credential's status list) without
 * trusting its size or speed: a trusted partner can still be hacked or broken, and one that
 * answered 400 MB took the server to 2 GB. So the body is streamed with a byte cap (refused the
 * moment it passes, before it is buffered), the whole exchange has a deadline, redirects are
 * refused, and answers (good or failed) are kept for a while, so repeated checks of the same
 * partner cost no request and concurrent ones share a single request.
 */
import { LRUCache } from 'lru-cache';

/** 256 KiB: a key set with dozens of RSA keys is ~30 KB, a one-credential status list < 1 KB. */
export const PARTNER_MAX_BYTES = 256 * 1024;
/** The deadline for connecting, the headers and the whole body together. */
export const PARTNER_TIMEOUT_MS = 5_000;

export interface PartnerFetchOptions {
  maxBytes?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** What a partner answered: its body as text, or the status of a refusal (404, 410…). */
export type PartnerAnswer = { text: string } | { status: number };

/** What a partner answered, as bytes: the body, a non-2xx status, or that the body passed the cap. */
export type PartnerBytes = { bytes: Buffer } | { status: number } | { tooBig: true };

/**
 * The body at `url`, the status when the host answers non-2xx, or `tooBig` the moment it passes
 * `maxBytes` (announced or sent); null when it fails, is slow or redirects. Never throws.
 */
export async function fetchPartnerBytes(
  url: string,
  options: PartnerFetchOptions & { accept?: string; authorization?: string } = {},
): Promise<PartnerBytes | null> {
  const maxBytes = options.maxBytes ?? PARTNER_MAX_BYTES;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? PARTNER_TIMEOUT_MS);
  try {
    const res = await (options.fetch ?? fetch)(url, {
      signal: controller.signal,
      redirect: 'error',
      headers: {
        Accept: options.accept ?? 'application/json',
        ...(options.authorization ? { Authorization: options.authorization } : {}),
      },
    });
    if (!res.ok) return { status: res.status };
    if (!res.body) return null;
    if (Number(res.headers.get('content-length') ?? 0) > maxBytes) return { tooBig: true };
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += chunk.byteLength;
      if (size > maxBytes) return { tooBig: true };
      chunks.push(chunk);
    }
    return { bytes: Buffer.concat(chunks, size) };
  } catch {
    return null;
  } finally {
    // Ends the request too when we stopped reading early (over the cap).
    controller.abort();
    clearTimeout(timer);
  }
}

/**
 * The body at `url` as text, or the status when the host answers non-2xx; null when it fails, is
 * slow, redirects or sends more than `maxBytes`. Never throws.
 */
export async function fetchPartnerText(
  url: string,
  options: PartnerFetchOptions & { accept?: string } = {},
): Promise<PartnerAnswer | null> {
  const answer = await fetchPartnerBytes(url, options);
  if (!answer || 'tooBig' in answer) return null;
  return 'status' in answer ? answer : { text: answer.bytes.toString('utf8') };
}

/**
 * The parsed JSON at `url`, or null when the host fails, is slow, redirects, answers non-2xx,
 * sends more than `maxBytes` or sends something that is not JSON. Never throws.
 */
export async function fetchPartnerJson(url: string, options: PartnerFetchOptions = {}): Promise<unknown> {
  const answer = await fetchPartnerText(url, options);
  if (!answer || !('text' in answer)) return null;
  try {
    return JSON.parse(answer.text);
  } catch {
    return null;
  }
}

/** A partner answer as kept in the cache: `value` is null when the fetch failed. */
interface Cached {
  value: unknown;
}

export interface PartnerCacheOptions extends PartnerFetchOptions {
  /** How long a key set is kept (keys change rarely: rotation keeps old ones published). */
  keysTtlMs?: number;
  /** How long a status list is kept: a revocation shows here at most this late. */
  statusTtlMs?: number;
  /** How long a failure is kept, so a broken partner is not asked again on every check. */
  failureTtlMs?: number;
}

export interface PartnerCache {
  /** A partner's key set (`kind: 'keys'`) or status list (`kind: 'status'`), from cache or fetched. */
  get: (url: string, kind: 'keys' | 'status') => Promise<unknown>;
}

/**
 * A bounded cache of partner answers: at most 4 MiB of JSON (counted as its serialised size)
 * and 500 entries, each kept for its TTL; concurrent misses for one URL make one request.
 */
export function createPartnerCache(options: PartnerCacheOptions = {}): PartnerCache {
  const ttl = {
    keys: options.keysTtlMs ?? 10 * 60_000,
    status: options.statusTtlMs ?? 60_000,
    failure: options.failureTtlMs ?? 60_000,
  };
  const cache = new LRUCache<string, Cached, 'keys' | 'status'>({
    max: 500,
    ttl: ttl.status,
    maxSize: 4 * 1024 * 1024,
    sizeCalculation: (entry) => Math.max(1, JSON.stringify(entry.value)?.length ?? 1),
    fetchMethod: async (key, _stale, { context, options: entry }) => {
      const value = await fetchPartnerJson(key.slice(key.indexOf(' ') + 1), options);
      const ms = value === null ? ttl.failure : ttl[context];
      // A TTL of 0 would mean "keep forever" to lru-cache; here it means "do not keep".
      entry.ttl = Math.max(1, ms);
      return { value };
    },
  });
  return {
    get: async (url, kind) => (await cache.fetch(`${kind} ${url}`, { context: kind }))?.value ?? null,
  };
}
