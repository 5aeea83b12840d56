/**
 * Opens Oqu's one database: an embedded libSQL file by default, or a libSQL server
 * (sqld, Turso) when DATABASE_URL says `http(s)://`, `ws(s)://` or `libsql://`; the same code
 * runs against either.
 *
 * Environment:
 *   DATABASE_URL         default `file:<project root>/data/oqu.db`
 *   DATABASE_AUTH_TOKEN  for a server that asks for one
 *   DATABASE_REPLICA, DATABASE_SYNC_INTERVAL  the web server's reads from a local copy of the
 *                        server (db/replica.ts, decision 056); commands always open the server
 *
 * Things learnt the hard way, worth knowing before writing queries:
 * - No interactive write transactions on a file database. @libsql/client keeps a pool of
 *   connections and runs statements synchronously on the JS thread, so while one
 *   `db.transaction(async tx => { ...await... })` holds the write lock, any other write of
 *   the same process (on another pooled connection) sleeps the whole thread for
 *   busy_timeout and then fails with SQLITE_BUSY: the holder cannot resume to commit
 *   (measured: 3 concurrent transactions, 2 failed after 4 s). Write with single statements
 *   (`ON CONFLICT`, conditional `UPDATE ... RETURNING`) or `db.batch([...])`, which runs
 *   BEGIN..COMMIT without yielding; make later statements of a batch conditional on the
 *   first where needed (see auth/password-reset.server.ts).
 * - Per-connection PRAGMAs only reach the connection they ran on, so the busy timeout is
 *   passed as the client's `timeout`, which every pooled connection gets. libSQL builds turn
 *   foreign keys on by default on every connection; a connection the pool opens later keeps
 *   SQLite's default `synchronous = FULL` (slower, never less safe).
 * - The libSQL build reports SQLite 3.45: older than 3.51.3, which fixed a WAL-reset race
 *   between *concurrent writers on several connections at once*. One Node process never
 *   writes from two connections at the same instant, so one process per database file is
 *   safe; several processes on one file are not: use a libSQL server for that.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { openReplica, type ReplicaSettings } from './replica.ts';
import { replicaSettings } from './replica-settings.mjs';
import * as schema from './schema.ts';
import { limitServerCalls } from './server-calls.ts';
import { installStatementCache, withoutStatementCache } from './statement-cache.ts';

export type Schema = typeof schema;
export type Database = LibSQLDatabase<Schema> & { $client: Client };

export interface DatabaseOptions {
  /** Defaults to env DATABASE_URL, else the embedded file data/oqu.db under the project root. */
  url?: string;
  /** Defaults to env DATABASE_AUTH_TOKEN. */
  authToken?: string;
  /** Read from an embedded replica of the server at `url` (decision 056); none by default. */
  replica?: ReplicaSettings | null;
}

const BUSY_TIMEOUT_MS = 5000;
const CONNECTION_PRAGMAS = 'PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;';

/**
 * The project root, found by walking up from this module to the folder that holds
 * db/migrations. Walking (rather than a fixed `..`) keeps it right when a bundler moves
 * this code into dist/server/chunks/.
 */
export function findProjectRoot(start: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'db', 'migrations'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return join(dirname(fileURLToPath(import.meta.url)), '..');
    dir = parent;
  }
}

/** The URL to open: explicit, else DATABASE_URL, else the embedded default file. */
export function resolveDatabaseUrl(url?: string): string {
  const chosen = url ?? process.env.DATABASE_URL;
  if (chosen && chosen.trim() !== '') return chosen.trim();
  return `file:${join(findProjectRoot(), 'data', 'oqu.db')}`;
}

/** True for an embedded database file (rather than a libSQL server or memory). */
export function isFileUrl(url: string): boolean {
  return url.startsWith('file:') && !url.includes(':memory:');
}

/** The file a `file:` URL names. */
export function filePathOf(url: string): string {
  return url.replace(/^file:(\/\/)?/, '').replace(/\?.*$/, '');
}

/**
 * Makes the database readable by its owner only, as the signing keys are: the folder (when
 * created here, and the default data/ folder) 0700, the file and its -wal/-shm 0600. SQLite
 * gives a -wal or -shm it creates later the database file's own mode. A new file is created
 * empty with that mode (an empty file is an empty database) so it is never readable by others,
 * not even for a moment. A folder named in DATABASE_URL that exists already keeps its mode.
 */
function protectDatabaseFile(url: string): void {
  const path = filePathOf(url);
  if (!path) return;
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (folder === join(findProjectRoot(), 'data')) chmodSync(folder, 0o700);
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      chmodSync(file, 0o600);
    } catch {
      // -wal/-shm absent, or a file of another user: SQLite reports what matters on open
    }
  }
}

/**
 * Times every call of the client for the server's metrics (src/cli/server/metrics.mjs
 * publishes its recorder on `globalThis` before the database is opened); untouched elsewhere.
 */
function timeCalls(client: Client): Client {
  const recorder = (globalThis as Record<symbol, { statement?: (seconds: number, kind: string) => void }>)[
    Symbol.for('oqu.metrics')
  ];
  const record = recorder?.statement;
  if (!record) return client;
  for (const [method, kind] of [
    ['execute', 'statement'],
    ['batch', 'batch'],
  ] as const) {
    const original = client[method] as (...args: unknown[]) => Promise<unknown>;
    const timed = async (...args: unknown[]) => {
      const started = performance.now();
      try {
        return await original.apply(client, args);
      } finally {
        record((performance.now() - started) / 1000, kind);
      }
    };
    Object.assign(client, { [method]: timed });
  }
  return client;
}

/** Opens the database and applies the connection settings that suit its kind. */
export async function createDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const url = resolveDatabaseUrl(options.url);
  const authToken = options.authToken ?? (process.env.DATABASE_AUTH_TOKEN || undefined);
  const file = isFileUrl(url);
  if (file) protectDatabaseFile(url);
  if (options.replica) withoutStatementCache();
  else if (file) installStatementCache();
  if (options.replica)
    return drizzle({ client: timeCalls(await openReplica(url, authToken, options.replica)), schema });
  const client = createClient({ url, authToken, ...(file ? { timeout: BUSY_TIMEOUT_MS } : {}) });
  try {
    if (file) {
      // journal_mode is stored in the file; the others belong to the connection.
      await client.execute('PRAGMA journal_mode = WAL');
      await client.executeMultiple(CONNECTION_PRAGMAS);
    } else {
      // Servers share connections between requests; foreign keys are on in libSQL builds by
      // default, so ask (harmless where already on) and do not rely on connection state.
      await client.execute('PRAGMA foreign_keys = ON').catch(() => undefined);
    }
  } catch (error) {
    client.close();
    throw error;
  }
  return drizzle({ client: timeCalls(file ? client : limitServerCalls(client)), schema });
}

let shared: Promise<Database> | undefined;

/** One database per process for the web server, opened on first use from the environment. */
export function sharedDatabase(): Promise<Database> {
  const open = async () => createDatabase({ replica: replicaSettings(process.env, resolveDatabaseUrl()) });
  shared ??= open().catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

export function closeDatabase(db: Database): void {
  db.$client.close();
}

/**
 * Closes the web server's database if it was opened (the next `sharedDatabase()` opens it
 * again). The server's graceful shutdown (src/cli/serve.mjs, plain JavaScript outside the
 * build) reaches it through `globalThis[Symbol.for('oqu.closeSharedDatabase')]`.
 */
export async function closeSharedDatabase(): Promise<void> {
  const opening = shared;
  shared = undefined;
  const db = await opening?.catch(() => undefined);
  if (db) closeDatabase(db);
}
(globalThis as Record<symbol, unknown>)[Symbol.for('oqu.closeSharedDatabase')] = closeSharedDatabase;
