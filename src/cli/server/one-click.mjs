// One-click unsubscribe (RFC 8058) for discussion e-mails: a mail provider POSTs
// `List-Unsubscribe=One-Click` to the link in a message's `List-Unsubscribe` header, from its own
// servers, with no Origin header. Astro's origin check refuses a form post without a matching
// Origin (403), which would break every such unsubscribe. The unsubscribe page needs no session
// (the link’s signed token is the proof, decisions 038 and 039), so for that one path, when no browser
// header is present, the request loses its cookies and its form content type: Astro lets it
// through, and nothing of a signed-in visitor can be used by it. Plain JavaScript: serve.mjs
// runs it before Astro.

const UNSUBSCRIBE = /^\/(?:kk|ru|en)\/discussions\/unsubscribe$/;

/**
 * Marks a mail client's one-click unsubscribe POST so that Astro's origin check admits it.
 * @param {import('node:http').IncomingMessage} req
 * @returns {boolean} whether the request was a one-click unsubscribe
 */
export function admitOneClickUnsubscribe(req) {
  if (req.method !== 'POST') return false;
  const pathname = (req.url ?? '/').split('?')[0] ?? '/';
  if (!UNSUBSCRIBE.test(pathname)) return false;
  // A browser's own post (the page's button) carries these and passes the usual checks.
  if (req.headers.origin || req.headers['sec-fetch-site']) return false;
  delete req.headers.cookie;
  req.headers['content-type'] = 'application/octet-stream';
  return true;
}
