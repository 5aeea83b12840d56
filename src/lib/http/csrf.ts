/**
 * Cross-site request checks for state-changing requests. Astro's `security.checkOrigin`
 * already refuses cross-site form posts; this covers every other body (JSON, fetch) the
 * same way: a browser's `Sec-Fetch-Site` must say same-origin (or none: typed by the user),
 * else an `Origin` header must match the site. Behind a proxy in TRUSTED_PROXIES the request
 * URL is already the public one (https://…, see src/cli/server/forwarded.mjs), so both checks
 * compare with the address the browser used; from any other peer forwarded headers are gone.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isCrossSiteRequest(request: Request): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const site = request.headers.get('sec-fetch-site');
  if (site) return site !== 'same-origin' && site !== 'none';
  const origin = request.headers.get('origin');
  if (origin) return origin !== new URL(request.url).origin;
  return false;
}
