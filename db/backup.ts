/**
 * A consistent copy of an embedded database while the site keeps running: SQLite's
 * `VACUUM INTO` reads one snapshot (WAL readers do not block writers, so no lock is needed
 * and the server keeps serving) and writes a compact, self-contained file. A libSQL server is
 * backed up with its own tools instead.
 *
 * A backup is only ever found under its own name whole and checked: the copy is written to a
 * hidden temporary name beside the target (created 0600 first, in a 0700 folder when the
 * folder is made here), passes `PRAGMA integrity_check`, is flushed to disk, and only then
 * linked to its name. A failure (full disk, bad copy) removes the temporary file; one left by
 * a killed backup is removed by the next backup into the same folder.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createClient } from '@libsql/client';
import { isFileUrl, type Database } from './client.ts';
import { processAlive } from './process-alive.mjs';

const TEMPORARY = /^\.(.+)\.partial-(\d+)$/;

function temporaryName(target: string): string {
  return join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
}

function removeWithCompanions(path: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

/** Removes temporary files that killed backups left in `folder`. */
function removeAbandoned(folder: string): void {
  for (const name of readdirSync(folder)) {
    const pid = Number(TEMPORARY.exec(name)?.[2]);
    if (pid && pid !== process.pid && !processAlive(pid)) removeWithCompanions(join(folder, name));
  }
}

/** `PRAGMA integrity_check` of a database file, read-only: "ok" or SQLite's first complaints. */
async function checkIntegrity(path: string): Promise<string> {
  const client = createClient({ url: `file:${path}` });
  try {
    const rows = (await client.execute('PRAGMA integrity_check')).rows;
    return rows.map((row) => String(row[0])).join('; ');
  } finally {
    client.close();
  }
}

function flush(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Gives the finished copy its name, never replacing a file that appeared meanwhile. */
function publish(partial: string, target: string): void {
  try {
    linkSync(partial, target);
  } catch (error) {
    // A filesystem without hard links: rename, which is as atomic, after one more look.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST' || existsSync(target))
      throw new Error(`${target} appeared while the backup ran: choose a new file name`, { cause: error });
    renameSync(partial, target);
  }
}

/** Writes a checked copy of the database to `target`, which must not exist yet. */
export async function backupDatabase(db: Database, url: string, target: string): Promise<void> {
  if (!isFileUrl(url))
    throw new Error(
      'backups by this command are for the embedded file database; back up a libSQL server with its own tools',
    );
  if (existsSync(target)) throw new Error(`${target} already exists: choose a new file name`);
  const folder = dirname(target);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  removeAbandoned(folder);
  const partial = temporaryName(target);
  removeWithCompanions(partial);
  const stop = () => {
    removeWithCompanions(partial);
    process.exit(130);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    closeSync(openSync(partial, 'wx', 0o600)); // VACUUM INTO fills an empty file and keeps its mode
    await db.$client.execute({ sql: 'VACUUM INTO ?', args: [partial] });
    const integrity = await checkIntegrity(partial);
    if (integrity !== 'ok') throw new Error(`the copy failed its integrity check (${integrity.slice(0, 300)})`);
    flush(partial);
    publish(partial, target);
    flush(folder);
  } finally {
    removeWithCompanions(partial);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
