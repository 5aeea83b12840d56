/**
 * Calls to a libSQL server (sqld) from one process: writes one at a time, reads a few at a time,
 * and a call the server answered SQLITE_BUSY tried again. Measured with sqld 0.24 (decision 055):
 * 1,200 simultaneous write batches got SQLITE_BUSY on some at four or more in flight, and at eight
 * or more the server sometimes spun for minutes without finishing any (its connections waiting for
 * the write lock retry without pause, starving the one that holds it). An embedded file needs
 * neither: its client waits on SQLite's own busy timeout.
 */
import type { Client, InStatement, TransactionMode } from '@libsql/client';
import pLimit from 'p-limit';

/** Reads in flight to the server per process; more wait their turn in this process. */
export const SERVER_READS_IN_FLIGHT = 4;
/** Writes in flight per process: one, so that processes, not requests, contend for the server's write lock. */
const SERVER_WRITES_IN_FLIGHT = 1;
/** Tries of one call the server refused as busy, before its error is passed on. */
const BUSY_TRIES = 8;

/** True for the server's "database is locked" answer (the call changed nothing). */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call`, and again after a short random pause while the server answers busy. Safe because a
 * busy answer means the statement, or the whole batch (one transaction), was not applied.
 */
export async function retryBusy<T>(call: () => Promise<T>, tries = BUSY_TRIES): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= tries || !isBusy(error)) throw error;
      await pause(5 + Math.random() * 20 * attempt);
    }
  }
}

/** True for a statement that only reads: SELECT, WITH … SELECT, or a PRAGMA that sets nothing. */
export function readsOnly(statement: InStatement): boolean {
  const sql = (typeof statement === 'string' ? statement : statement.sql).trimStart();
  if (/^select\b/i.test(sql)) return true;
  if (/^with\b/i.test(sql)) return !/\b(insert|update|delete|replace)\b/i.test(sql);
  return /^pragma\b/i.test(sql) && !sql.includes('=');
}

/**
 * The client with `execute`, `batch` and `executeMultiple` queued: reads up to `reads` in flight,
 * writes (a batch is one transaction; anything not known to read) one at a time; each retried when busy.
 */
export function limitServerCalls(client: Client, reads = SERVER_READS_IN_FLIGHT): Client {
  const readLimit = pLimit(reads);
  const writeLimit = pLimit(SERVER_WRITES_IN_FLIGHT);
  const queued = (method: 'execute' | 'batch' | 'executeMultiple', isRead: (...args: never[]) => boolean) => {
    const original = client[method] as (...args: unknown[]) => Promise<unknown>;
    return (...args: unknown[]) => {
      const limit = isRead(...(args as never[])) ? readLimit : writeLimit;
      return limit(() => retryBusy(() => original.apply(client, args)));
    };
  };
  return Object.assign(client, {
    execute: queued('execute', (statement: InStatement) => readsOnly(statement)),
    batch: queued('batch', (_statements: InStatement[], mode?: TransactionMode) => mode === 'read'),
    executeMultiple: queued('executeMultiple', () => false),
  });
}
