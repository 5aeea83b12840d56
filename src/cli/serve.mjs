// Serves the built site. Plain JavaScript on purpose: the server process must not load Node's
// TypeScript loader (it costs about 140 MB of memory), so the TypeScript steps (configuration
// check, migrations, signing key) run first in a child process: `oqu prepare`. The serving
// itself is server/site.mjs.
//
// Before anything else the server takes the database's lock (server/db-lock.mjs: one process
// per database file) and sets its umask so that the database, its -wal/-shm files and
// anything else it creates are readable by its own user only.
//
// With OQU_WORKERS (a libSQL server only) this process prepares once and then supervises that
// many workers, each running this file again and going straight to serving (server/cluster.mjs,
// decision 055).
//
// With DATABASE_REPLICA (a libSQL server only, one process) reads come from a local copy of the
// server (db/replica-settings.mjs, decision 056); the replica file is locked as a database file
// is, and `oqu prepare` migrates the server itself.
//
// Everything it prints is a JSON line (server/log.mjs, decision 051), the preparation's
// messages included, each request ending in one line with its id, route, status and duration.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { acquireDatabaseLock, DatabaseLockedError, LOCK_TOKEN_ENV } from './server/db-lock.mjs';
import { createLogger, logLevel, routeConsole } from './server/log.mjs';
import { backupSettings } from './server/backup-schedule.mjs';
import { listenForScrapes, metricsSettings } from './server/metrics.mjs';
import { clusterScrapes, isWorker, superviseWorkers, workerCount } from './server/cluster.mjs';
import { markBuildInUse, serveSite } from './server/site.mjs';
import { replicaSettings } from '#db/replica-settings.mjs';

/** The build the supervisor serves, passed to its workers. */
const BUILD_ENV = 'OQU_SERVE_BUILD';
process.umask(0o077);
const root = fileURLToPath(new URL('../..', import.meta.url));
let logger;
let scrapes;
let backups;
let workers;
let replica;
const databaseUrl = process.env.DATABASE_URL?.trim() || `file:${root}data/oqu.db`;
try {
  logger = createLogger({ level: logLevel() });
  scrapes = metricsSettings();
  backups = backupSettings(process.env, root);
  if (!isWorker()) {
    workers = workerCount(process.env, databaseUrl);
    replica = replicaSettings(process.env, databaseUrl, workers);
  }
} catch (error) {
  (logger ?? console).error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
routeConsole(logger);
// A worker: the supervisor has taken the lock (none for a libSQL server) and prepared.
if (isWorker()) {
  await serveSite({
    root,
    build: markBuildInUse(root, process.env[BUILD_ENV]),
    logger,
    scrapes,
    backups,
    lockFile: null,
  });
} else await superviseOrServe();

/** Runs `oqu prepare`, each line it prints becoming a log line; resolves with its exit code. */
function prepare(lockToken) {
  const child = spawn(process.execPath, [`${root}src/cli/oqu.ts`, 'prepare'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...(lockToken ? { [LOCK_TOKEN_ENV]: lockToken } : {}) },
  });
  const closed = [];
  for (const [stream, level] of [
    [child.stdout, 'info'],
    [child.stderr, 'warn'],
  ]) {
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    lines.on('line', (line) => line.trim() && logger[level]({ step: 'prepare' }, line));
    closed.push(new Promise((resolve) => lines.once('close', resolve)));
  }
  return new Promise((resolve) => child.once('close', (code) => void Promise.all(closed).then(() => resolve(code))));
}

/** Takes the lock, prepares, then serves (or supervises the workers that do). */
async function superviseOrServe() {
  let lock;
  let replicaLock;
  try {
    lock = acquireDatabaseLock(databaseUrl, 'oqu serve');
    if (replica) replicaLock = acquireDatabaseLock(`file:${replica.path}`, 'oqu serve (replica)');
  } catch (error) {
    if (!(error instanceof DatabaseLockedError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  process.on('exit', () => {
    lock.release();
    replicaLock?.release();
  });

  const prepared = await prepare(lock.token);
  if (prepared !== 0) {
    logger.error({ step: 'prepare', code: prepared }, 'Oqu did not start: the preparation failed (see above).');
    process.exit(prepared ?? 1);
  }

  if (replica)
    console.log(
      `Oqu reads from the replica ${replica.path} of ${databaseUrl.split('?')[0]}, synced every ` +
        `${replica.syncIntervalSeconds} s (DATABASE_REPLICA); writes go to the server.`,
    );
  if (workers > 1) supervise();
  else await serveSite({ root, build: markBuildInUse(root), logger, scrapes, backups, lockFile: lock.file });
}

/** Serves through `workers` forked processes (server/cluster.mjs), this one answering only metrics scrapes. */
function supervise() {
  const build = markBuildInUse(root);
  const scraped = clusterScrapes();
  const scrapeServer = scrapes.port && listenForScrapes(scraped, { port: scrapes.port, host: scrapes.host });
  const stopWorkers = superviseWorkers({
    count: workers,
    env: { [BUILD_ENV]: build },
    logger,
    scrapes: scraped,
    onGiveUp: () => process.exit(1),
  });
  console.log(`Oqu serves from ${workers} processes (OQU_WORKERS), build ${build}.`);
  const stop = (signal) => {
    console.log(`Oqu is stopping (${signal}): each worker finishes the requests in flight.`);
    scrapeServer?.close();
    void stopWorkers().then(() => {
      console.log('Oqu stopped: every worker has ended.');
      process.exit(0);
    });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
