// Headers that depend on the path served, added after the site-wide security headers.
// Plain JavaScript: loaded by serve.mjs (see its header).

/**
 * Extra or overriding headers for a path (e.g. course assets), or an empty object.
 * @param {string} pathname
 * @returns {Record<string, string>}
 */
export function headersForPath(pathname) {
  void pathname;
  return {};
}
