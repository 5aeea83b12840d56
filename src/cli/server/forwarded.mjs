// The client's real address and the public scheme and host, when a trusted reverse proxy
// stands in front of the server. Plain JavaScript: loaded by serve.mjs (see its header).
//
// TRUSTED_PROXIES (comma-separated addresses or CIDR ranges, empty by default) names the
// proxies whose X-Forwarded-For, -Proto and -Host headers count. From any other peer the
// headers are removed before Astro sees them, so nobody can choose their own address (the
// per-address limits and the audit log use it) by sending one. See
// docs/decisions/011-trusted-proxies.md.
import { BlockList, isIP } from 'node:net';

const FORWARDED_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-real-ip',
];
/** A host name or address with an optional port, and nothing that could bend a URL. */
const HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export class TrustedProxiesError extends Error {}

/**
 * Parses TRUSTED_PROXIES into a BlockList; throws a TrustedProxiesError naming the bad entry.
 * @param {string | undefined} value
 * @returns {{ list: BlockList, entries: string[] }}
 */
export function parseTrustedProxies(value) {
  const list = new BlockList();
  const entries = (value ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    const bits = prefix === undefined ? max : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
    if (family === 0 || extra !== undefined || !(bits >= 0 && bits <= max)) {
      throw new TrustedProxiesError(
        `"${entry}" is not an IP address or CIDR range (examples: 127.0.0.1, 10.0.0.0/24, ::1)`,
      );
    }
    if (bits === 0)
      throw new TrustedProxiesError(
        `"${entry}" would trust every address, so anyone could choose their own: name only your proxies`,
      );
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === max) list.addAddress(address, type);
    else list.addSubnet(address, bits, type);
  }
  return { list, entries };
}

/**
 * Reads TRUSTED_PROXIES once, at start-up; a bad value stops the server with a message that
 * says how to fix it.
 * @returns {BlockList | null} null when no proxy is trusted
 */
function loadTrustedProxies() {
  try {
    const { list, entries } = parseTrustedProxies(process.env.TRUSTED_PROXIES);
    return entries.length > 0 ? list : null;
  } catch (error) {
    if (!(error instanceof TrustedProxiesError)) throw error;
    console.error(
      `TRUSTED_PROXIES is not valid: ${error.message}.\nSet it to the addresses of your reverse proxies, ` +
        `comma-separated, or leave it empty (see README, "Hosting a copy", step 3).`,
    );
    process.exit(1);
  }
}

const trusted = loadTrustedProxies();

/**
 * An address as written in a socket or an X-Forwarded-For entry, in plain form
 * ("::ffff:10.0.0.1" → "10.0.0.1", "[::1]:80" → "::1", "10.0.0.1:5000" → "10.0.0.1"), or
 * null when it is not an address.
 * @param {string | undefined} raw
 * @returns {string | null}
 */
export function plainAddress(raw) {
  if (!raw) return null;
  let address = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1] ?? '';
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.indexOf(':'));
  if (/^::ffff:[\d.]+$/i.test(address)) address = address.slice(7);
  return isIP(address) ? address : null;
}

/**
 * @param {BlockList} list
 * @param {string} address a plain address
 */
function isTrusted(list, address) {
  return list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
}

/**
 * True when the request's peer is one of the trusted proxies (call it before normaliseForwarded,
 * which replaces the peer by the client).
 * @param {import('node:http').IncomingMessage} req
 * @param {BlockList | null} [list]
 */
export function fromTrustedProxy(req, list = trusted) {
  const peer = plainAddress(req.socket?.remoteAddress);
  return Boolean(list && peer && isTrusted(list, peer));
}

/**
 * The client behind a trusted peer: walking X-Forwarded-For from the right (each proxy
 * appends the address it saw), the first address that is not a trusted proxy. Entries to its
 * left were written by the client and are never believed. An entry that is not an address
 * ends the walk at the last proxy that wrote a good one.
 * @param {BlockList} list
 * @param {string} peer the trusted peer's plain address
 * @param {string | undefined} header X-Forwarded-For (repeated headers joined by commas)
 * @returns {string}
 */
export function clientFromForwardedFor(list, peer, header) {
  let client = peer;
  const hops = (header ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = plainAddress(hops[i]);
    if (!hop) break;
    client = hop;
    if (!isTrusted(list, hop)) break;
  }
  return client;
}

/**
 * The last value of a comma-separated forwarded header: the one our own proxy wrote (earlier
 * values may come from the client).
 * @param {string | string[] | undefined} value
 */
function lastValue(value) {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return text
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .pop()
    ?.toLowerCase();
}

/** Peers already told about (bounded), so a stray header is logged once, not per request. */
const warned = new Set();

/** @param {string} peer */
function warnIgnored(peer) {
  if (warned.has(peer) || warned.size >= 20) return;
  warned.add(peer);
  console.warn(
    `Ignored X-Forwarded-* headers from ${peer}: it is not in TRUSTED_PROXIES. If it is your reverse proxy, add it ` +
      `(see README, "Hosting a copy", step 3); until then forms posted through it are refused as cross-site.`,
  );
}

/**
 * The request's socket as Astro's node adapter reads it (`remoteAddress` becomes
 * `clientAddress`, `encrypted` the URL's scheme), with both replaced for this request only:
 * the real socket is shared by every request on a kept-alive connection.
 * @param {import('node:net').Socket} socket
 * @param {string} client
 * @param {boolean | undefined} https undefined keeps the socket's own
 */
function socketAsSeenByProxy(socket, client, https) {
  return new Proxy(socket, {
    get(target, property) {
      if (property === 'remoteAddress') return client;
      if (property === 'encrypted' && https !== undefined) return https;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    has(target, property) {
      // Astro asks `'encrypted' in socket` before reading it.
      return (property === 'encrypted' && https !== undefined) || Reflect.has(target, property);
    },
    set(target, property, value) {
      return Reflect.set(target, property, value, target);
    },
  });
}

/**
 * Rewrites the request before Astro sees it, so that `clientAddress`, `Astro.url` and the
 * origin checks describe the visitor, not the proxy. From a trusted proxy: the client address
 * from X-Forwarded-For, the scheme from X-Forwarded-Proto, the host from X-Forwarded-Host
 * (else the Host header the proxy passed on). The forwarded headers are then removed, from
 * every peer, so nothing after this point can read a value a client chose.
 * @param {import('node:http').IncomingMessage} req
 * @param {BlockList | null} [list] the trusted proxies (TRUSTED_PROXIES by default)
 */
export function normaliseForwarded(req, list = trusted) {
  const headers = req.headers;
  if (!FORWARDED_HEADERS.some((name) => name in headers)) return;
  const peer = plainAddress(req.socket?.remoteAddress);
  if (list && peer && isTrusted(list, peer)) {
    const forwardedFor = headers['x-forwarded-for'];
    const client = clientFromForwardedFor(
      list,
      peer,
      Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor,
    );
    const proto = lastValue(headers['x-forwarded-proto']);
    const host = lastValue(headers['x-forwarded-host']);
    if (host && HOST.test(host)) headers.host = host;
    const https = proto === 'https' ? true : proto === 'http' ? false : undefined;
    req.socket = socketAsSeenByProxy(req.socket, client, https);
  } else if (peer && (headers['x-forwarded-for'] || headers['x-forwarded-proto'])) {
    warnIgnored(peer);
  }
  for (const name of FORWARDED_HEADERS) delete headers[name];
}
