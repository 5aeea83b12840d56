import { join, resolve } from 'node:path';
import { backupDatabase } from '../../db/backup.ts';
import { closeDatabase, createDatabase, findProjectRoot, resolveDatabaseUrl } from '../../db/client.ts';

/** `oqu backup [file]`: a consistent copy of the database, by default data/backups/oqu-<time>.db. */
export async function runBackup(args: string[]): Promise<number> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = resolve(args[0] ?? join(findProjectRoot(), 'data', 'backups', `oqu-${stamp}.db`));
  const url = resolveDatabaseUrl();
  const db = await createDatabase({ url });
  try {
    await backupDatabase(db, url, target);
    console.log(`Backup written to ${target}. To restore: stop the server, copy it over the database file (and delete its -wal and -shm files), start again.`);
    return 0;
  } catch (error) {
    console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    closeDatabase(db);
  }
}
