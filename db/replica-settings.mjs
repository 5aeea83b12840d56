// Reading from an embedded replica of the libSQL server (decision 056): the settings, checked by
// serve.mjs before anything starts and read again by db/client.ts when the server opens its
// database. Plain JavaScript, so that serve.mjs loads it without type stripping.
//
//   DATABASE_REPLICA        a local file that holds a copy of the server's database; reads are
//                           answered from it, writes go to the server (DATABASE_URL)
//   DATABASE_SYNC_INTERVAL  seconds between two pulls of the server's changes (default 1)
//
// A process reads its own writes at once; another process's writes reach it within the sync
// interval. So the replica is refused where requests of one visitor are spread over several
// processes that this process cannot see (OQU_WORKERS: node:cluster hands connections out in
// turn), and where there is no server to copy (an embedded DATABASE_URL).
import { resolve } from 'node:path';

/** Seconds between two syncs when DATABASE_SYNC_INTERVAL is not set. */
export const DEFAULT_SYNC_INTERVAL_S = 1;
const MIN_SYNC_INTERVAL_S = 0.1;
const MAX_SYNC_INTERVAL_S = 3600;
const SERVER_URL = /^(https?|wss?|libsql):\/\//i;

/**
 * @typedef {object} ReplicaSettings
 * @property {string} path the replica file, absolute
 * @property {number} syncIntervalSeconds
 */

/**
 * The replica settings from `env`, or null when DATABASE_REPLICA is unset. Throws with a plain
 * message when they cannot work: no libSQL server behind DATABASE_URL, more than one worker,
 * a bad interval.
 * @param {Record<string, string | undefined>} env
 * @param {string} databaseUrl
 * @param {number} [workers] the processes that serve (OQU_WORKERS), 1 when alone
 * @returns {ReplicaSettings | null}
 */
export function replicaSettings(env, databaseUrl, workers = 1) {
  const file = env.DATABASE_REPLICA?.trim();
  if (!file) return null;
  if (!SERVER_URL.test(databaseUrl))
    throw new Error(
      `DATABASE_REPLICA needs a libSQL server to copy: DATABASE_URL is ${databaseUrl.split('?')[0]}, an embedded ` +
        'database, which is read directly already. Set DATABASE_URL to the server (sqld), or unset DATABASE_REPLICA.',
    );
  if (workers > 1)
    throw new Error(
      `DATABASE_REPLICA cannot be used with OQU_WORKERS=${env.OQU_WORKERS?.trim()}: the workers take a visitor's ` +
        "requests in turn, and a worker's replica sees another worker's writes only after the sync interval, so a " +
        'visitor who has just signed in would be signed out on the next request. Use OQU_WORKERS against the server ' +
        'without a replica, or one process per replica behind a proxy that keeps each visitor on one process ' +
        '(decision 056).',
    );
  if (file.startsWith('file:') || SERVER_URL.test(file))
    throw new Error(`DATABASE_REPLICA is a file path (e.g. /var/lib/oqu/replica.db), not a URL: "${file}".`);
  const text = env.DATABASE_SYNC_INTERVAL?.trim();
  const seconds = text ? Number(text) : DEFAULT_SYNC_INTERVAL_S;
  if (!Number.isFinite(seconds) || seconds < MIN_SYNC_INTERVAL_S || seconds > MAX_SYNC_INTERVAL_S)
    throw new Error(
      `DATABASE_SYNC_INTERVAL is not valid: "${text}" (seconds between two syncs of the replica, ` +
        `from ${MIN_SYNC_INTERVAL_S} to ${MAX_SYNC_INTERVAL_S})`,
    );
  return { path: resolve(file), syncIntervalSeconds: seconds };
}
