/**
 * 2. Crash: a write load (registrations, "mark as done", quiz submissions) runs against the
 * real server, which is killed with SIGKILL at a random moment and restarted, ten times. After
 * each kill the database file passes `PRAGMA integrity_check`, and every write the client saw
 * acknowledged (a 303 with the expected target) is in it.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { hashToken } from '#lib/auth/token.ts';
import { courseInfo, donePath, passingForm, quizPath, randomKey } from './lib/courses.ts';
import { closeDatabase, integrityCheck, openFile, openMigrated, seedUsers, type SeedUser } from './lib/db.ts';
import {
  attemptIdOf,
  clientAddress,
  formatHistogram,
  HttpClient,
  sessionCookieOf,
  statusHistogram,
} from './lib/http.ts';
import { leakIn } from './lib/checks.ts';
import { seededRandom, suiteSeed } from './lib/random.ts';
import { databaseFile, makeDataDir, startServer, troubleInLog, type RunningServer } from './lib/server.ts';

const CYCLES = 10;
const WORKERS = 6;
const courses = [courseInfo('urbanism'), courseInfo('social-entrepreneurship')];
const urbanism = courses[0]!;

type Ack =
  | { kind: 'register'; email: string; token: string }
  | { kind: 'done'; userId: string; course: string; lesson: string }
  | { kind: 'quiz'; userId: string; attemptId: string; key: string };

let dataDir: string;
let trainees: SeedUser[];
let server: RunningServer | undefined;

beforeAll(async () => {
  dataDir = makeDataDir('crash');
  const db = await openMigrated(`file:${databaseFile(dataDir)}`);
  trainees = await seedUsers(
    db,
    Array.from({ length: 30 }, (_, i) => ({ email: `crash-${i}@oqu.test`, name: `Crash Trainee ${i}` })),
  );
  closeDatabase(db);
});

afterAll(async () => {
  await server?.stop();
});

/** Whether each acknowledged write is in the database; returns the missing ones. */
async function missingAcks(acks: Ack[]): Promise<Ack[]> {
  const client = openFile(databaseFile(dataDir));
  const missing: Ack[] = [];
  for (const ack of acks) {
    let found: number;
    if (ack.kind === 'register') {
      const rs = await client.execute({
        sql: 'SELECT count(*) FROM users u JOIN sessions s ON s.user_id = u.id WHERE u.email = ? AND s.id = ?',
        args: [ack.email, hashToken(ack.token)],
      });
      found = Number(rs.rows[0]![0]);
    } else if (ack.kind === 'done') {
      const rs = await client.execute({
        sql: 'SELECT count(*) FROM lesson_progress WHERE user_id = ? AND course = ? AND lesson = ?',
        args: [ack.userId, ack.course, ack.lesson],
      });
      found = Number(rs.rows[0]![0]);
    } else {
      const rs = await client.execute({
        sql: 'SELECT count(*) FROM quiz_attempts WHERE id = ? AND user_id = ? AND idempotency_key = ?',
        args: [ack.attemptId, ack.userId, ack.key],
      });
      found = Number(rs.rows[0]![0]);
    }
    if (found !== 1) missing.push(ack);
  }
  client.close();
  return missing;
}

test('ten SIGKILLs during a write load: integrity ok and every acknowledged write present', async () => {
  const random = seededRandom(suiteSeed(2));
  const acks: Ack[] = [];
  const statuses: number[] = [];
  const leaks: string[] = [];
  const integrity: string[] = [];
  const killDelays: number[] = [];
  let unanswered = 0;
  let registrations = 0;
  const trouble: string[] = [];

  for (let cycle = 0; cycle < CYCLES; cycle++) {
    server = await startServer({ dataDir });
    const http = new HttpClient(server.baseURL, { maxSockets: WORKERS });
    let alive = true;
    const worker = async (w: number) => {
      for (let n = 0; alive; n++) {
        const op = (w + n) % 3;
        const trainee = trainees[Math.floor(random() * trainees.length)]!;
        try {
          if (op === 0) {
            const email = `crash-reg-${cycle}-${w}-${n}@oqu.test`;
            const from = clientAddress(registrations++);
            const res = await http.post(
              '/en/register',
              {
                name: `Crash Registrant ${cycle} ${w} ${n}`,
                email,
                password: 'amber-steppe-lantern-4',
                locale: 'en',
                consent: 'yes',
              },
              { from },
            );
            statuses.push(res.status);
            // Registration signs no one in (docs/decisions/012): the registrant signs in next.
            const signedIn =
              res.status === 303
                ? await http.post('/en/login', { email, password: 'amber-steppe-lantern-4' }, { from })
                : undefined;
            const cookie = signedIn ? sessionCookieOf(signedIn) : undefined;
            if (signedIn?.status === 303 && cookie)
              acks.push({ kind: 'register', email, token: cookie.split('=')[1]! });
            const leak = leakIn(res);
            if (leak) leaks.push(leak);
          } else if (op === 1) {
            const course = courses[n % courses.length]!;
            const lesson = course.lessons[Math.floor(random() * course.lessons.length)]!;
            const res = await http.post(donePath(course.slug, lesson), {}, { cookie: trainee.cookies[0] });
            statuses.push(res.status);
            if (res.status === 303 && !res.location?.includes('/login'))
              acks.push({ kind: 'done', userId: trainee.id, course: course.slug, lesson });
          } else {
            const [id, q] = Object.entries(urbanism.quizzes)[n % 2]!;
            const key = randomKey();
            const res = await http.post(quizPath(urbanism.slug, q.lesson), passingForm(q.file, key), {
              cookie: trainee.cookies[0],
            });
            statuses.push(res.status);
            const attemptId = attemptIdOf(res);
            if (res.status === 303 && attemptId) acks.push({ kind: 'quiz', userId: trainee.id, attemptId, key });
            const leak = leakIn(res);
            if (leak) leaks.push(`${id}: ${leak}`);
          }
        } catch {
          unanswered++; // the server died under this request: not acknowledged
        }
      }
    };
    const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    const delay = 250 + Math.floor(random() * 1500);
    killDelays.push(delay);
    await new Promise((r) => setTimeout(r, delay));
    trouble.push(...troubleInLog(server.log()));
    alive = false; // no new requests; those in flight are cut off by the kill
    await server.kill();
    await load;
    http.close();
    server = undefined;
    const client = openFile(databaseFile(dataDir));
    integrity.push(await integrityCheck(client));
    client.close();
  }

  // One last start: the server comes up on the crashed file, and the writes are all there.
  server = await startServer({ dataDir });
  await server.stop();
  server = undefined;
  const missing = await missingAcks(acks);
  const kinds = acks.reduce<Record<string, number>>((h, a) => ({ ...h, [a.kind]: (h[a.kind] ?? 0) + 1 }), {});
  console.log(
    `[crash] ${CYCLES} SIGKILLs after ${killDelays.join('/')} ms of load; ${statuses.length} answered requests ` +
      `(${formatHistogram(statusHistogram(statuses))}), ${unanswered} cut off by the kill; ` +
      `acknowledged ${acks.length} (${Object.entries(kinds)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}), missing ${missing.length}; ` +
      `integrity ${[...new Set(integrity)].join(',')} ×${integrity.length}; log trouble ${trouble.length}`,
  );
  expect(
    integrity.every((r) => r === 'ok'),
    integrity.join(' | '),
  ).toBe(true);
  expect(missing, 'acknowledged writes not in the database').toEqual([]);
  expect(statuses.filter((s) => s >= 500)).toEqual([]);
  expect(leaks).toEqual([]);
  expect(trouble).toEqual([]);
  expect(acks.length).toBeGreaterThan(CYCLES * 20);
});
