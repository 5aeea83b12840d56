/**
 * 7. Backup and restore while the site is busy: `node src/cli/oqu.ts backup <file>` runs
 * against the live database while HTTP writes continue; the copy (with the keys folder, as
 * the README says) is restored into a fresh location and served. Every write acknowledged
 * before the backup began is in the restored database, which passes integrity_check, and the
 * restored site signs people in and shows their progress.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { courseInfo, donePath, passingForm, quizPath, randomKey } from './lib/courses.ts';
import { closeDatabase, integrityCheck, openFile, openMigrated, seedUsers, type SeedUser } from './lib/db.ts';
import { attemptIdOf, clientAddress, formatHistogram, HttpClient, statusHistogram } from './lib/http.ts';
import { leakIn } from './lib/checks.ts';
import { seededRandom, suiteSeed } from './lib/random.ts';
import { databaseFile, makeDataDir, startServer, troubleInLog, type RunningServer } from './lib/server.ts';
import { siteRoot } from './lib/site-build.ts';

const urbanism = courseInfo('urbanism');
type Ack = { at: number } & (
  | { kind: 'register'; email: string }
  | { kind: 'done'; userId: string; lesson: string }
  | { kind: 'quiz'; userId: string; attemptId: string }
);

let liveDir: string;
let trainees: SeedUser[];
const servers: RunningServer[] = [];

beforeAll(async () => {
  liveDir = makeDataDir('backup-live');
  const db = await openMigrated(`file:${databaseFile(liveDir)}`);
  trainees = await seedUsers(
    db,
    Array.from({ length: 20 }, (_, i) => ({ email: `backup-${i}@oqu.test`, name: `Backup Trainee ${i}` })),
  );
  closeDatabase(db);
});

afterAll(async () => {
  for (const s of servers) await s.stop();
});

function runBackup(target: string): Promise<{ code: number | null; output: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['src/cli/oqu.ts', 'backup', target], {
      cwd: siteRoot,
      env: { ...process.env, DATABASE_URL: `file:${databaseFile(liveDir)}` },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output, ms: Date.now() - started }));
  });
}

test('a backup taken under write load restores with every write acknowledged before it began', async () => {
  const live = await startServer({ dataDir: liveDir });
  servers.push(live);
  const http = new HttpClient(live.baseURL, { maxSockets: 8 });
  const random = seededRandom(suiteSeed(7));
  const acks: Ack[] = [];
  const statuses: number[] = [];
  const leaks: string[] = [];
  let running = true;
  let registrations = 0;
  const worker = async (w: number) => {
    for (let n = 0; running; n++) {
      const t = trainees[Math.floor(random() * trainees.length)]!;
      const op = (w + n) % 3;
      if (op === 0) {
        const email = `backup-reg-${w}-${n}@oqu.test`;
        const res = await http.post(
          '/en/register',
          {
            name: `Backup Registrant ${w} ${n}`,
            email,
            password: 'amber-steppe-lantern-4',
            locale: 'en',
            consent: 'yes',
          },
          { from: clientAddress(registrations++) },
        );
        statuses.push(res.status);
        if (res.status === 303) acks.push({ at: Date.now(), kind: 'register', email });
        if (leakIn(res)) leaks.push(leakIn(res)!);
      } else if (op === 1) {
        const lesson = urbanism.lessons[Math.floor(random() * urbanism.lessons.length)]!;
        const res = await http.post(donePath('urbanism', lesson), {}, { cookie: t.cookies[0] });
        statuses.push(res.status);
        if (res.status === 303 && !res.location?.includes('/login'))
          acks.push({ at: Date.now(), kind: 'done', userId: t.id, lesson });
      } else {
        const q = Object.values(urbanism.quizzes)[n % 2]!;
        const res = await http.post(quizPath('urbanism', q.lesson), passingForm(q.file, randomKey()), {
          cookie: t.cookies[0],
        });
        statuses.push(res.status);
        const id = attemptIdOf(res);
        if (res.status === 303 && id) acks.push({ at: Date.now(), kind: 'quiz', userId: t.id, attemptId: id });
        if (leakIn(res)) leaks.push(leakIn(res)!);
      }
    }
  };
  const load = Promise.all([0, 1, 2, 3].map(worker));
  await new Promise((r) => setTimeout(r, 1500));
  const target = join(makeDataDir('backup-file'), 'copy.db');
  const backupStarted = Date.now();
  const backup = await runBackup(target);
  const backupEnded = Date.now();
  await new Promise((r) => setTimeout(r, 500));
  running = false;
  await load;
  http.close();
  const trouble = troubleInLog(live.log());
  await live.stop();

  expect(backup.code, backup.output).toBe(0);
  expect(existsSync(target)).toBe(true);
  const before = acks.filter((a) => a.at < backupStarted);
  const during = acks.filter((a) => a.at >= backupStarted && a.at <= backupEnded).length;

  // Restore as the README says: the copy in place of the database file, the keys beside it.
  const restoredDir = makeDataDir('backup-restored');
  copyFileSync(target, databaseFile(restoredDir));
  cpSync(join(liveDir, 'keys'), join(restoredDir, 'keys'), { recursive: true });
  const pre = openFile(databaseFile(restoredDir));
  const integrity = await integrityCheck(pre);
  pre.close();

  const restored = await startServer({ dataDir: restoredDir });
  servers.push(restored);
  const check = new HttpClient(restored.baseURL);
  const someone = before.find((a) => a.kind === 'register');
  const signIn =
    someone && someone.kind === 'register'
      ? await check.post('/en/login', { email: someone.email, password: 'amber-steppe-lantern-4' })
      : undefined;
  const account = await check.get('/en/account', { cookie: trainees[0]!.cookies[0] });
  check.close();
  await restored.stop();

  const client = openFile(databaseFile(restoredDir));
  const missing: Ack[] = [];
  for (const a of before) {
    const rs =
      a.kind === 'register'
        ? await client.execute({ sql: 'SELECT count(*) FROM users WHERE email = ?', args: [a.email] })
        : a.kind === 'done'
          ? await client.execute({
              sql: "SELECT count(*) FROM lesson_progress WHERE user_id = ? AND course = 'urbanism' AND lesson = ?",
              args: [a.userId, a.lesson],
            })
          : await client.execute({
              sql: 'SELECT count(*) FROM quiz_attempts WHERE id = ? AND user_id = ?',
              args: [a.attemptId, a.userId],
            });
    if (Number(rs.rows[0]![0]) !== 1) missing.push(a);
  }
  const integrityAfter = await integrityCheck(client);
  client.close();

  console.log(
    `[backup] ${statuses.length} writes over HTTP (${formatHistogram(statusHistogram(statuses))}); backup took ` +
      `${backup.ms} ms with ${during} writes acknowledged meanwhile; ` +
      `${before.length} acknowledged before it began, missing after restore ${missing.length}; integrity ` +
      `${integrity}/${integrityAfter}; restored sign-in ${signIn?.status}, account ${account.status}; log trouble ` +
      `${trouble.length}`,
  );
  expect(statuses.filter((s) => s >= 500)).toEqual([]);
  expect(statuses.every((s) => s === 303)).toBe(true);
  expect(leaks).toEqual([]);
  expect(trouble).toEqual([]);
  expect(integrity).toBe('ok');
  expect(integrityAfter).toBe('ok');
  expect(before.length).toBeGreaterThan(20);
  expect(missing).toEqual([]);
  expect(signIn?.status).toBe(303);
  expect(account.status).toBe(200);
  expect(account.text).toContain('Urbanism and active citizenship');
});
