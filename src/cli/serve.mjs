// Serves the built site. Plain JavaScript on purpose: the server process must not load Node's
// TypeScript loader (it costs about 140 MB of memory), so the TypeScript steps (configuration
// check, migrations, signing key) run first in a child process: `oqu prepare`.
//
// Astro's standalone handler (static files and rendered pages) runs inside our own HTTP
// server, so that every response, prerendered lessons included, carries the security
// headers written at build time to dist/server/security-headers.json, and every request body
// is capped before Astro reads it (server/body-limit.mjs).
//
// Before anything else the server takes the database's lock (server/db-lock.mjs: one process
// per database file) and sets its umask so that the database, its -wal/-shm files and
// anything else it creates are readable by its own user only.
//
// Everything it prints is a JSON line (server/log.mjs, decision 051), the preparation's
// messages included, each request ending in one line with its id, route, status and duration.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { declaresTooMuch, limitRequestBody } from './server/body-limit.mjs';
import { acquireDatabaseLock, DatabaseLockedError, LOCK_TOKEN_ENV } from './server/db-lock.mjs';
import { fromTrustedProxy, normaliseForwarded } from './server/forwarded.mjs';
import { createLogger, logLevel, requestContext, routeConsole, trackRequest } from './server/log.mjs';
import { backupSettings, scheduleBackups } from './server/backup-schedule.mjs';
import { answerScrape, carriesToken, createMetrics, listenForScrapes, metricsSettings } from './server/metrics.mjs';
import { headersForPath } from './server/path-headers.mjs';
import { offeredLanguageRedirect } from './server/locale-redirect.mjs';
import { gracefulShutdown, shutdownTimeout } from './server/shutdown.mjs';
import { admitOneClickUnsubscribe } from './server/one-click.mjs';

process.umask(0o077);
const root = fileURLToPath(new URL('../..', import.meta.url));
let logger;
let scrapes;
let backups;
try {
  logger = createLogger({ level: logLevel() });
  scrapes = metricsSettings();
  backups = backupSettings(process.env, root);
} catch (error) {
  (logger ?? console).error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
routeConsole(logger);
const databaseUrl = process.env.DATABASE_URL?.trim() || `file:${root}data/oqu.db`;
let lock;
try {
  lock = acquireDatabaseLock(databaseUrl, 'oqu serve');
} catch (error) {
  if (!(error instanceof DatabaseLockedError)) throw error;
  console.error(error.message);
  process.exit(1);
}
process.on('exit', () => lock.release());

/** Runs `oqu prepare`, each line it prints becoming a log line; resolves with its exit code. */
function prepare() {
  const child = spawn(process.execPath, [`${root}src/cli/oqu.ts`, 'prepare'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...(lock.token ? { [LOCK_TOKEN_ENV]: lock.token } : {}) },
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
const prepared = await prepare();
if (prepared !== 0) {
  logger.error({ step: 'prepare', code: prepared }, 'Oqu did not start: the preparation failed (see above).');
  process.exit(prepared ?? 1);
}

// dist is a link to builds/<time>/ (src/cli/build-site.ts): this process keeps serving the
// build it started with, whole, while a rebuild makes the next one; the marker keeps a
// rebuild's clean-up from deleting it.
const build = realpathSync(`${root}dist`);
const inUse = join(build, `.serving-${process.pid}`);
try {
  writeFileSync(inUse, `${new Date().toISOString()}\n`);
  process.on('exit', () => rmSync(inUse, { force: true }));
} catch {
  // a read-only build: nothing prunes it either
}

const headers = JSON.parse(readFileSync(join(build, 'server', 'security-headers.json'), 'utf8'));
// The configuration the build was made with (`oqu prepare` checked it is the one read now).
const { locales } = JSON.parse(readFileSync(join(build, 'server', 'site-config.json'), 'utf8'));
// Published before the build is loaded, so that its database calls are timed (db/client.ts).
const metrics = createMetrics();
process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const { handler } = await import(pathToFileURL(join(build, 'server', 'entry.mjs')).href);
const host = process.env.HOST || 'localhost';
const port = Number(process.env.PORT || 4321);
const server = createServer((req, res) => {
  const store = trackRequest(req, res, {
    logger,
    fromTrustedProxy: fromTrustedProxy(req),
    onEnd: ({ route }, status, seconds) => metrics.observeRequest(req.method, route, status, seconds),
  });
  normaliseForwarded(req);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  const pathname = (req.url ?? '/').split('?')[0] ?? '/';
  if (pathname === '/metrics' && scrapes.token) {
    store.route = '/metrics';
    if (req.method === 'GET' && carriesToken(req, scrapes.token)) return void answerScrape(metrics.registry, res);
    res.writeHead(401, { 'WWW-Authenticate': 'Bearer', 'Content-Type': 'text/plain; charset=utf-8' });
    return void res.end('The metrics need the token of OQU_METRICS_TOKEN.\n');
  }
  for (const [name, value] of Object.entries(headersForPath(pathname))) res.setHeader(name, value);
  const offered = offeredLanguageRedirect(req, locales);
  if (offered) {
    res.writeHead(302, { Location: offered, Vary: 'Accept-Language' }).end();
    return;
  }
  admitOneClickUnsubscribe(req);
  limitRequestBody(req, res, pathname, root, () => requestContext.run(store, () => handler(req, res)));
});
server.on('checkContinue', (req, res) => {
  if (!declaresTooMuch(req)) res.writeContinue();
  server.emit('request', req, res);
});
server.on('error', (error) => {
  console.error(`Oqu could not listen on ${host}:${port}: ${error.message}`);
  process.exit(1);
});
const scrapeServer =
  scrapes.port &&
  listenForScrapes(metrics.registry, { port: scrapes.port, host: scrapes.host }, (error) => {
    console.error(`Oqu could not listen for metrics on ${scrapes.host}:${scrapes.port}: ${error.message}`);
    process.exit(1);
  });
// Scheduled backups (server/backup-schedule.mjs) of the embedded database; a libSQL server has its own tools.
globalThis[Symbol.for('oqu.backupSchedule')] = { ...backups, next: null, running: false, last: null };
let schedule;
if (backups.intervalMs && lock.file) schedule = scheduleBackups({ root, settings: backups, logger });
else if (backups.intervalMs) logger.warn('OQU_BACKUP_INTERVAL is ignored: back up a libSQL server with its own tools.');
server.listen(port, host, () => {
  console.log(`Oqu is serving http://${host}:${port}/ (build ${build})`);
  // The first request starts the server's one-time checks (src/middleware.ts): make it now.
  const self = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  fetch(`http://${self.includes(':') ? `[${self}]` : self}:${port}/healthz`).catch(() => undefined);
});
// On SIGTERM or SIGINT: stop accepting, let the requests in flight finish (bounded), close the
// database, exit 0 (server/shutdown.mjs, decision 031). The build registers the database's
// close on globalThis (db/client.ts), since it is a module of the bundle, not of this file.
const shutdown = gracefulShutdown(server, {
  timeoutMs: shutdownTimeout(),
  closeResources: async () => {
    scrapeServer?.close();
    schedule?.stop();
    await globalThis[Symbol.for('oqu.closeSharedDatabase')]?.();
  },
});
const stop = (signal) => {
  console.log(`Oqu is stopping (${signal}): no new connections; finishing the requests in flight.`);
  shutdown().then(
    ({ waiting, cut, ms }) => {
      const finished = `${waiting - cut} of ${waiting} requests in flight finished`;
      console.log(`Oqu stopped in ${ms} ms: ${finished}${cut ? `, ${cut} cut at the limit` : ''}; database closed.`);
      process.exit(0);
    },
    (error) => {
      console.error(`Oqu could not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
};
process.once('SIGTERM', () => stop('SIGTERM'));
process.once('SIGINT', () => stop('SIGINT'));
