/**
 * The database from the test's side: migrate and seed it before a server holds it (users with
 * one shared password hash, sessions made with the app's own createSession), and read it
 * after the server has stopped. Never written while a server runs: one writer process per
 * database file (see db/client.ts).
 */
import { createClient, type Client } from '@libsql/client';
import { eq } from 'drizzle-orm';
import { closeDatabase, createDatabase, type Database } from '#db/client.ts';
import { createId } from '#db/ids.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { sessions, users, type Role } from '#db/schema.ts';
import { hashPassword } from '#lib/auth/password-hash.ts';
import { createSession, generateSessionToken } from '#lib/auth/session.server.ts';
import { FIXTURE_PASSWORD } from '../../fixtures/accounts.ts';

export interface SeedUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Session cookies (`oqu_session=<token>`), made before the server started. */
  cookies: string[];
}

export interface SeedSpec {
  email: string;
  name: string;
  role?: Role;
  locale?: 'kk' | 'ru' | 'en';
  /** How many sessions to make for the user. */
  sessions?: number;
}

let sharedHash: Promise<string> | undefined;

/** Opens a database file and applies every migration. */
export async function openMigrated(url: string): Promise<Database> {
  const db = await createDatabase({ url });
  await migrateDatabase(db);
  return db;
}

/**
 * Users inserted straight into the table (one argon2 hash for all: hashing 200 passwords
 * would only slow the set-up), each with sessions from the app's `createSession`.
 */
export async function seedUsers(
  db: Database,
  specs: readonly SeedSpec[],
  cookieName = 'oqu_session',
): Promise<SeedUser[]> {
  sharedHash ??= hashPassword(FIXTURE_PASSWORD);
  const passwordHash = await sharedHash;
  const now = new Date();
  const rows = specs.map((s) => ({
    id: createId(),
    email: s.email.toLowerCase(),
    displayName: s.name,
    passwordHash,
    role: s.role ?? 'learner',
    locale: s.locale ?? 'en',
    region: null,
    organisation: null,
    active: true,
    createdAt: now,
  }));
  for (let i = 0; i < rows.length; i += 100) await db.insert(users).values(rows.slice(i, i + 100));
  const out: SeedUser[] = [];
  for (const [i, row] of rows.entries()) {
    const cookies: string[] = [];
    for (let n = 0; n < (specs[i]!.sessions ?? 1); n++) {
      const token = generateSessionToken();
      await createSession(db, token, { id: row.id, role: row.role });
      cookies.push(`${cookieName}=${token}`);
    }
    out.push({ id: row.id, email: row.email, name: row.displayName, role: row.role, cookies });
  }
  return out;
}

/** A session for `user` created at `now` (e.g. in the past, to make it expired). */
export async function sessionAt(
  db: Database,
  user: { id: string; role: Role },
  now: Date,
  cookieName = 'oqu_session',
): Promise<string> {
  const token = generateSessionToken();
  await createSession(db, token, user, { now });
  return `${cookieName}=${token}`;
}

export async function setSessionExpiry(db: Database, cookie: string, expiresAt: Date): Promise<void> {
  const { hashToken } = await import('#lib/auth/token.ts');
  await db
    .update(sessions)
    .set({ expiresAt })
    .where(eq(sessions.id, hashToken(cookie.split('=')[1]!)));
}

export { closeDatabase, createDatabase };
export type { Database };

/** A plain libSQL client on a database file, for reading it after the server stopped. */
export function openFile(path: string): Client {
  return createClient({ url: `file:${path}` });
}

export async function integrityCheck(client: Client): Promise<string> {
  const rs = await client.execute('PRAGMA integrity_check');
  return rs.rows.map((r) => String(r[0])).join('; ');
}

export async function count(client: Client, sql: string, args: (string | number)[] = []): Promise<number> {
  const rs = await client.execute({ sql, args });
  return Number(rs.rows[0]?.[0] ?? 0);
}
