/**
 * The suite's burst of quiz submissions (the concurrency test, and the same burst through nginx
 * to two app servers in the cluster test): trainees each posting several attempts at once, a
 * fifth of them sent twice with the same idempotency key, and the first CERTIFIED trainees
 * completing the course with their burst (their lessons and first quiz done over HTTP first).
 * Then what the database holds: attempts by key, certificates by user, completions.
 */
import type { Client } from '@libsql/client';
import { expect } from 'vitest';
import { acceptAssignments } from '../../helpers/accepted-work.ts';
import { courseInfo, donePath, failingForm, passingForm, quizPath, randomKey } from './courses.ts';
import { closeDatabase, count, openMigrated, seedUsers, type SeedUser } from './db.ts';
import { formatHistogram, mapLimit, statusHistogram, type HttpClient, type HttpResponse } from './http.ts';

export const burstCourse = courseInfo('urbanism');
const [quizA, quizB] = Object.keys(burstCourse.quizzes) as [string, string];

export interface Submission {
  trainee: SeedUser;
  quiz: string;
  key: string;
  pass: boolean;
  retried: boolean;
}

/**
 * The burst's trainees in the database at `url` (migrated first), the first `certified` of them
 * with their course work accepted as a review leaves it, so that their passing quiz B completes it.
 */
export async function seedBurst(url: string, trainees: number, certified: number): Promise<SeedUser[]> {
  const db = await openMigrated(url);
  const seeded = await seedUsers(
    db,
    Array.from({ length: trainees }, (_, i) => ({ email: `trainee-${i}@oqu.test`, name: `Trainee ${i}` })),
  );
  closeDatabase(db);
  for (const t of seeded.slice(0, certified))
    await acceptAssignments(url, t, burstCourse.slug, burstCourse.assignments);
  return seeded;
}

/** Every lesson done and quiz A passed over HTTP, so that a passing quiz B completes the course. */
export async function prepareCompleters(http: HttpClient, completers: readonly SeedUser[]): Promise<void> {
  const prep = await mapLimit(completers, 8, async (t) => {
    const statuses: number[] = [];
    for (const lesson of burstCourse.lessons)
      statuses.push((await http.post(donePath(burstCourse.slug, lesson), {}, { cookie: t.cookies[0] })).status);
    const a = burstCourse.quizzes[quizA]!;
    const form = passingForm(a.file, randomKey());
    statuses.push((await http.post(quizPath(burstCourse.slug, a.lesson), form, { cookie: t.cookies[0] })).status);
    return statuses;
  });
  expect(
    prep.flat().every((s) => s === 303),
    `preparation statuses ${formatHistogram(statusHistogram(prep.flat()))}`,
  ).toBe(true);
}

/** `perTrainee` submissions each; the first `certified` trainees pass quiz B every time. */
export function planSubmissions(trainees: readonly SeedUser[], perTrainee: number, certified: number): Submission[] {
  const submissions: Submission[] = [];
  trainees.forEach((trainee, t) => {
    for (let n = 0; n < perTrainee; n++) {
      const i = t * perTrainee + n;
      const completer = t < certified;
      submissions.push({
        trainee,
        quiz: completer ? quizB : i % 2 ? quizA : quizB,
        key: randomKey(),
        pass: completer || i % 3 === 0,
        retried: i % 5 === 2,
      });
    }
  });
  return submissions;
}

/** The requests of a burst: each submission, and a retried one twice. */
export const burstRequests = (submissions: readonly Submission[]): Submission[] =>
  submissions.flatMap((s) => (s.retried ? [s, s] : [s]));

export type Posted = { s: Submission; res: HttpResponse } | { s: Submission; error: string };

/** Posts one submission (its form with its key); a failure to get an answer is a value. */
export async function postSubmission(http: HttpClient, s: Submission, timeoutMs?: number): Promise<Posted> {
  const q = burstCourse.quizzes[s.quiz]!;
  const form = s.pass ? passingForm(q.file, s.key) : failingForm(q.file, s.key);
  try {
    const options = { cookie: s.trainee.cookies[0], timeoutMs };
    return { s, res: await http.post(quizPath(burstCourse.slug, q.lesson), form, options) };
  } catch (error) {
    return { s, error: String(error) };
  }
}

export const submissionKey = (s: Submission): string => `${s.trainee.id}/${s.key}`;

export interface Stored {
  rows: number;
  distinctKeys: number;
  /** `userId/key` → the stored attempt's id. */
  attempts: Map<string, string>;
  /** [userId, certificates] for every user with one. */
  certificates: (readonly [string, number])[];
  completed: number;
}

/** What the database holds after a burst. */
export async function readStored(client: Client): Promise<Stored> {
  const attempts = new Map<string, string>();
  for (const r of (await client.execute('SELECT user_id, idempotency_key, id FROM quiz_attempts')).rows)
    attempts.set(`${r[0]}/${r[1]}`, String(r[2]));
  return {
    rows: await count(client, 'SELECT count(*) FROM quiz_attempts'),
    distinctKeys: await count(
      client,
      'SELECT count(DISTINCT user_id || char(0) || idempotency_key) FROM quiz_attempts',
    ),
    attempts,
    certificates: (await client.execute('SELECT user_id, count(*) AS n FROM certificates GROUP BY user_id')).rows.map(
      (r) => [String(r[0]), Number(r[1])] as const,
    ),
    completed: await count(
      client,
      `SELECT count(*) FROM enrollments WHERE course = '${burstCourse.slug}' AND completed_at IS NOT NULL`,
    ),
  };
}

/**
 * What a burst must leave whatever carried it: each submission stored once under its key (the
 * completers' quiz A besides), and each of the `certified` trainees completed with one certificate.
 */
export function expectBurstStored(stored: Stored, submissions: number, certified: readonly SeedUser[]): void {
  expect(stored.rows).toBe(submissions + certified.length);
  expect(stored.distinctKeys).toBe(stored.rows);
  expect(stored.certificates.map(([id]) => id).sort()).toEqual(certified.map((t) => t.id).sort());
  expect(stored.certificates.every(([, n]) => n === 1)).toBe(true);
  expect(stored.completed).toBe(certified.length);
}
