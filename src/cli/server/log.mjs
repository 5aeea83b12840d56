// The server's log (decision 051): one JSON object per line on standard output, written by
// pino, so that journalctl shows it as it is and a log shipper reads it without a parser of
// its own. Plain JavaScript: loaded by serve.mjs (see its header).
//
// Every request gets an id (answered as `X-Request-Id`; a trusted proxy's own id is kept) and
// one line when it ends: method, route (the route's pattern, e.g. `/[locale]/courses/[course]`),
// path, status, duration, the signed-in user's id. Lines written while a request runs carry
// its id too. The route and user come from the middleware (src/lib/observe/request-context.ts)
// through an AsyncLocalStorage. No secret reaches the log: no headers, no query strings, and
// the parts of a path that are keys (a calendar feed's token, an invitation code, a
// certificate code) are replaced by their name.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { format } from 'node:util';
import pino from 'pino';

/** The request being handled: `{ id, route?, params?, userId? }`. */
export const requestContext = new AsyncLocalStorage();
globalThis[Symbol.for('oqu.requestContext')] = requestContext;

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * The level from OQU_LOG_LEVEL (`info` unless set); throws naming the levels for another value.
 * @param {Record<string, string | undefined>} env
 */
export function logLevel(env = process.env) {
  const value = env.OQU_LOG_LEVEL?.trim().toLowerCase() || 'info';
  if (!LEVELS.includes(value)) throw new Error(`OQU_LOG_LEVEL is not valid: use one of ${LEVELS.join(', ')}`);
  return value;
}

/** Fields a caller might log by mistake, replaced wherever they appear two levels deep. */
const REDACTED = ['cookie', 'authorization', 'password', 'token', 'secret', 'set-cookie'].flatMap((key) => [
  key,
  `*.${key}`,
  `*.*.${key}`,
  `headers["${key}"]`,
]);

/**
 * Warnings and errors on standard error, the rest on standard output (systemd's journal takes
 * both; someone running the server by hand sees why it refused to start where they expect),
 * each line written at once, so nothing is lost when the process exits right after.
 */
function standardStreams() {
  return pino.multistream(
    [
      { level: 'trace', stream: pino.destination({ fd: 1, sync: true }) },
      { level: 'warn', stream: pino.destination({ fd: 2, sync: true }) },
    ],
    { dedupe: true },
  );
}

/**
 * A logger writing JSON lines to `destination` (standard output and error by default).
 * @param {{ level?: string, destination?: import('pino').DestinationStream }} [options]
 */
export function createLogger({ level = 'info', destination = standardStreams() } = {}) {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const store = requestContext.getStore();
        return store ? { reqId: store.id } : {};
      },
      redact: { paths: REDACTED, censor: '[redacted]' },
    },
    destination,
  );
}

/**
 * Sends `console.log/info/warn/error/debug` (the domain's messages, Astro's own errors) to the
 * logger: one JSON line each, an Error as `err` with its stack.
 * @param {import('pino').Logger} logger
 * @param {Console} [target]
 */
export function routeConsole(logger, target = console) {
  /** @param {'info' | 'warn' | 'error' | 'debug'} level */
  const to =
    (level) =>
    (...args) => {
      const err = args.find((a) => a instanceof Error);
      const rest = args.filter((a) => a !== err);
      const msg = rest.length > 0 ? format(...rest) : (err?.message ?? '');
      if (err) logger[level]({ err }, msg);
      else logger[level](msg);
    };
  target.log = to('info');
  target.info = to('info');
  target.warn = to('warn');
  target.error = to('error');
  target.debug = to('debug');
}

/** A proxy's request id we keep (nginx's `$request_id` is 32 hex digits); anything else is replaced. */
const GIVEN_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * The request's id: a trusted proxy's `X-Request-Id` when it looks like one, else a new UUID.
 * @param {import('node:http').IncomingMessage} req
 * @param {boolean} fromTrustedProxy
 */
export function requestIdFor(req, fromTrustedProxy) {
  const given = req.headers['x-request-id'];
  return fromTrustedProxy && typeof given === 'string' && GIVEN_ID.test(given) ? given : randomUUID();
}

/** Route parameters that are keys: a path shows their name instead. */
const SECRET_PARAMS = new Set(['token', 'code']);

/** The same for paths no route matched (a static file, a 404): each pattern's key part replaced. */
const SECRET_PATHS = [
  [/^\/calendar\/[^/]+/, '/calendar/[token]'],
  [/^\/(kk|ru|en)\/join\/[^/]+/, '/$1/join/[code]'],
  [/^\/verify\/[^/]+/, '/verify/[code]'],
  [/^\/certificates\/[^/.]+/, '/certificates/[code]'],
];

/**
 * The path as the log shows it: without its query, key parts replaced, at most 200 characters.
 * With the route's pattern and parameters (a rendered route), the pattern filled in.
 * @param {string} pathname the path as requested
 * @param {string | undefined} route
 * @param {Record<string, string | undefined> | undefined} params
 */
export function loggablePath(pathname, route, params) {
  if (route && params) {
    return route
      .replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (whole, name) =>
        SECRET_PARAMS.has(name) ? `[${name}]` : (params[name] ?? whole),
      )
      .slice(0, 200);
  }
  let path = pathname;
  for (const [pattern, replacement] of SECRET_PATHS) path = path.replace(pattern, replacement);
  return path.slice(0, 200);
}

/** Requests a monitor makes every few seconds: logged at `debug`, so they do not bury the rest. */
const QUIET = new Set(['/healthz', '/metrics']);

/**
 * Starts tracking a request: gives it an id (answered as `X-Request-Id`) and, once its response
 * has ended (or its connection closed first), logs one line and calls `onEnd` (the metrics).
 * Run the request's handling inside `requestContext.run(store, …)`.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {{ logger: import('pino').Logger, fromTrustedProxy: boolean,
 *   onEnd?: (store: RequestStore, status: number, seconds: number) => void }} options
 * @returns {RequestStore}
 */
export function trackRequest(req, res, { logger, fromTrustedProxy, onEnd }) {
  const started = process.hrtime.bigint();
  /** @type {RequestStore} */
  const store = { id: requestIdFor(req, fromTrustedProxy) };
  res.setHeader('X-Request-Id', store.id);
  const pathname = (req.url ?? '/').split('?')[0] ?? '/';
  res.once('close', () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const status = res.statusCode;
    const path = loggablePath(pathname, store.route, store.params);
    const line = {
      reqId: store.id,
      method: req.method,
      route: store.route ?? null,
      path,
      status,
      ms: Math.round(seconds * 10_000) / 10,
      ...(store.userId ? { userId: store.userId } : {}),
      ...(res.writableFinished ? {} : { aborted: true }),
    };
    const level = status >= 500 ? 'error' : QUIET.has(pathname) && status < 400 ? 'debug' : 'info';
    logger[level](line, `${req.method} ${path} ${status}`);
    onEnd?.(store, status, seconds);
  });
  return store;
}

/**
 * @typedef {object} RequestStore
 * @property {string} id
 * @property {string} [route] the route's pattern, set by the middleware
 * @property {Record<string, string | undefined>} [params] the route's parameters
 * @property {string} [userId] the signed-in user
 */
