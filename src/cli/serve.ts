import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadSiteConfigFile, SiteConfigError } from '../lib/site/config.ts';

/** `oqu serve`: checks the configuration, then starts the built standalone server. */
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
  process.env.HOST ??= 'localhost';
  process.env.PORT ??= '4321';
  console.log(`Oqu is starting on http://${process.env.HOST}:${process.env.PORT}/`);
  await import(pathToFileURL(entry).href);
  return 0;
}
