/**
 * The real server (`node src/cli/serve.mjs`, as `npm run serve` runs it) on a free
 * loopback port, started from the suite's private build (site-build.ts) against a database
 * file and keys folder of the test's own. Tests stop it gently (SIGTERM) or kill it (SIGKILL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { siteRoot } from './site-build.ts';
import { freePort, waitForServer } from '../../helpers/server.ts';

export interface RunningServer {
  baseURL: string;
  port: number;
  /** Everything the process printed so far (both streams). */
  log: () => string;
  child: ChildProcess;
  /** Resolves with the exit code (or null after a signal) once the process has ended. */
  exited: Promise<number | null>;
  /** SIGTERM, then waits for the process to end. */
  stop: () => Promise<void>;
  /** SIGKILL (a crash), then waits for the process to end. */
  kill: () => Promise<void>;
}

export interface ServerOptions {
  /** Folder holding the database (`oqu.db`) and the keys (`keys/`). */
  dataDir: string;
  /** Defaults to `file:<dataDir>/oqu.db`. */
  databaseUrl?: string;
  port?: number;
  env?: Record<string, string>;
  /** A built copy of the site other than the suite's own (e.g. one with an HTTPS baseUrl). */
  root?: string;
}

/** A new temporary folder for one test's data. */
export function makeDataDir(tag: string): string {
  const dir = mkdtempSync(join(inject('runDir'), `${tag}-`));
  mkdirSync(join(dir, 'keys'), { recursive: true, mode: 0o700 });
  return dir;
}

export function databaseFile(dataDir: string): string {
  return join(dataDir, 'oqu.db');
}



export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  let output = '';
  const child = spawn(process.execPath, ['src/cli/serve.mjs'], {
    cwd: options.root ?? siteRoot,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: options.databaseUrl ?? `file:${databaseFile(options.dataDir)}`,
      OQU_KEYS_DIR: join(options.dataDir, 'keys'),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const baseURL = `http://127.0.0.1:${port}`;
  const log = () => output;
  await waitForServer(baseURL, child, log);
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { baseURL, port, log, child, exited, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
}

/** Lines of a server log that show a failure a user could meet: SQLITE_BUSY, locked database, stack traces. */
export function troubleInLog(log: string): string[] {
  return log.split('\n').filter((line) => /SQLITE_BUSY|database is locked|SQLITE_|LibsqlError|^\s+at |Error:/.test(line));
}
