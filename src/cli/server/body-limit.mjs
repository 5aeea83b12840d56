// Request body caps, enforced before Astro sees a request. Plain JavaScript: loaded by
// serve.mjs (see its header).
//
// Astro's Node adapter reads a body of up to 1 GiB into memory (its default bodySizeLimit),
// and a page that calls `request.formData()` keeps it alive while it parses: one 300 MB post
// to the sign-in form left the server at 1.1 GB. Here every body is read by us, counted
// chunk by chunk, and handed to Astro as one Buffer (`req.body`, which Astro's
// createRequest prefers to the stream) only once it is complete and within its route's cap,
// so Astro never reads the socket itself and nothing past the cap is ever held.
import { readFileSync } from 'node:fs';

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * What a form post may carry unless the table below says otherwise: sign-in, quiz answers (2,000 characters each),
 * admin forms.
 */
export const DEFAULT_BODY_LIMIT = 256 * KiB;

/**
 * The routes that take more than a form: the one table of per-route caps (first match wins).
 * Add a row where an upload is expected. A row with `stream: true` is not collected into one buffer:
 * the route reads `request.body` as it arrives, each chunk counted against the cap (docs/decisions/023).
 * @type {ReadonlyArray<{ path: RegExp, bytes: number, why: string, stream?: boolean }>}
 */
export const BODY_LIMITS = [
  {
    path: /^\/(?:kk|ru|en)\/trainer\/cohorts\/[^/]+\/?$/,
    bytes: 8 * MiB,
    why: 'cohort CSV import: a file of up to 5 MB (src/lib/cohorts/actions.server.ts) in a multipart form',
  },
  {
    path: /^\/(?:kk|ru|en)\/courses\/[^/]+\/assignments\/[^/]+\/?$/,
    bytes: 10 * 20 * MiB + 1 * MiB,
    stream: true,
    why: "an assignment's draft form: up to 10 files of at most 20 MB each (src/lib/assignments), and the text",
  },
  {
    path: /^\/(?:kk|ru|en)\/grants\/proposals\/[^/]+\/files\/?$/,
    bytes: 5 * 10 * MiB + 1 * MiB,
    stream: true,
    why: "a grant proposal's file field: up to 5 files of at most 10 MB each (src/lib/grants/files.server.ts)",
  },
  {
    path: /^\/(?:(?:kk|ru|en)\/)?verify\/?$/,
    bytes: 1 * MiB,
    why: 'a pasted credential of up to 50,000 characters, percent-encoded',
  },
];

/**
 * After answering 413, the rest of the body is read and thrown away (so the connection stays
 * usable and the client, still sending, gets to read the answer instead of a reset) for at
 * most this long; then the connection is closed. nginx's lingering close does the same.
 */
const DRAIN_MS = 10_000;

/**
 * The cap for a path.
 * @param {string} pathname
 * @returns {number}
 */
export function bodyLimitFor(pathname) {
  return BODY_LIMITS.find((row) => row.path.test(pathname))?.bytes ?? DEFAULT_BODY_LIMIT;
}

/**
 * Whether a path's body is handed on as a stream rather than one buffer.
 * @param {string} pathname
 */
export function streamsBody(pathname) {
  return BODY_LIMITS.find((row) => row.path.test(pathname))?.stream === true;
}

/**
 * The body as an async iterable that fails once more than `limit` bytes came (the reader then
 * answers 413 itself); Astro's createRequest streams such a `req.body` into `request.body`.
 * @param {AsyncIterable<Buffer>} source
 * @param {number} limit
 */
export async function* countedBody(source, limit) {
  let received = 0;
  for await (const chunk of source) {
    received += chunk.length;
    if (received > limit) throw new Error(`request body over its cap of ${limit} bytes`);
    yield chunk;
  }
}

/** @type {Record<string, string>} */
const FALLBACK = { en: 'The request is too large.' };
/** @type {Record<string, string> | undefined} */
let messages;

/**
 * The 413 text in each language, read once from the UI dictionaries.
 * @param {string} root
 */
function tooLargeMessages(root) {
  if (messages) return messages;
  messages = { ...FALLBACK };
  for (const locale of ['kk', 'ru', 'en']) {
    try {
      const text = JSON.parse(readFileSync(`${root}src/lib/i18n/${locale}.json`, 'utf8'))['error.body_too_large'];
      if (typeof text === 'string') messages[locale] = text;
    } catch {
      // the English fallback stands
    }
  }
  return messages;
}

/**
 * The visitor's language: the path's locale, else the first supported one in Accept-Language.
 * @param {import('node:http').IncomingMessage} req
 * @param {string} pathname
 */
function visitorLocale(req, pathname) {
  const fromPath = /^\/(kk|ru|en)(?:\/|$)/.exec(pathname)?.[1];
  if (fromPath) return fromPath;
  const accepted = String(req.headers['accept-language'] ?? '').toLowerCase();
  for (const part of accepted.split(',')) {
    const tag = part.trim().slice(0, 2);
    if (tag === 'kk' || tag === 'ru' || tag === 'en') return tag;
  }
  return 'en';
}

/**
 * Answers 413, then discards what is still coming of the body (see DRAIN_MS).
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} pathname
 * @param {string} root
 */
function refuse(req, res, pathname, root) {
  const all = tooLargeMessages(root);
  const locale = visitorLocale(req, pathname);
  res.statusCode = 413;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Language', all[locale] ? locale : 'en');
  res.setHeader('Cache-Control', 'no-store');
  const answer = Buffer.from(`${all[locale] ?? all.en}\n`);
  res.setHeader('Content-Length', answer.length);
  if (req.complete) return void res.end(answer);
  // The whole answer goes out now, but the response ends only once the body has been read:
  // ending it earlier would let Node close a `Connection: close` socket under a client that
  // is still sending, which then sees a broken pipe instead of this answer.
  res.write(answer);
  const timer = setTimeout(() => {
    res.end();
    req.socket.destroy();
  }, DRAIN_MS);
  timer.unref();
  const finish = () => {
    clearTimeout(timer);
    res.end();
  };
  req.once('end', finish);
  req.once('close', finish);
  req.removeAllListeners('data');
  req.resume();
}

/**
 * True when a request's declared length is over its route's cap: a client that sent
 * `Expect: 100-continue` is then answered 413 without being asked for the body.
 * @param {import('node:http').IncomingMessage} req
 */
export function declaresTooMuch(req) {
  const declared = req.headers['content-length'];
  return declared !== undefined && Number(declared) > bodyLimitFor((req.url ?? '/').split('?')[0] ?? '/');
}

/**
 * Reads the request's body within its route's cap, then calls `next` with `req.body` set to
 * the whole body; answers 413 (and never calls `next`) when the body is, or grows, too large.
 * Requests without a body go straight on.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} pathname
 * @param {string} root the project root (for the dictionaries)
 * @param {() => void} next
 */
export function limitRequestBody(req, res, pathname, root, next) {
  const declared = req.headers['content-length'];
  const chunked = req.headers['transfer-encoding'] !== undefined;
  if (!chunked && (declared === undefined || declared === '0')) return next();
  const limit = bodyLimitFor(pathname);
  if (declared !== undefined && Number(declared) > limit) return refuse(req, res, pathname, root);
  if (streamsBody(pathname)) {
    Object.assign(req, { body: countedBody(req, limit) });
    return next();
  }
  /** @type {Buffer[]} */
  const chunks = [];
  let received = 0;
  let done = false;
  const onData = (chunk) => {
    received += chunk.length;
    if (received > limit) {
      done = true;
      chunks.length = 0;
      req.off('data', onData);
      refuse(req, res, pathname, root);
      return;
    }
    chunks.push(chunk);
  };
  req.on('data', onData);
  req.once('end', () => {
    if (done) return;
    done = true;
    // Astro's createRequest takes a Buffer in req.body instead of reading the stream.
    Object.assign(req, { body: Buffer.concat(chunks, received) });
    next();
  });
  req.once('error', () => {
    done = true;
    chunks.length = 0;
  });
}
