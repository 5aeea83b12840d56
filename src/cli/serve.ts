import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from '../lib/http/headers.ts';
import { loadSiteConfigFile, SiteConfigError } from '../lib/site/config.ts';
import { closeDatabase, createDatabase, resolveDatabaseUrl } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { describeDatabase } from './db-commands.ts';
import { ensureSigningKeys } from './keys.ts';

/**
 * Brings the database up to date before the server takes requests, so a deploy is "copy,
 * then serve". Returns an error message instead of throwing, for a clean exit.
 */
async function prepareDatabase(): Promise<string | null> {
  const url = describeDatabase(resolveDatabaseUrl());
  try {
    const db = await createDatabase();
    try {
      await migrateDatabase(db);
    } finally {
      closeDatabase(db);
    }
    return null;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `Could not open or migrate the database ${url}: ${reason}\nCheck DATABASE_URL (and DATABASE_AUTH_TOKEN for a libSQL server).`;
  }
}

/** `oqu serve`: checks the configuration, migrates the database and makes sure of the signing key, then serves the build. */
export async function runServe(projectRoot: string): Promise<number> {
  try {
    loadSiteConfigFile(projectRoot);
  } catch (error) {
    if (error instanceof SiteConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const entry = join(projectRoot, 'dist', 'server', 'entry.mjs');
  if (!existsSync(entry)) {
    console.error('No build found in dist/: run `npm run build` first (or `npm start`, which builds and serves).');
    return 1;
  }
  const problem = (await prepareDatabase()) ?? (await ensureSigningKeys());
  if (problem) {
    console.error(problem);
    return 1;
  }
  await startHttpServer(entry, process.env.HOST || 'localhost', Number(process.env.PORT || 4321));
  return 0;
}

/**
 * Serves the build through Astro's standalone handler (static files and rendered pages) inside
 * our own HTTP server, so that every response, prerendered lessons included, carries the
 * security headers; and stops cleanly on SIGTERM/SIGINT.
 */
async function startHttpServer(entry: string, host: string, port: number): Promise<void> {
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const { handler } = (await import(pathToFileURL(entry).href)) as { handler: (req: IncomingMessage, res: ServerResponse) => void };
  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  console.log(`Oqu is serving http://${host}:${port}/`);
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
