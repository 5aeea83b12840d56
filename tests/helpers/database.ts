/**
 * A fresh, migrated database for a test file. By default a libSQL file in a new temporary
 * folder: a copy of the base file that `database-setup.ts` migrated once for the whole run (the
 * integration project's global set-up, as Epic Stack does; copying takes about 20 ms where
 * migrating takes about 170), or migrated here when there is no base (a project without that
 * set-up). With OQU_TEST_DATABASE_URL (see scripts/test-sqld.sh) the given libSQL server, emptied
 * and migrated again, so run the files one at a time there (--no-file-parallelism).
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { closeDatabase, createDatabase, type Database } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated libSQL file each test copies (set by tests/helpers/database-setup.ts). */
    testDatabaseBase?: string;
  }
}

export interface TestDatabase {
  db: Database;
  url: string;
  /** `file` for the embedded default, `server` for OQU_TEST_DATABASE_URL. */
  mode: 'file' | 'server';
  cleanup: () => Promise<void>;
}

/** Refuses to wipe anything but a server on this machine. */
function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (
    !['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host) &&
    process.env.OQU_TEST_DATABASE_ALLOW_REMOTE !== '1'
  ) {
    throw new Error(
      `OQU_TEST_DATABASE_URL points at ${host}; the tests empty that database, so only a loopback server is used ` +
        `(set OQU_TEST_DATABASE_ALLOW_REMOTE=1 to override).`,
    );
  }
}

async function dropEverything(db: Database): Promise<void> {
  const result = await db.$client.execute(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE " +
      "'_litestream%' AND name NOT LIKE 'libsql_%'",
  );
  const names = result.rows.map((r) => String(r.name));
  // Children before parents, so foreign keys never object.
  names.sort((a, b) => Number(a === 'users') - Number(b === 'users'));
  if (names.length > 0)
    await db.$client.batch(
      names.map((n) => `DROP TABLE IF EXISTS "${n.replace(/"/g, '""')}"`),
      'write',
    );
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.OQU_TEST_DATABASE_URL;
  if (serverUrl) {
    assertLoopback(serverUrl);
    const db = await createDatabase({ url: serverUrl, authToken: process.env.OQU_TEST_DATABASE_AUTH_TOKEN });
    await dropEverything(db);
    await migrateDatabase(db);
    return { db, url: serverUrl, mode: 'server', cleanup: async () => closeDatabase(db) };
  }
  const dir = await mkdtemp(join(tmpdir(), 'oqu-test-'));
  const file = join(dir, 'oqu.db');
  const base = inject('testDatabaseBase');
  if (base) await copyFile(base, file);
  const url = `file:${file}`;
  const db = await createDatabase({ url });
  if (!base) await migrateDatabase(db);
  return {
    db,
    url,
    mode: 'file',
    cleanup: async () => {
      closeDatabase(db);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Migrates a new database file at `file` and leaves it whole in that one file (no WAL beside it), ready to copy. */
export async function migrateBaseDatabase(file: string): Promise<void> {
  const db = await createDatabase({ url: `file:${file}` });
  await migrateDatabase(db);
  await db.$client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  closeDatabase(db);
}
