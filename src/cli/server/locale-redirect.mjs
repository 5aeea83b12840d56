// A link into a language this copy does not offer (`/en/courses/x` on a kk/ru site: an old
// bookmark, a shared link, another host's page) is sent to the same page in the visitor's best
// offered language, instead of a 404 in a language the partner never chose. Plain JavaScript:
// serve.mjs runs it before Astro, for prerendered and server-rendered pages alike.

/** The languages Oqu ships with (src/lib/i18n/locales.ts). */
const OQU_LOCALES = ['kk', 'ru', 'en'];

/**
 * The visitor's preferred language among `enabled` (Accept-Language, highest q first), else
 * `fallback`.
 * @param {string | undefined} header
 * @param {readonly string[]} enabled
 * @param {string} fallback
 */
function preferred(header, enabled, fallback) {
  const ranked = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.split('=')[1] ?? 1);
      return { lang: tag.split('-')[0], q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((e) => e.q > 0 && enabled.includes(e.lang ?? ''))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.lang ?? fallback;
}

/**
 * Where to send a GET or HEAD for a page in a language Oqu knows but this copy does not
 * offer, or null to answer it as usual.
 * @param {{ method?: string, url?: string, headers: Record<string, string | string[] | undefined> }} req
 * @param {{ enabled: readonly string[], default: string }} locales the site's `locales`
 * @returns {string | null}
 */
export function offeredLanguageRedirect(req, locales) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return null;
  const match = /^\/([a-z]{2})(\/.*)?$/.exec((req.url ?? '/').split('?')[0] ?? '/');
  const segment = match?.[1];
  if (!segment || !OQU_LOCALES.includes(segment) || locales.enabled.includes(segment)) return null;
  const header = req.headers['accept-language'];
  const to = preferred(Array.isArray(header) ? header.join(',') : header, locales.enabled, locales.default);
  return `/${to}${(req.url ?? '').slice(segment.length + 1)}`;
}
