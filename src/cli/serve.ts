import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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

/** `oqu serve`: checks the configuration, migrates the database, then starts the built standalone server. */
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
  process.env.HOST ??= 'localhost';
  process.env.PORT ??= '4321';
  console.log(`Oqu is starting on http://${process.env.HOST}:${process.env.PORT}/`);
  await import(pathToFileURL(entry).href);
  return 0;
}
