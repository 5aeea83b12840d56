/**
 * The one way tests and the benchmark start the real server: `node src/cli/serve.mjs` (what
 * `npm run serve` runs) from a project root that holds a build, on a free loopback port,
 * against a database file, keys and cache folders of the caller's own; it resolves once /healthz
 * answers. The end-to-end set-up serves the working tree, the hardening suite its private
 * build (tests/hardening/lib/server.ts), the benchmark a snapshot (bench/lib/site.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface ServerOptions {
  /** The project root served: its `dist/` and `src/cli/serve.mjs`. */
  root: string;
  /** Folder of the database (`oqu.db`, unless `databaseUrl`), the signing keys (`keys/`) and the cache (`cache/`). */
  dataDir: string;
  databaseUrl?: string;
  port?: number;
  /** More environment, over the defaults (e.g. HOST, TRUSTED_PROXIES, NODE_ENV). */
  env?: Record<string, string>;
  /** Node flags before the script (the benchmark: V8 limits, --inspect). */
  nodeArgs?: string[];
  /** Keeps only the last this many characters of output (long benchmark runs). */
  logLimit?: number;
  /** Called with the process as soon as it exists (the benchmark registers it for clean-up). */
  onSpawn?: (child: ChildProcess) => void;
  /** How long to wait for /healthz. */
  timeoutMs?: number;
}

export interface RunningServer {
  baseURL: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** Everything the process printed so far (both streams). */
  log: () => string;
  /** Resolves with the exit code (or null after a signal) once the process has ended. */
  exited: Promise<number | null>;
  /** SIGTERM, then waits for the process to end (SIGKILL after `graceMs`, when given). */
  stop: (graceMs?: number) => Promise<void>;
  /** SIGKILL (a crash), then waits for the process to end. */
  kill: () => Promise<void>;
}

/**
 * The JSON lines of a server log (decision 051), parsed; a line that is not JSON is left out, or
 * with `strict` fails naming it.
 */
export function logEntries(log: string, { strict = false } = {}): Record<string, unknown>[] {
  const entries: Record<string, unknown>[] = [];
  for (const line of log.split('\n')) {
    if (line.trim() === '') continue;
    try {
      entries.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      if (strict) throw new Error(`not a JSON line: ${line}`);
    }
  }
  return entries;
}

/**
 * The messages of a server log (its JSON lines' `msg`, decision 051), one per line, for tests
 * that look for a sentence; a line that is not JSON is kept as it is.
 */
export function logMessages(log: string): string {
  return log
    .split('\n')
    .map((line) => {
      try {
        return String((JSON.parse(line) as { msg?: unknown }).msg ?? '');
      } catch {
        return line;
      }
    })
    .join('\n');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** The environment `serve.mjs` gets: loopback, the port, the caller's database and keys. */
export function serverEnv(
  options: Pick<ServerOptions, 'dataDir' | 'databaseUrl' | 'env'> & { port: number },
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(options.port),
    DATABASE_URL: options.databaseUrl ?? `file:${join(options.dataDir, 'oqu.db')}`,
    OQU_KEYS_DIR: join(options.dataDir, 'keys'),
    OQU_CACHE_DIR: join(options.dataDir, 'cache'),
    ASTRO_TELEMETRY_DISABLED: '1',
    ...options.env,
  };
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const env = serverEnv({ ...options, port });
  let output = '';
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), join(options.root, 'src', 'cli', 'serve.mjs')], {
    cwd: options.root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  options.onSpawn?.(child);
  const keep = (chunk: Buffer): void => {
    output += chunk.toString();
    if (options.logLimit && output.length > options.logLimit) output = output.slice(-options.logLimit);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const host = env.HOST === '::1' ? '[::1]' : '127.0.0.1';
  const baseURL = `http://${host}:${port}`;
  const log = () => output;
  const end = async (signal: NodeJS.Signals, graceMs?: number): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = graceMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  const server: RunningServer = {
    baseURL,
    port,
    pid: child.pid ?? 0,
    child,
    log,
    exited,
    stop: (graceMs) => end('SIGTERM', graceMs),
    kill: () => end('SIGKILL'),
  };
  try {
    await waitForServer(baseURL, child, log, { timeoutMs: options.timeoutMs });
  } catch (error) {
    await server.kill();
    throw error;
  }
  return server;
}

/**
 * Runs `serve.mjs` when it is expected to refuse to start (a second server on the same file,
 * a bad setting), and returns its exit code and output.
 */
export function runServerToExit(
  options: Pick<ServerOptions, 'root' | 'dataDir' | 'databaseUrl' | 'env'> & { port: number; timeoutMs?: number },
): { code: number | null; output: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(options.root, 'src', 'cli', 'serve.mjs')], {
    cwd: options.root,
    env: serverEnv(options),
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}`, stderr: result.stderr };
}

/**
 * Resolves once `${url}${path}` answers 2xx; fails with the process's output if it exits or stays
 * silent (`name` says which process, for a server other than Oqu's).
 */
export async function waitForServer(
  url: string,
  child: ChildProcess,
  log: () => string,
  { timeoutMs = 60_000, path = '/healthz', name = 'the server' } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited early:\n${log()}`);
    try {
      const res = await fetch(`${url}${path}`);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not answer within ${timeoutMs / 1000} s:\n${log()}`);
}
