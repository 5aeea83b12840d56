/** The database layer itself: migrations, connection settings, and where the default file lives. */
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeDatabase, createDatabase, findProjectRoot, resolveDatabaseUrl } from '#db/client.ts';
import { migrateDatabase, migrationsFolder } from '#db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const projectRoot = resolve(import.meta.dirname, '..', '..');
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

describe('migrations', () => {
  it('create every table and record each migration once, also when run again', async () => {
    const tables = await t.db.$client.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    const names = tables.rows.map((r) => String(r.name));
    for (const table of [
      'users',
      'sessions',
      'password_reset_tokens',
      'rate_limits',
      'enrollments',
      'lesson_progress',
      'quiz_attempts',
    ]) {
      expect(names).toContain(table);
    }
    const journal = JSON.parse(readFileSync(join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as {
      entries: unknown[];
    };
    await migrateDatabase(t.db);
    const applied = await t.db.$client.execute('SELECT count(*) AS n FROM __drizzle_migrations');
    expect(Number(applied.rows[0]!.n)).toBe(journal.entries.length);
  });

  it('enforce the role and e-mail constraints in the database too', async () => {
    const insert = (id: string, email: string, role: string) =>
      t.db.$client.execute({
        sql:
          'INSERT INTO users (id, email, display_name, password_hash, role, locale, created_at) VALUES (?, ?, ' +
          "'N', 'h', ?, 'kk', 0)",
        args: [id, email, role],
      });
    await insert('c1', 'c1@example.kz', 'learner');
    await expect(insert('c2', 'c1@example.kz', 'learner')).rejects.toThrow(/UNIQUE/i);
    await expect(insert('c3', 'c3@example.kz', 'superuser')).rejects.toThrow(/CHECK/i);
  });

  it('keep foreign keys on', async () => {
    await expect(
      t.db.$client.execute(
        "INSERT INTO sessions (id, user_id, created_at, expires_at, absolute_expires_at) VALUES ('s', " +
          "'no-such-user', 0, 1, 1)",
      ),
    ).rejects.toThrow(/FOREIGN KEY/i);
  });
});

describe.runIf(!process.env.OQU_TEST_DATABASE_URL)('an embedded file database', () => {
  it('runs in WAL mode with a busy timeout, foreign keys and synchronous=NORMAL', async () => {
    const pragma = async (name: string) => Object.values((await t.db.$client.execute(`PRAGMA ${name}`)).rows[0]!)[0];
    expect(await pragma('journal_mode')).toBe('wal');
    expect(Number(await pragma('foreign_keys'))).toBe(1);
    expect(Number(await pragma('busy_timeout'))).toBe(5000);
    expect(Number(await pragma('synchronous'))).toBe(1);
  });

  it('creates the folder of a file that does not exist yet', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oqu-db-'));
    const url = `file:${join(dir, 'nested', 'deeper', 'oqu.db')}`;
    const db = await createDatabase({ url });
    closeDatabase(db);
    expect(existsSync(join(dir, 'nested', 'deeper', 'oqu.db'))).toBe(true);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('locating the project', () => {
  it('defaults to data/oqu.db under the project root whatever the working directory', async () => {
    const cwd = process.cwd();
    vi.stubEnv('DATABASE_URL', '');
    try {
      process.chdir(tmpdir());
      expect(resolveDatabaseUrl()).toBe(`file:${join(projectRoot, 'data', 'oqu.db')}`);
      expect(migrationsFolder()).toBe(join(projectRoot, 'db', 'migrations'));
    } finally {
      process.chdir(cwd);
      vi.unstubAllEnvs();
    }
    vi.stubEnv('DATABASE_URL', 'libsql://example.turso.io');
    expect(resolveDatabaseUrl()).toBe('libsql://example.turso.io');
    vi.unstubAllEnvs();
  });

  it('finds the root from a bundled chunk under dist/', async () => {
    const root = await mkdtemp(join(tmpdir(), 'oqu-root-'));
    await mkdir(join(root, 'db', 'migrations'), { recursive: true });
    await mkdir(join(root, 'dist', 'server', 'chunks'), { recursive: true });
    expect(findProjectRoot(join(root, 'dist', 'server', 'chunks'))).toBe(root);
    await rm(root, { recursive: true, force: true });
  });
});

describe('the SQLite library', () => {
  it('reports its version (3.51.3 fixed a WAL-reset race: see db/client.ts)', async () => {
    const version = String((await t.db.$client.execute('SELECT sqlite_version() AS v')).rows[0]!.v);
    expect(version).toMatch(/^3\.\d+\.\d+$/);
    console.info(`SQLite ${version} via ${t.mode === 'file' ? 'embedded libSQL' : 'libSQL server'}`);
  });
});
