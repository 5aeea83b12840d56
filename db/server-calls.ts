/**
 * Calls to a libSQL server (sqld) from one process: a few at a time, and tried again when the
 * server answers SQLITE_BUSY. Measured with sqld 0.24 (decision 055): 1,200 simultaneous write
 * batches from one client got SQLITE_BUSY on some of them at four or more in flight, and at 16 or
 * more the server sometimes spun on its write lock for minutes without finishing any. An embedded
 * file needs neither: its client waits on SQLite's own busy timeout.
 */
import type { Client } from '@libsql/client';
import pLimit from 'p-limit';

/** Calls in flight to the server per process; more wait their turn in this process. */
export const SERVER_CALLS_IN_FLIGHT = 4;
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

/** The client with its `execute`, `batch` and `executeMultiple` held to `max` in flight and retried when busy. */
export function limitServerCalls(client: Client, max = SERVER_CALLS_IN_FLIGHT): Client {
  const limit = pLimit(max);
  for (const method of ['execute', 'batch', 'executeMultiple'] as const) {
    const original = client[method] as (...args: unknown[]) => Promise<unknown>;
    const limited = (...args: unknown[]) => limit(() => retryBusy(() => original.apply(client, args)));
    Object.assign(client, { [method]: limited });
  }
  return client;
}
