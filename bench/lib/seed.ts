/**
 * Seeds a fresh database before the server starts: many learners, each with a session made
 * by the app's own `createSession` (as the end-to-end fixtures do), some progress in one
 * course. The app modules are loaded from the site snapshot, so the seed matches the server.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { acceptedWorkRows } from '../../tests/helpers/accepted-work.ts';
import type { SiteSnapshot } from './site.ts';

type ClientModule = typeof import('#db/client.ts');
type MigrateModule = typeof import('#db/migrate.ts');
type SchemaModule = typeof import('#db/schema.ts');
type SessionModule = typeof import('#lib/auth/session.server.ts');
type HashModule = typeof import('#lib/auth/password-hash.ts');
type CookieModule = typeof import('#lib/auth/cookie.ts');
type ConfigModule = typeof import('#lib/site/config.ts');

export const LEARNER_PASSWORD = 'quiet-steppe-river-2026';

export interface Learner {
  id: string;
  email: string;
  /** `name=value`, ready for a Cookie header. */
  cookie: string;
}

export interface SeedOptions {
  learners: number;
  /** Enrol everyone in this course and mark its first lessons done for every other learner. */
  progress?: { course: string; lessons: string[] };
}

const load = <T>(site: SiteSnapshot, path: string): Promise<T> =>
  import(pathToFileURL(join(site.root, path)).href) as Promise<T>;

/** The session cookie's name for the snapshot's site configuration. */
export async function sessionCookieNameFor(site: SiteSnapshot): Promise<string> {
  const { loadSiteConfigFile } = await load<ConfigModule>(site, 'src/lib/site/config.ts');
  const { isSecureSite, sessionCookieName } = await load<CookieModule>(site, 'src/lib/auth/cookie.ts');
  return sessionCookieName(isSecureSite(loadSiteConfigFile(site.root).baseUrl));
}

const LOCALES = ['kk', 'ru', 'en'] as const;
const NAMES = [
  'Әлия Нұрланова',
  'Ерлан Қасымов',
  'Анна Иванова',
  'Дәулет Сәрсенбаев',
  'Sarah Smith',
  'Гүлнәр Өтегенова',
];

/** Migrates the database at `databaseUrl` and creates the learners and their sessions. */
export async function seedDatabase(site: SiteSnapshot, databaseUrl: string, options: SeedOptions): Promise<Learner[]> {
  const { createDatabase, closeDatabase } = await load<ClientModule>(site, 'db/client.ts');
  const { migrateDatabase } = await load<MigrateModule>(site, 'db/migrate.ts');
  const schema = await load<SchemaModule>(site, 'db/schema.ts');
  const { createSession, generateSessionToken } = await load<SessionModule>(site, 'src/lib/auth/session.server.ts');
  const { hashPassword } = await load<HashModule>(site, 'src/lib/auth/password-hash.ts');
  const cookieName = await sessionCookieNameFor(site);

  const db = await createDatabase({ url: databaseUrl });
  try {
    await migrateDatabase(db);
    const passwordHash = await hashPassword(LEARNER_PASSWORD); // argon2 once, not per learner
    const now = new Date();
    const rows = Array.from({ length: options.learners }, (_, i) => ({
      id: `bench${String(i).padStart(6, '0')}`,
      email: `learner-${i}@bench.oqu.test`,
      displayName: `${NAMES[i % NAMES.length]} ${i}`,
      passwordHash,
      role: 'learner' as const,
      locale: LOCALES[i % LOCALES.length]!,
      region: null,
      organisation: null,
      active: true,
      createdAt: now,
    }));
    for (let i = 0; i < rows.length; i += 200) await db.insert(schema.users).values(rows.slice(i, i + 200));
    const learners: Learner[] = [];
    for (const row of rows) {
      const token = generateSessionToken();
      await createSession(db, token, { id: row.id, role: 'learner' }, { now });
      learners.push({ id: row.id, email: row.email, cookie: `${cookieName}=${token}` });
    }
    if (options.progress) {
      const { course, lessons } = options.progress;
      const enrolments = rows.map((r) => ({
        userId: r.id,
        course,
        enrolledAt: now,
        lastActivityAt: now,
        lastLesson: lessons[0] ?? null,
      }));
      for (let i = 0; i < enrolments.length; i += 200)
        await db.insert(schema.enrollments).values(enrolments.slice(i, i + 200));
      const done = rows
        .filter((_, i) => i % 2 === 0)
        .flatMap((r) => lessons.map((lesson) => ({ userId: r.id, course, lesson, completedAt: now })));
      for (let i = 0; i < done.length; i += 200) await db.insert(schema.lessonProgress).values(done.slice(i, i + 200));
    }
    return learners;
  } finally {
    closeDatabase(db);
  }
}

/** Certificate codes held by these users, if this version of Oqu has a certificates table. */
export async function findCertificateCodes(site: SiteSnapshot, databaseUrl: string): Promise<string[]> {
  const { createDatabase, closeDatabase } = await load<ClientModule>(site, 'db/client.ts');
  const db = await createDatabase({ url: databaseUrl });
  try {
    const result = await db.$client.execute('SELECT code FROM certificates');
    return result.rows.map((r) => String(r.code));
  } catch {
    return [];
  } finally {
    closeDatabase(db);
  }
}

/**
 * Marks every assignment of `course` accepted for these learners, as a trainer's review leaves it, so that a course
 * requiring accepted work (the curriculum's courses do) completes when they then finish its lessons and quizzes.
 */
export async function acceptAssignments(
  site: SiteSnapshot,
  databaseUrl: string,
  learnerIds: readonly string[],
  course: string,
): Promise<void> {
  const dir = join(site.root, 'courses', course, 'assignments');
  const assignments = existsSync(dir) ? readdirSync(dir).flatMap((f) => /^(.+)\.ya?ml$/.exec(f)?.[1] ?? []) : [];
  if (assignments.length === 0 || learnerIds.length === 0) return;
  const { createDatabase, closeDatabase } = await load<ClientModule>(site, 'db/client.ts');
  const schema = await load<SchemaModule>(site, 'db/schema.ts');
  const db = await createDatabase({ url: databaseUrl });
  try {
    const rows = acceptedWorkRows(learnerIds, course, assignments, new Date());
    for (let i = 0; i < rows.length; i += 200) await db.insert(schema.submissions).values(rows.slice(i, i + 200));
  } finally {
    closeDatabase(db);
  }
}
