// The server's metrics in the Prometheus text format (decision 051), kept by prom-client in the
// server process. Plain JavaScript: loaded by serve.mjs (see its header).
//
// Requests are counted by method, route pattern and status as the log line is written
// (server/log.mjs); the rendering side reports quiz submissions, certificates, sign-in failures
// and database statement times through the recorder published on `globalThis`
// (src/lib/observe/metrics.ts, db/client.ts). Node's own figures (memory, event-loop
// delay, garbage collection) come from prom-client's default metrics.
//
// Where they are served (both may be set; neither: no metrics endpoint):
//   OQU_METRICS_PORT   a listener of its own, on OQU_METRICS_HOST (127.0.0.1 unless set)
//   OQU_METRICS_TOKEN  GET /metrics on the site itself with `Authorization: Bearer <token>`
import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const STATEMENT_SECONDS = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/** The route label of a request no route rendered. */
function unroutedLabel(status) {
  return status >= 400 ? '(unmatched)' : '(static)';
}

/**
 * The registry with Oqu's metrics, and the recorder the rendering side calls (published on
 * `globalThis[Symbol.for('oqu.metrics')]`).
 */
export function createMetrics() {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'oqu_http_requests_total',
    help: 'Requests answered, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    registers,
  });
  const duration = new Histogram({
    name: 'oqu_http_request_duration_seconds',
    help: 'Time from the request to the end of its answer, by method and route pattern.',
    labelNames: ['method', 'route'],
    buckets: SECONDS,
    registers,
  });
  const statements = new Histogram({
    name: 'oqu_db_statement_duration_seconds',
    help: 'Time of each database call (a statement, or a batch run as one transaction).',
    labelNames: ['kind'],
    buckets: STATEMENT_SECONDS,
    registers,
  });
  const quiz = new Counter({
    name: 'oqu_quiz_submissions_total',
    help: 'Quiz attempts stored (a retried submission is not counted again), by result.',
    labelNames: ['result'],
    registers,
  });
  const certificates = new Counter({
    name: 'oqu_certificates_issued_total',
    help: 'Certificates issued (re-issues after a name correction included).',
    registers,
  });
  const certificatePdfs = new Counter({
    name: 'oqu_certificate_pdfs_total',
    help: 'Certificate PDFs served, by where the bytes came from: memory, disk (kept files) or rendered.',
    labelNames: ['source'],
    registers,
  });
  const signInFailures = new Counter({
    name: 'oqu_sign_in_failures_total',
    help: 'Sign-ins refused, by reason.',
    labelNames: ['reason'],
    registers,
  });
  const recorder = {
    /** @param {boolean} passed */
    quizSubmitted: (passed) => quiz.inc({ result: passed ? 'passed' : 'failed' }),
    certificateIssued: () => certificates.inc(),
    /** @param {string} source */
    certificatePdf: (source) => certificatePdfs.inc({ source }),
    /** @param {string} reason */
    signInFailed: (reason) => signInFailures.inc({ reason }),
    /** @param {number} seconds @param {'statement' | 'batch'} kind */
    statement: (seconds, kind) => statements.observe({ kind }, seconds),
  };
  globalThis[Symbol.for('oqu.metrics')] = recorder;
  for (const result of ['passed', 'failed']) quiz.inc({ result }, 0);
  for (const source of ['memory', 'disk', 'rendered']) certificatePdfs.inc({ source }, 0);
  return {
    registry,
    /**
     * Counts a finished request.
     * @param {string | undefined} method
     * @param {string | undefined} route
     * @param {number} status
     * @param {number} seconds
     */
    observeRequest(method, route, status, seconds) {
      const labels = { method: method ?? 'GET', route: route ?? unroutedLabel(status) };
      requests.inc({ ...labels, status: String(status) });
      duration.observe(labels, seconds);
    },
  };
}

/**
 * Where the metrics are served, from the environment; throws naming a bad value.
 * @param {Record<string, string | undefined>} env
 * @returns {{ port: number | null, host: string, token: string | null }}
 */
export function metricsSettings(env = process.env) {
  const portText = env.OQU_METRICS_PORT?.trim();
  const port = portText ? Number(portText) : null;
  if (port !== null && !(Number.isInteger(port) && port > 0 && port < 65536))
    throw new Error(`OQU_METRICS_PORT is not valid: "${portText}" is not a port number (1-65535)`);
  const token = env.OQU_METRICS_TOKEN?.trim() || null;
  if (token !== null && token.length < 24)
    throw new Error('OQU_METRICS_TOKEN is too short: use at least 24 random characters (e.g. `openssl rand -hex 24`)');
  return { port, host: env.OQU_METRICS_HOST?.trim() || '127.0.0.1', token };
}

/**
 * True when the request carries the token as `Authorization: Bearer <token>`.
 * @param {import('node:http').IncomingMessage} req
 * @param {string} token
 */
export function carriesToken(req, token) {
  const given = Buffer.from(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Answers a scrape with the registry's text, or 503 when the registry cannot give it (with workers,
 * prom-client's cluster metrics reject while a worker is starting or dying): never rejects, since
 * callers do not wait for it and an unhandled rejection would stop the server.
 * @param {{ metrics: () => Promise<string>, contentType: string }} registry
 * @param {import('node:http').ServerResponse} res
 */
export async function answerScrape(registry, res) {
  let text;
  try {
    text = await registry.metrics();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    res
      .writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'Retry-After': '5' })
      .end(`Metrics are not available right now (${reason}): try again shortly.\n`);
    return;
  }
  res.writeHead(200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' }).end(text);
}

/**
 * A listener of its own for the metrics (GET /metrics; anything else 404); the process stops when
 * it cannot listen.
 * @param {{ metrics: () => Promise<string>, contentType: string }} registry
 * @param {{ port: number, host: string }} where
 */
export function listenForScrapes(registry, { port, host }) {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && (req.url ?? '').split('?')[0] === '/metrics') void answerScrape(registry, res);
    else res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found: ask for /metrics\n');
  });
  server.on('error', (error) => {
    console.error(`Oqu could not listen for metrics on ${host}:${port}: ${error.message}`);
    process.exit(1);
  });
  server.listen(port, host);
  return server;
}
