/**
 * A consistent copy of an embedded database while the site keeps running: SQLite's
 * `VACUUM INTO` reads one snapshot (WAL readers do not block writers) and writes a compact,
 * self-contained file. A libSQL server is backed up with its own tools instead.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { isFileUrl, type Database } from './client.ts';

export async function backupDatabase(db: Database, url: string, target: string): Promise<void> {
  if (!isFileUrl(url)) throw new Error('backups by this command are for the embedded file database; back up a libSQL server with its own tools');
  if (existsSync(target)) throw new Error(`${target} already exists: choose a new file name`);
  mkdirSync(dirname(target), { recursive: true });
  await db.$client.execute({ sql: 'VACUUM INTO ?', args: [target] });
}
