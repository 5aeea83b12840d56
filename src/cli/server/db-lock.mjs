// One process at a time writes an embedded database file. Plain JavaScript: loaded by
// serve.mjs (see its header) and by the TypeScript commands that write the database.
//
// The libSQL build's SQLite (3.45) has a WAL-reset race between writers in several processes
// (db/client.ts), so a second server, or `oqu migrate` under a running server, could corrupt
// the file. The lock is a file beside the database (`oqu.db.lock`), created atomically
// (written under a temporary name, then hard-linked into place, which fails if it exists),
// holding who took it. A lock whose process is gone (killed, machine restarted, pid reused
// by another program) is stale and taken over. Node has no flock(2); a pid file is what
// PostgreSQL does too. A libSQL server (`http://`, `libsql://`) does its own locking.
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { processAlive } from '#db/process-alive.mjs';

/** Set by the process holding the lock for a child that works under it (serve.mjs runs `oqu prepare`). */
export const LOCK_TOKEN_ENV = 'OQU_DATABASE_LOCK_TOKEN';

export class DatabaseLockedError extends Error {
  /** @param {string} message @param {LockHolder | null} holder who holds it, when readable */
  constructor(message, holder) {
    super(message);
    this.name = 'DatabaseLockedError';
    this.holder = holder;
  }
}

/**
 * @typedef {object} LockHolder
 * @property {number} pid
 * @property {string} command
 * @property {string} startedAt
 * @property {string} host
 * @property {string | null} bootId
 * @property {string | null} processStart
 * @property {string} token
 */

/**
 * The database file a `file:` URL names, or null for a libSQL server or memory.
 * @param {string} url
 * @returns {string | null}
 */
export function databaseFileOf(url) {
  if (!url.startsWith('file:') || url.includes(':memory:')) return null;
  const path = url.replace(/^file:(\/\/)?/, '').replace(/\?.*$/, '');
  return path ? resolve(path) : null;
}

/** @param {string} path */
function readOrNull(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

const bootId = () => readOrNull('/proc/sys/kernel/random/boot_id')?.trim() ?? null;

/**
 * When a process started (clock ticks since boot, Linux only), and whether it is a zombie.
 * @param {number} pid
 */
function processStart(pid) {
  const stat = readOrNull(`/proc/${pid}/stat`);
  if (!stat) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0], start: fields[19] ?? null };
}

/**
 * True when the holder's process is certainly gone. A lock taken on another machine (a
 * shared folder) cannot be checked and is taken as live.
 * @param {LockHolder} holder
 */
function isStale(holder) {
  if (holder.host !== hostname()) return false;
  if (holder.bootId && bootId() && holder.bootId !== bootId()) return true;
  if (!processAlive(holder.pid)) return true;
  const now = processStart(holder.pid);
  if (!now) return false;
  if (now.state === 'Z') return true;
  return holder.processStart !== null && now.start !== null && holder.processStart !== now.start;
}

/** @param {LockHolder} holder @param {string} databaseFile @param {string} lockFile */
function describeHolder(holder, databaseFile, lockFile) {
  return (
    `The database ${databaseFile} is in use by another Oqu process: pid ${holder.pid} (${holder.command}), started ` +
    `${holder.startedAt} on ${holder.host}.\n` +
    'Only one process may write a database file at a time. Stop that process first (backups need not: `oqu backup` ' +
    'works while the server runs).\n' +
    `If no such process runs any more, delete ${lockFile}.`
  );
}

/**
 * Takes the lock of the database at `url` for this process; a libSQL server needs none.
 * Under a parent that holds the lock and passed its token (LOCK_TOKEN_ENV), shares it.
 * Throws DatabaseLockedError, naming the holder, when another live process has it.
 * @param {string} url
 * @param {string} command what this process is, for the message another process shows
 * @returns {{ file: string | null, token: string | null, release: () => void }}
 */
export function acquireDatabaseLock(url, command) {
  const databaseFile = databaseFileOf(url);
  if (!databaseFile) return { file: null, token: null, release: () => undefined };
  const lockFile = `${databaseFile}.lock`;
  // On a fresh checkout data/ does not exist yet: the lock comes before the database.
  mkdirSync(dirname(lockFile), { recursive: true, mode: 0o700 });
  const start = processStart(process.pid);
  /** @type {LockHolder} */
  const mine = {
    pid: process.pid,
    command,
    startedAt: new Date().toISOString(),
    host: hostname(),
    bootId: bootId(),
    processStart: start?.start ?? null,
    token: randomBytes(16).toString('hex'),
  };
  const inherited = process.env[LOCK_TOKEN_ENV];
  for (let attempt = 0; attempt < 5; attempt++) {
    const temporary = `${lockFile}.${process.pid}.${mine.token.slice(0, 8)}`;
    writeFileSync(temporary, `${JSON.stringify(mine)}\n`, { mode: 0o600 });
    try {
      linkSync(temporary, lockFile);
      return { file: lockFile, token: mine.token, release: () => releaseLock(lockFile, mine.token) };
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temporary);
    }
    const text = readOrNull(lockFile);
    if (text === null) continue; // released meanwhile
    /** @type {LockHolder | null} */
    let holder;
    try {
      holder = JSON.parse(text);
    } catch {
      holder = null;
    }
    if (!holder || typeof holder.pid !== 'number') {
      throw new DatabaseLockedError(
        `The lock file ${lockFile} is not readable. If no Oqu process uses ${databaseFile}, delete it.`,
        null,
      );
    }
    if (inherited && holder.token === inherited && !isStale(holder))
      return { file: lockFile, token: inherited, release: () => undefined };
    if (!isStale(holder)) throw new DatabaseLockedError(describeHolder(holder, databaseFile, lockFile), holder);
    // Remove the stale lock only if it is still the one judged (another starter may have replaced it).
    if (readOrNull(lockFile) === text) {
      try {
        unlinkSync(lockFile);
      } catch {
        // someone else removed it first
      }
    }
  }
  throw new Error(`Could not take the lock ${lockFile}: it keeps changing; is another Oqu process starting?`);
}

/**
 * Removes the lock if it is still this process's.
 * @param {string} lockFile
 * @param {string} token
 */
function releaseLock(lockFile, token) {
  try {
    if (JSON.parse(readFileSync(lockFile, 'utf8')).token === token) unlinkSync(lockFile);
  } catch {
    // gone already, or another process's
  }
}
