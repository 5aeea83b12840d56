import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import {
  BUILT_CONFIG_FILE,
  changedFields,
  loadSiteConfigFile,
  siteConfigPath,
  SiteConfigError,
  type SiteConfig,
} from '#lib/site/config.ts';
import { closeDatabase, createDatabase, resolveDatabaseUrl } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { courseFolders, readCourseContents } from '#lib/courses/content-files.ts';
import { unknownCourseMessage, unknownCourseNames } from '#lib/courses/visibility.ts';
import { syncAllCourseCounts } from '#lib/reports/course-counts.server.ts';
import { prepareReportFigures } from '#lib/reports/prepare-figures.server.ts';
import { pruneAuthRecords } from '#lib/auth/prune.server.ts';
import { describeDatabase, lockDatabase } from './db-commands.ts';
import { adminExists, CREATE_ADMIN_COMMAND } from '#lib/admin/first-run.server.ts';
import { checkIssuedCredentials, ensureSigningKeys } from './keys.ts';

/**
 * Brings the database up to date before the server takes requests, so a deploy is "copy,
 * then serve": migrations, expired sign-in records removed, then the dashboard counts of any
 * course that changed (a recount that takes seconds on a big copy, better done here than
 * while serving). Returns an error message instead of throwing, for a clean exit.
 */
async function prepareDatabase(projectRoot: string): Promise<string | null> {
  const url = describeDatabase(resolveDatabaseUrl());
  const lock = lockDatabase('oqu prepare');
  if (typeof lock === 'string') return lock;
  try {
    const db = await createDatabase();
    try {
      await migrateDatabase(db);
      await pruneAuthRecords(db);
      for (const { slug, ms } of await syncAllCourseCounts(db, readCourseContents(join(projectRoot, 'courses')))) {
        console.log(`Dashboard counts of ${slug} brought up to date (${ms} ms).`);
      }
      const started = performance.now();
      const worked = await prepareReportFigures(db, join(projectRoot, 'courses'));
      const ms = Math.round(performance.now() - started);
      if (worked > 0) console.log(`Programme report: ${worked} trainees' competencies worked out (${ms} ms).`);
    } finally {
      closeDatabase(db);
    }
    return null;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return (
      `Could not open or migrate the database ${url}: ${reason}\nCheck DATABASE_URL (and DATABASE_AUTH_TOKEN ` +
      `for a libSQL server).`
    );
  } finally {
    lock.release();
  }
}

/**
 * The pages, the certificates and the server were built with the configuration of that moment
 * (decision 024): a configuration changed since (a new signatory) is refused, naming what
 * changed, rather than half applied.
 */
function builtConfigProblem(projectRoot: string, config: SiteConfig): string | null {
  const file = join(projectRoot, 'dist', 'server', BUILT_CONFIG_FILE);
  const rebuild = 'Run `npm run build` (or `npm start`, which builds and serves), then start again.';
  if (!existsSync(file))
    return `The build in dist/ does not record its site configuration (an older build). ${rebuild}`;
  const changed = changedFields(JSON.parse(readFileSync(file, 'utf8')), config);
  if (changed.length === 0) return null;
  return (
    `The site configuration ${siteConfigPath(projectRoot)} changed since the site was built (${changed.join(', ')}); ` +
    `the build still has the old values. ${rebuild}`
  );
}

/**
 * `oqu prepare`: checks the configuration and the build, migrates the database and makes sure
 * of the signing key. `serve.mjs` runs it in a child process before serving.
 */
export async function runPrepare(projectRoot: string): Promise<number> {
  let config: SiteConfig;
  try {
    config = loadSiteConfigFile(projectRoot);
  } catch (error) {
    if (error instanceof SiteConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const unknown = unknownCourseNames(config.courses, courseFolders(join(projectRoot, 'courses')));
  if (unknown.length > 0) {
    for (const u of unknown) console.error(unknownCourseMessage(siteConfigPath(projectRoot), u));
    return 1;
  }
  const entry = join(projectRoot, 'dist', 'server', 'entry.mjs');
  if (!existsSync(entry)) {
    console.error('No build found in dist/: run `npm run build` first (or `npm start`, which builds and serves).');
    return 1;
  }
  const problem =
    builtConfigProblem(projectRoot, config) ??
    (await prepareDatabase(projectRoot)) ??
    (await checkIssuedCredentials(config.baseUrl)) ??
    (await ensureSigningKeys());
  if (problem) {
    console.error(problem);
    return 1;
  }
  await announceFirstRun();
  return 0;
}

/** While the copy has no admin, the log says how to make one (the home page says so too). */
async function announceFirstRun(): Promise<void> {
  const db = await createDatabase();
  try {
    if (!(await adminExists(db)))
      console.log(
        'First run: this copy has no administrator yet. Stop the server (the command needs the database to ' +
          `itself), create one with\n  ${CREATE_ADMIN_COMMAND}\nthen start the server again.`,
      );
  } finally {
    closeDatabase(db);
  }
}

/**
 * `oqu serve`: the same as `node src/cli/serve.mjs`, which serves in a process of its own so
 * that it never carries the TypeScript loader this command runs under (about 140 MB).
 */
export async function runServe(projectRoot: string): Promise<number> {
  const child = spawn(process.execPath, [join(projectRoot, 'src', 'cli', 'serve.mjs')], { stdio: 'inherit' });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}
