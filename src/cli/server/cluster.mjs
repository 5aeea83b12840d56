// Serving from several processes on one machine (decision 055). Plain JavaScript: loaded by
// serve.mjs (see its header).
//
// With OQU_WORKERS=auto (one per core) or a number, serve.mjs becomes a supervisor: it takes
// no requests itself, runs `oqu prepare` once, then forks that many workers with node:cluster;
// they share the site's port (the supervisor hands out connections in turn). A worker that dies
// is replaced; on SIGTERM each worker shuts down gracefully and the supervisor exits after them.
//
// Only against a libSQL server (DATABASE_URL http(s)://, ws(s)://, libsql://): an embedded
// file is written by one process at a time (server/db-lock.mjs), so several workers on one
// is refused. Everything shared lives in the database already: sessions, rate-limit windows
// (one atomic upsert per hit), certificates (a unique index, inserted ON CONFLICT DO NOTHING),
// claimed reminders and digests.
//
// Metrics: each worker keeps its own registry; the supervisor's prom-client AggregatorRegistry
// asks every worker for it and adds them up, so one scrape counts every worker's requests. On
// OQU_METRICS_PORT the supervisor answers the scrape; a scrape on the site's port with the token
// reaches one worker, which asks the supervisor (a message over the cluster's channel).
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { AggregatorRegistry } from 'prom-client';

/** The most workers OQU_WORKERS may ask for. */
const MAX_WORKERS = 64;
const SERVER_URL = /^(https?|wss?|libsql):\/\//i;
const SCRAPE_REQUEST = 'oqu:metrics-request';
const SCRAPE_ANSWER = 'oqu:metrics-answer';
/** More deaths than this within CRASH_WINDOW_MS and the supervisor gives up (systemd restarts it). */
const CRASH_LIMIT = 5;
const CRASH_WINDOW_MS = 60_000;

/**
 * How many processes serve, from OQU_WORKERS: 1 when unset (this process alone), the cores
 * for `auto`, else the number. Throws with a plain message for a bad value, or for more than
 * one worker on anything but a libSQL server.
 * @param {Record<string, string | undefined>} env
 * @param {string} databaseUrl
 * @param {number} cores
 */
export function workerCount(env, databaseUrl, cores = availableParallelism()) {
  const text = env.OQU_WORKERS?.trim();
  if (!text) return 1;
  const count = text.toLowerCase() === 'auto' ? cores : Number(text);
  if (!Number.isInteger(count) || count < 1 || count > MAX_WORKERS)
    throw new Error(
      `OQU_WORKERS is not valid: "${text}" (use auto, one per core, or a number from 1 to ${MAX_WORKERS})`,
    );
  if (count > 1 && !SERVER_URL.test(databaseUrl))
    throw new Error(
      `OQU_WORKERS=${text} needs a libSQL server: DATABASE_URL is ${databaseUrl.split('?')[0]}, an embedded ` +
        'database, which only one process may write at a time (several could corrupt it). Run sqld and set ' +
        'DATABASE_URL=http://127.0.0.1:8080 (README, "More than one process"), or unset OQU_WORKERS to serve ' +
        'from one process.',
    );
  return count;
}

/** True in a process forked by the supervisor. */
export const isWorker = () => cluster.isWorker;

/**
 * A registry-like object for answerScrape() whose text is every worker's metrics added up.
 * @returns {{ metrics: () => Promise<string>, contentType: string }}
 */
export function clusterScrapes() {
  const aggregator = new AggregatorRegistry();
  return { metrics: () => aggregator.clusterMetrics(), contentType: aggregator.contentType };
}

/**
 * In a worker: makes `registry` the one the supervisor's scrapes read, and returns a
 * registry-like object that asks the supervisor for the sum of all workers.
 * @param {import('prom-client').Registry} registry
 * @returns {{ metrics: () => Promise<string>, contentType: string }}
 */
export function workerScrapes(registry) {
  new AggregatorRegistry(); // adds prom-client's answer to the supervisor's requests
  AggregatorRegistry.setRegistries([registry]);
  let next = 0;
  /** @type {Map<number, { resolve: (text: string) => void, reject: (error: Error) => void }>} */
  const waiting = new Map();
  process.on('message', (message) => {
    if (message?.type !== SCRAPE_ANSWER) return;
    const asked = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error) asked?.reject(new Error(message.error));
    else asked?.resolve(message.text);
  });
  return {
    contentType: registry.contentType,
    metrics: () =>
      new Promise((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        process.send?.({ type: SCRAPE_REQUEST, id });
      }),
  };
}

/**
 * The supervisor: forks `count` workers (each runs serve.mjs again, with `env` added), replaces
 * one that dies, answers the workers' scrape requests with `scrapes`, and returns `stop()`:
 * SIGTERM to every worker, resolving when all have exited.
 * @param {{ count: number, env: Record<string, string>, logger: import('pino').Logger,
 *   scrapes: { metrics: () => Promise<string> }, onGiveUp: () => void }} options
 */
export function superviseWorkers({ count, env, logger, scrapes, onGiveUp }) {
  let stopping = false;
  /** @type {number[]} */
  let deaths = [];
  const fork = () => cluster.fork(env);
  cluster.on('message', (worker, message) => {
    if (message?.type !== SCRAPE_REQUEST) return;
    scrapes.metrics().then(
      (text) => worker.isConnected() && worker.send({ type: SCRAPE_ANSWER, id: message.id, text }),
      (error) => worker.isConnected() && worker.send({ type: SCRAPE_ANSWER, id: message.id, error: String(error) }),
    );
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    const now = Date.now();
    deaths = [...deaths.filter((t) => now - t < CRASH_WINDOW_MS), now];
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (deaths.length > CRASH_LIMIT) {
      logger.error({ worker: worker.process.pid }, `A worker ended (${how}); too many in a minute, Oqu stops.`);
      return onGiveUp();
    }
    logger.error({ worker: worker.process.pid }, `A worker ended (${how}); starting another.`);
    fork();
  });
  for (let i = 0; i < count; i++) fork();
  return function stop() {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    return Promise.all(
      workers.map(
        (w) =>
          new Promise((resolve) => {
            if (w.isDead()) return resolve(undefined);
            w.once('exit', () => resolve(undefined));
            w.process.kill('SIGTERM');
          }),
      ),
    );
  };
}
