/**
 * 8. Upgrade: a database made by an earlier release (only the first migrations applied,
 * through drizzle's migrator on a trimmed copy of db/migrations) and holding users, sessions,
 * enrolments, progress and quiz attempts is upgraded in place by `node src/cli/oqu.ts
 * migrate`; every row is still there, unchanged, and the upgraded site works on it
 * (sign-in, sessions, progress, and issuing a certificate, whose table came later).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { afterAll, describe, expect, test } from 'vitest';
import { createDatabase, closeDatabase } from '#db/client.ts';
import { createSession, generateSessionToken } from '#lib/auth/session.server.ts';
import { createId } from '#db/ids.ts';
import { hashPassword } from '#lib/auth/password-hash.ts';
import { submitAttempt } from '#lib/quiz/attempts.server.ts';
import { quizSchema } from '#lib/courses/schema.ts';
import { acceptAssignments } from '../helpers/accepted-work.ts';
import { courseInfo, donePath, passingForm, quizPath, randomKey } from './lib/courses.ts';
import { integrityCheck, openFile } from './lib/db.ts';
import { HttpClient } from './lib/http.ts';
import { databaseFile, makeDataDir, startServer, type RunningServer } from './lib/server.ts';
import { siteRoot } from './lib/site-build.ts';

interface Journal {
  entries: { idx: number; tag: string }[];
}
const migrationsDir = join(siteRoot, 'db', 'migrations');
const journal = JSON.parse(readFileSync(join(migrationsDir, 'meta', '_journal.json'), 'utf8')) as Journal &
  Record<string, unknown>;
const latestTag = journal.entries.at(-1)!.tag;
const TABLES = ['users', 'sessions', 'enrollments', 'lesson_progress', 'quiz_attempts'];
const PASSWORD = 'old-release-steppe-42';
const servers: RunningServer[] = [];

afterAll(async () => {
  for (const s of servers) await s.stop();
});

/** A migrations folder holding only the first `count` migrations, as an earlier release shipped them. */
function earlierMigrations(count: number): string {
  const dir = join(makeDataDir('migrations'), 'migrations');
  mkdirSync(join(dir, 'meta'), { recursive: true });
  const entries = journal.entries.slice(0, count);
  for (const e of entries) {
    copyFileSync(join(migrationsDir, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));
    copyFileSync(
      join(migrationsDir, 'meta', `${e.tag.slice(0, 4)}_snapshot.json`),
      join(dir, 'meta', `${e.tag.slice(0, 4)}_snapshot.json`),
    );
  }
  writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }, null, 2));
  return dir;
}

async function dump(path: string): Promise<Record<string, unknown[]>> {
  const client = openFile(path);
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES)
    out[t] = (await client.execute(`SELECT * FROM ${t} ORDER BY rowid`)).rows.map((r) => ({ ...r }));
  client.close();
  return out;
}

const urbanism = courseInfo('urbanism');

describe.each(journal.entries.slice(0, -1).map((e, i) => ({ applied: i + 1, last: e.tag })))(
  'upgrade from a database at $last',
  ({ applied, last }) => {
    test(`"oqu migrate" brings it to ${latestTag} with every row intact, and the site works on it`, async () => {
      const dataDir = makeDataDir(`upgrade-${applied}`);
      const url = `file:${databaseFile(dataDir)}`;
      const db = await createDatabase({ url });
      await migrate(db, { migrationsFolder: earlierMigrations(applied) });
      // Data as the earlier release wrote it, through the functions that release had.
      // Users as the first release's statement wrote them (createUser now names credential_subject, added by 0007).
      const userOld = async (
        id: string,
        name: string,
        email: string,
        role: 'learner' | 'trainer',
        locale: string,
        region: string | null,
        organisation: string | null,
      ) => {
        await db.$client.execute({
          sql:
            'INSERT INTO users (id, email, display_name, password_hash, role, locale, region, organisation, ' +
            'active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)',
          args: [id, email, name, await hashPassword(PASSWORD), role, locale, region, organisation, Date.now()],
        });
        return { id, role };
      };
      const learner = await userOld(
        createId(),
        'Ерлан Старый',
        'old-learner@oqu.test',
        'learner',
        'kk',
        'Алматы',
        null,
      );
      const trainer = await userOld(createId(), 'Old Trainer', 'old-trainer@oqu.test', 'trainer', 'en', null, 'NGO');
      const token = generateSessionToken();
      await createSession(db, token, learner);
      await createSession(db, generateSessionToken(), trainer);
      // Enrolments and progress as the first release's statements wrote them (today's functions
      // name columns that later migrations added).
      const now = Date.now();
      const enrolOld = (userId: string, course: string) =>
        db.$client.execute({
          sql: 'INSERT INTO enrollments (user_id, course, enrolled_at, last_activity_at) VALUES (?, ?, ?, ?)',
          args: [userId, course, now, now],
        });
      await enrolOld(learner.id, 'urbanism');
      await enrolOld(trainer.id, 'social-entrepreneurship');
      for (const lesson of urbanism.lessons.slice(0, 3)) {
        await db.$client.batch(
          [
            {
              sql: 'UPDATE enrollments SET last_lesson = ?, last_activity_at = ? WHERE user_id = ? AND course = ?',
              args: [lesson, now, learner.id, 'urbanism'],
            },
            {
              sql: 'INSERT INTO lesson_progress (user_id, course, lesson, completed_at) VALUES (?, ?, ?, ?)',
              args: [learner.id, 'urbanism', lesson, now],
            },
          ],
          'write',
        );
      }
      const [quizId] = Object.keys(urbanism.quizzes) as [string];
      const quiz = quizSchema.parse(urbanism.quizzes[quizId]!.file);
      const attempt = await submitAttempt(db, {
        userId: learner.id,
        course: 'urbanism',
        quizId,
        quiz,
        answers: {},
        locale: 'kk',
        idempotencyKey: 'old-release-attempt-1',
      });
      expect(attempt.ok).toBe(true);
      const tablesBefore = (await db.$client.execute("SELECT name FROM sqlite_master WHERE type = 'table'")).rows.map(
        (r) => String(r[0]),
      );
      closeDatabase(db);
      const before = await dump(databaseFile(dataDir));

      const run = () =>
        execFileSync(process.execPath, ['src/cli/oqu.ts', 'migrate'], {
          cwd: siteRoot,
          env: { ...process.env, DATABASE_URL: url },
          encoding: 'utf8',
        });
      const output = run();
      const again = run();
      const after = await dump(databaseFile(dataDir));
      const client = openFile(databaseFile(dataDir));
      const integrity = await integrityCheck(client);
      const applied2 = Number((await client.execute('SELECT count(*) FROM __drizzle_migrations')).rows[0]![0]);
      const tablesAfter = (await client.execute("SELECT name FROM sqlite_master WHERE type = 'table'")).rows.map((r) =>
        String(r[0]),
      );
      client.close();
      // The learner's urbanism work, accepted as a review leaves it: completing the course below issues a certificate.
      await acceptAssignments(`file:${databaseFile(dataDir)}`, learner, 'urbanism', urbanism.assignments);

      // The upgraded site: the old session still signs in, the old password works, progress
      // shows, and completing the course issues a certificate into the table added later.
      const server = await startServer({ dataDir });
      servers.push(server);
      const http = new HttpClient(server.baseURL);
      const cookie = `oqu_session=${token}`;
      const account = await http.get('/kk/account', { cookie });
      const signIn = await http.post('/en/login', { email: 'old-trainer@oqu.test', password: PASSWORD });
      for (const lesson of urbanism.lessons) await http.post(donePath('urbanism', lesson), {}, { cookie });
      for (const q of Object.values(urbanism.quizzes))
        await http.post(quizPath('urbanism', q.lesson), passingForm(q.file, randomKey()), { cookie });
      const certified = await http.get('/kk/account', { cookie });
      http.close();
      await server.stop();
      // The dashboard numbers kept on write cover the old rows too (counted by the migrations and
      // by `oqu prepare`), and followed what the site wrote since.
      const counts = openFile(databaseFile(dataDir));
      const lessonsDone = Number(
        (
          await counts.execute({
            sql: "SELECT lessons_done FROM enrollments WHERE user_id = ? AND course = 'urbanism'",
            args: [learner.id],
          })
        ).rows[0]![0],
      );
      const totals = (
        await counts.execute('SELECT sum(enrolments), sum(completions), sum(certificates) FROM programme_counts')
      ).rows[0]!;
      const programme = [0, 1, 2].map((i) => Number(totals[i]));
      counts.close();

      const rows = Object.entries(before)
        .map(([t, r]) => `${t} ${r.length}`)
        .join(', ');
      console.log(
        `[upgrade] from ${last} (${applied}/${journal.entries.length} migrations; tables ` +
          `${tablesBefore.filter((t) => !t.startsWith('sqlite_') && !t.startsWith('__')).length} → ` +
          `${tablesAfter.filter((t) => !t.startsWith('sqlite_') && !t.startsWith('__')).length}): rows ${rows}; ` +
          `migrate said "${output.trim()}"; recorded migrations ${applied2}; integrity ${integrity}; old session → ` +
          `${account.status}, old password → ${signIn.status}, certificate after completing: ` +
          `${/\/verify\/[0-9A-Z-]{14}/.test(certified.text) ? 'issued' : 'NONE'}`,
      );
      expect(output).toMatch(/up to date/);
      expect(again).toMatch(/up to date/);
      expect(applied2).toBe(journal.entries.length);
      expect(integrity).toBe('ok');
      // Every row as it was (columns a later migration added are left out of the comparison).
      const projected = Object.fromEntries(
        Object.entries(after).map(([t, rows]) => [
          t,
          rows.map((r, i) =>
            Object.fromEntries(
              Object.keys((before[t]![i] ?? r) as object).map((k) => [k, (r as Record<string, unknown>)[k]]),
            ),
          ),
        ]),
      );
      expect(projected).toEqual(before);
      expect(tablesAfter).toContain('certificates');
      expect(account.status).toBe(200);
      expect(account.text).toContain('Урбанистика және белсенді азаматтық');
      expect(signIn.status).toBe(303);
      expect(certified.text).toMatch(/\/verify\/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/);
      expect(lessonsDone).toBe(urbanism.lessons.length);
      // Two enrolments, the learner's completion and certificate.
      expect(programme).toEqual([2, 1, 1]);
    });
  },
);
