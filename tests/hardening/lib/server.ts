/**
 * The real server for the hardening suite: tests/helpers/server.ts started from the suite's
 * private build (site-build.ts) against a database file and keys folder of the test's own.
 * Tests stop it gently (SIGTERM) or kill it (SIGKILL).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { siteRoot } from './site-build.ts';
import {
  startServer as startOquServer,
  type RunningServer,
  type ServerOptions as OquServerOptions,
} from '../../helpers/server.ts';

export type { RunningServer };

/** As tests/helpers/server.ts, with the suite's private build as the default root. */
export type ServerOptions = Omit<OquServerOptions, 'root'> & { root?: string };

/** A new temporary folder for one test's data. */
export function makeDataDir(tag: string): string {
  const dir = mkdtempSync(join(inject('runDir'), `${tag}-`));
  mkdirSync(join(dir, 'keys'), { recursive: true, mode: 0o700 });
  return dir;
}

export function databaseFile(dataDir: string): string {
  return join(dataDir, 'oqu.db');
}

export function startServer(options: ServerOptions): Promise<RunningServer> {
  return startOquServer({ ...options, root: options.root ?? siteRoot });
}

/** Lines of a server log that show a failure a user could meet: SQLITE_BUSY, locked database, stack traces. */
export function troubleInLog(log: string): string[] {
  return log
    .split('\n')
    .filter((line) => /SQLITE_BUSY|database is locked|SQLITE_|LibsqlError|^\s+at |Error:/.test(line));
}
