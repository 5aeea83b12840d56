/**
 * What the admin's System page shows (decision 051): the version, the database (kind, size,
 * pending migrations), the backups (the schedule's last run, the newest archive), the signing
 * keys, the courses as built, mail, and the disk space left; and the warnings an operator should
 * act on, as message keys.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statfsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { filePathOf, findProjectRoot, isFileUrl, resolveDatabaseUrl, type Database } from '#db/client.ts';
import { replicaSettings } from '#db/replica-settings.mjs';
import { resolveKeysDir } from '#lib/certificates/keys.ts';
import type { CatalogCourse } from '#lib/courses/catalog.ts';
import { mailSettings } from '#lib/mail/mailer.server.ts';
import { systemWarnings, type BackupState, type SystemFacts } from './system.ts';

export type { SystemFacts } from './system.ts';

const SCHEDULE = Symbol.for('oqu.backupSchedule');

function readJson<T>(path: string): T | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

async function databaseFacts(db: Database, url: string): Promise<SystemFacts['database']> {
  const one = async (pragma: string) => Number((await db.$client.execute(pragma)).rows[0]?.[0] ?? 0);
  const bytes = (await one('PRAGMA page_count')) * (await one('PRAGMA page_size'));
  const file = isFileUrl(url) ? filePathOf(url) : null;
  const wal = file ? (safeSize(`${file}-wal`) ?? 0) : 0;
  if (file) return { kind: 'file', bytes: bytes + wal };
  const replica = replicaSettings(process.env, url); // checked when the server started
  return replica ? { kind: 'replica', bytes, syncSeconds: replica.syncIntervalSeconds } : { kind: 'server', bytes };
}

function safeSize(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}

/** Migrations in db/migrations that the database has not applied. */
async function pendingMigrations(db: Database, root: string): Promise<number> {
  const journal = readJson<{ entries: { when: number }[] }>(join(root, 'db', 'migrations', 'meta', '_journal.json'));
  const applied = await db.$client
    .execute('SELECT max(created_at) FROM __drizzle_migrations')
    .then((rs) => Number(rs.rows[0]?.[0] ?? 0))
    .catch(() => 0);
  return (journal?.entries ?? []).filter((entry) => entry.when > applied).length;
}

/** The schedule's state (set by the server), and the newest archive in its folder. */
function backupFacts(root: string): BackupState {
  type Published = Partial<NonNullable<BackupState['schedule']>> & { folder?: string };
  const schedule = (globalThis as Record<symbol, Published | undefined>)[SCHEDULE];
  const dir = process.env.OQU_BACKUP_DIR?.trim() || join('data', 'backups');
  const folder = schedule?.folder ?? (isAbsolute(dir) ? dir : join(root, dir));
  let newest: BackupState['newest'] = null;
  try {
    for (const name of readdirSync(folder).filter((n) => /^oqu-.+\.tar\.gz$/.test(n))) {
      const { mtime, size } = statSync(join(folder, name));
      if (!newest || mtime > newest.at) newest = { name, at: mtime, bytes: size };
    }
  } catch {
    // no folder yet: no backup
  }
  return { folder, newest, schedule: schedule?.intervalMs ? (schedule as BackupState['schedule']) : null };
}

function keyFacts(root: string): SystemFacts['keys'] {
  const manifest = readJson<{ current: string; keys: { kid: string; createdAt: string }[] }>(
    join(resolveKeysDir(root), 'keys.json'),
  );
  return (manifest?.keys ?? []).map((k) => ({
    kid: k.kid,
    createdAt: new Date(k.createdAt),
    current: k.kid === manifest?.current,
  }));
}

/** A short fingerprint of a course as built: it changes whenever its settings, lessons or quizzes do. */
function courseVersion(course: CatalogCourse): string {
  const { data, lessons, quizzes, assignments } = course;
  return createHash('sha256')
    .update(JSON.stringify({ data, lessons, quizzes, assignments }))
    .digest('hex')
    .slice(0, 12);
}

function diskFacts(path: string): SystemFacts['disk'] {
  try {
    const s = statfsSync(path);
    return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch {
    return null;
  }
}

/** Everything the System page shows, and its warnings. */
export async function systemReport(db: Database, courses: readonly CatalogCourse[], now = new Date()) {
  const root = findProjectRoot();
  const url = resolveDatabaseUrl();
  const file = isFileUrl(url) ? filePathOf(url) : null;
  const backups = backupFacts(root);
  const facts: SystemFacts = {
    version: readJson<{ version: string }>(join(root, 'package.json'))?.version ?? '?',
    node: process.version,
    database: await databaseFacts(db, url),
    pendingMigrations: await pendingMigrations(db, root),
    backups,
    keys: keyFacts(root),
    courses: courses.map((c) => ({ slug: c.slug, title: c.data.title, version: courseVersion(c), origin: c.origin })),
    mail: mailSettings().configured,
    disk: diskFacts(file ? dirname(file) : root),
  };
  return { facts, warnings: systemWarnings(facts, now) };
}
