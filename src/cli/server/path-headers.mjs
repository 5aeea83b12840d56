// Headers that depend on the path served, added after the site-wide security headers.
// Plain JavaScript: loaded by serve.mjs (see its header).
import { assetResponseHeaders } from '#lib/courses/asset-types.mjs';

/** Where course assets are served (src/pages/course-assets/); `oqu nginx-config` reads it too. */
export const COURSE_ASSETS = '/course-assets/';

/**
 * Extra or overriding headers for a path, or an empty object. Course assets come from course
 * folders (some imported from other hosts), so each is served with its checked type, as a
 * download unless it is a raster image or media, never sniffed, and under a policy that lets
 * it run nothing (docs/decisions/010-imported-courses-are-content.md).
 * @param {string} pathname
 * @returns {Record<string, string>}
 */
export function headersForPath(pathname) {
  if (!pathname.startsWith(COURSE_ASSETS)) return {};
  let decoded = pathname;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    // A malformed escape: the static handler answers 400 or 404; the headers stay strict.
  }
  return assetResponseHeaders(decoded.replace(/\/+$/, ''));
}
