/**
 * Security headers for every response, static or rendered. The policy allows only this
 * site's own scripts, styles and images (no inline script at all), the fixed style of the
 * video stand-in frame by its hash, and the two video players' frames (which load only when
 * a reader presses play).
 */
import { createHash } from 'node:crypto';
import { VIDEO_FRAME_STYLE } from '../../components/mdx/video-frame.ts';

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

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

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
  return target;
}
