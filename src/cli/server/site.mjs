// The serving process itself (serve.mjs alone, or each worker of serve.mjs's supervisor:
// server/cluster.mjs). Plain JavaScript: loaded by serve.mjs (see its header).
//
// Astro's standalone handler (static files and rendered pages) runs inside our own HTTP
// server, so that every response, prerendered lessons included, carries the security
// headers written at build time to dist/server/security-headers.json, and every request body
// is capped before Astro reads it (server/body-limit.mjs).
import { readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { declaresTooMuch, limitRequestBody } from './body-limit.mjs';
import { fromTrustedProxy, normaliseForwarded } from './forwarded.mjs';
import { requestContext, trackRequest } from './log.mjs';
import { scheduleBackups } from './backup-schedule.mjs';
import { answerScrape, carriesToken, createMetrics, listenForScrapes } from './metrics.mjs';
import { headersForPath } from './path-headers.mjs';
import { offeredLanguageRedirect } from './locale-redirect.mjs';
import { gracefulShutdown, shutdownTimeout } from './shutdown.mjs';
import { admitOneClickUnsubscribe } from './one-click.mjs';
import { isWorker, workerScrapes } from './cluster.mjs';

/**
 * The build this process serves, marked as in use. dist is a link to builds/<time>/
 * (src/cli/build-site.ts): the process keeps serving the build it started with, whole, while a
 * rebuild makes the next one; the marker keeps a rebuild's clean-up from deleting it.
 * @param {string} root
 * @param {string} [given] the supervisor's build, for its workers
 */
export function markBuildInUse(root, given) {
  const build = given ?? realpathSync(`${root}dist`);
  const inUse = join(build, `.serving-${process.pid}`);
  try {
    writeFileSync(inUse, `${new Date().toISOString()}\n`);
    process.on('exit', () => rmSync(inUse, { force: true }));
  } catch {
    // a read-only build: nothing prunes it either
  }
  return build;
}

/**
 * Serves the site until SIGTERM or SIGINT (or, in a worker, until the supervisor is gone).
 * @param {{ root: string, build: string, logger: import('pino').Logger,
 *   scrapes: { port: number | null, host: string, token: string | null },
 *   backups: { intervalMs: number | null }, lockFile: string | null }} options
 */
export async function serveSite({ root, build, logger, scrapes, backups, lockFile }) {
  const headers = JSON.parse(readFileSync(join(build, 'server', 'security-headers.json'), 'utf8'));
  // The configuration the build was made with (`oqu prepare` checked it is the one read now).
  const { locales } = JSON.parse(readFileSync(join(build, 'server', 'site-config.json'), 'utf8'));
  // Published before the build is loaded, so that its database calls are timed (db/client.ts).
  const metrics = createMetrics();
  // A worker's scrape on the site's port is every worker's sum, which the supervisor makes.
  const scraped = isWorker() ? workerScrapes(metrics.registry) : metrics.registry;
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
      if (req.method === 'GET' && carriesToken(req, scrapes.token)) return void answerScrape(scraped, res);
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
  // Under the supervisor, the supervisor answers OQU_METRICS_PORT (server/cluster.mjs).
  const scrapeServer =
    scrapes.port && !isWorker() && listenForScrapes(metrics.registry, { port: scrapes.port, host: scrapes.host });
  // Scheduled backups (server/backup-schedule.mjs) of the embedded database; a libSQL server has its own tools.
  globalThis[Symbol.for('oqu.backupSchedule')] = { ...backups, next: null, running: false, last: null };
  let schedule;
  if (backups.intervalMs && lockFile) schedule = scheduleBackups({ root, settings: backups, logger });
  else if (backups.intervalMs)
    logger.warn('OQU_BACKUP_INTERVAL is ignored: back up a libSQL server with its own tools.');
  server.listen(port, host, () => {
    console.log(`Oqu is serving http://${host}:${port}/ (build ${build})`);
    // The first request starts the server's one-time checks (src/middleware.ts): make it now.
    const self = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    fetch(`http://${self.includes(':') ? `[${self}]` : self}:${port}/healthz`).catch(() => undefined);
  });
  stopOnSignals(server, async () => {
    scrapeServer?.close();
    schedule?.stop();
    await globalThis[Symbol.for('oqu.closeSharedDatabase')]?.();
  });
}

/**
 * On SIGTERM or SIGINT (in a worker also when the supervisor is gone): stop accepting, let the
 * requests in flight finish (bounded), close the database, exit 0 (server/shutdown.mjs,
 * decision 031). The build registers the database's close on globalThis (db/client.ts), since
 * it is a module of the bundle, not of this file.
 * @param {import('node:http').Server} server
 * @param {() => Promise<void>} closeResources
 */
function stopOnSignals(server, closeResources) {
  const shutdown = gracefulShutdown(server, { timeoutMs: shutdownTimeout(), closeResources });
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
  if (isWorker()) process.once('disconnect', () => stop('the supervisor is gone'));
}
