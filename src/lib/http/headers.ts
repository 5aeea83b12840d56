/**
 * Security headers for every response, static or rendered. The policy allows only this
 * site's own scripts, styles and images (no inline script at all), the fixed style of the
 * video stand-in frame by its hash, and the two video players' frames (which load only when
 * a reader presses play).
 */
import { createHash } from 'node:crypto';
import { VIDEO_FRAME_STYLE } from './video-frame.ts';

const videoFrameStyleHash = `'sha256-${createHash('sha256').update(VIDEO_FRAME_STYLE).digest('base64')}'`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // Pagefind's search index runs as WebAssembly.
  "script-src 'self' 'wasm-unsafe-eval'",
  `style-src 'self' ${videoFrameStyleHash}`,
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  'frame-src https://www.youtube-nocookie.com https://player.vimeo.com',
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'self'",
  "object-src 'none'",
].join('; ');

/**
 * Browser features no page of the site uses, turned off for the site and every frame in it
 * (a course's content included). Autoplay, fullscreen and picture-in-picture stay on for the
 * video players. Only features Chromium knows: an unknown one is an error in its console.
 */
export const PERMISSIONS_POLICY = [
  'accelerometer',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'idle-detection',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'usb',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

/**
 * HSTS for a site served over HTTPS: a year (the preload list's minimum) and sub-domains, but
 * not `preload`, which is hard to undo and the operator's own choice.
 */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': PERMISSIONS_POLICY,
};

/**
 * The headers for every response of a site whose public address is `baseUrl`: with HSTS when
 * that address is HTTPS (browsers ignore it over plain HTTP, and a copy tried out on
 * http://localhost must not pin anything). Written at build time to
 * dist/server/security-headers.json, which the server adds to every response.
 */
export function securityHeadersFor(baseUrl: string): Record<string, string> {
  const https = new URL(baseUrl).protocol === 'https:';
  return https
    ? { ...SECURITY_HEADERS, 'Strict-Transport-Security': STRICT_TRANSPORT_SECURITY }
    : { ...SECURITY_HEADERS };
}

/** The response with the security headers added (copied first when its headers are immutable). */
export function withSecurityHeaders(response: Response): Response {
  let target = response;
  try {
    response.headers.set('X-Content-Type-Options', 'nosniff');
  } catch {
    target = new Response(response.body, response);
  }
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    if (!target.headers.has(name)) target.headers.set(name, value);
  }
  // Astro renders pages as bare `text/html`; without a charset a browser may guess one.
  const type = target.headers.get('Content-Type');
  if (type && /^text\/html\b/i.test(type) && !/charset=/i.test(type))
    target.headers.set('Content-Type', `${type}; charset=utf-8`);
  return target;
}
