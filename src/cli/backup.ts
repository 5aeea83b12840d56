import { chmodSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { backupDatabase } from '#db/backup.ts';
import { closeDatabase, createDatabase, findProjectRoot, resolveDatabaseUrl } from '#db/client.ts';

/**
 * `oqu backup [file]`: a consistent, checked copy of the database (0600), by default
 * data/backups/oqu-<time>.db (that folder 0700). Works while the server runs: it only reads.
 */
export async function runBackup(args: string[]): Promise<number> {
  process.umask(0o077);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const defaultFolder = join(findProjectRoot(), 'data', 'backups');
  const target = resolve(args[0] ?? join(defaultFolder, `oqu-${stamp}.db`));
  const url = resolveDatabaseUrl();
  const db = await createDatabase({ url });
  try {
    await backupDatabase(db, url, target);
    if (!args[0]) chmodSync(defaultFolder, 0o700);
    console.log(
      `Backup written to ${target} (integrity checked). To restore: stop the server, copy it over the database file ` +
        `(and delete its -wal and -shm files), start again.`,
    );
    return 0;
  } catch (error) {
    console.error(
      `Backup failed, nothing was written to ${target}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  } finally {
    closeDatabase(db);
  }
}
