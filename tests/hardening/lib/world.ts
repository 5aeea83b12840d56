/**
 * The standard world most files test in: one server on a fresh database seeded with the
 * fixture accounts (tests/fixtures/accounts.ts: one per role, a second learner and a trainer
 * of another course) and a role-change target, each with a pool of sessions made before the
 * server started; a learner who completed the urbanism course over HTTP (so there is a quiz
 * attempt, a certificate and its code to aim at), and the trainer's urbanism cohort.
 */
import { expect } from 'vitest';
import { FIXTURE_ACCOUNTS, FIXTURE_PASSWORD } from '../../fixtures/accounts.ts';
import { acceptAssignments } from '../../helpers/accepted-work.ts';
import { courseInfo, donePath, passingForm, quizPath, randomKey } from './courses.ts';
import { closeDatabase, openMigrated, seedUsers, type Database, type SeedUser } from './db.ts';
import { attemptIdOf, HttpClient } from './http.ts';
import { databaseFile, makeDataDir, startServer, type RunningServer } from './server.ts';

export type Role = 'anonymous' | 'learner' | 'otherLearner' | 'trainer' | 'otherTrainer' | 'admin';
export const ROLES: Role[] = ['anonymous', 'learner', 'otherLearner', 'trainer', 'otherTrainer', 'admin'];

export interface World {
  server: RunningServer;
  http: HttpClient;
  dataDir: string;
  users: Record<Exclude<Role, 'anonymous'>, SeedUser> & { target: SeedUser };
  password: string;
  /** A session cookie for the role (undefined for anonymous); `fresh` takes an unused one. */
  cookie: (role: Role, fresh?: boolean) => string | undefined;
  /** The learner's completed course: one passed attempt at each quiz, one certificate. */
  learnerAttemptId: string;
  learnerAttemptPath: string;
  certificateCode: string;
  kid: string;
  /** A cohort of urbanism made by the trainer over HTTP, and its join code for `/join/[code]`. */
  cohortId: string;
  joinCode: string;
  /** The learner's handed-in work in urbanism, waiting for review. */
  submissionId: string;
  close: () => Promise<void>;
}

export interface WorldOptions {
  /** Sessions per seeded user. */
  sessions?: number;
  env?: Record<string, string>;
  /** More seeding, before the server starts (the only time the test may write the database). */
  beforeStart?: (db: Database, users: SeedUser[]) => Promise<void>;
}

export async function createWorld(tag: string, options: WorldOptions = {}): Promise<World> {
  const dataDir = makeDataDir(tag);
  const db = await openMigrated(`file:${databaseFile(dataDir)}`);
  const n = options.sessions ?? 40;
  const { learner: l, otherLearner: ol, trainer: t, otherTrainer: ot, admin: a } = FIXTURE_ACCOUNTS;
  const [learner, otherLearner, trainer, otherTrainer, admin, target] = await seedUsers(db, [
    { ...l, sessions: n },
    { ...ol, sessions: n },
    { ...t, sessions: n },
    { ...ot, sessions: n },
    { ...a, sessions: n },
    { email: 'target@oqu.test', name: 'Role Target', sessions: 1 },
  ]);
  // The trainer follows urbanism, the other trainer only social entrepreneurship ("another course's trainer").
  await db.$client.execute({
    sql: 'INSERT INTO course_trainers (user_id, course, assigned_at) VALUES (?, ?, ?), (?, ?, ?)',
    args: [trainer!.id, 'urbanism', Date.now(), otherTrainer!.id, 'social-entrepreneurship', Date.now()],
  });
  // Work the learner handed in for urbanism, waiting for its trainers (the review routes aim at it).
  const submissionId = 'world-submission';
  await db.$client.batch(
    [
      {
        sql: `INSERT INTO submissions
          (id, user_id, course, assignment, state, version, revision, created_at, submitted_at)
          VALUES (?, ?, 'urbanism', 'field-notes', 'submitted', 1, 1, ?, ?)`,
        args: [submissionId, learner!.id, Date.now(), Date.now()],
      },
      {
        sql: `INSERT INTO submission_versions (id, submission_id, number, body, created_at, submitted_at)
          VALUES ('world-version', ?, 1, 'Notes from a street audit', ?, ?)`,
        args: [submissionId, Date.now(), Date.now()],
      },
    ],
    'write',
  );
  await options.beforeStart?.(db, [learner!, otherLearner!, trainer!, otherTrainer!, admin!, target!]);
  closeDatabase(db);
  // The learner's urbanism work, accepted as a trainer's review leaves it: the course can complete.
  await acceptAssignments(`file:${databaseFile(dataDir)}`, learner!, 'urbanism', courseInfo('urbanism').assignments);
  const server = await startServer({ dataDir, env: options.env });
  const http = new HttpClient(server.baseURL);
  const users = {
    learner: learner!,
    otherLearner: otherLearner!,
    trainer: trainer!,
    otherTrainer: otherTrainer!,
    admin: admin!,
    target: target!,
  };
  const used: Partial<Record<Role, number>> = {};
  const cookie = (role: Role, fresh = false): string | undefined => {
    if (role === 'anonymous') return undefined;
    const pool = users[role].cookies;
    if (!fresh) return pool[0];
    used[role] = (used[role] ?? 0) + 1;
    const c = pool[used[role]!];
    if (!c) throw new Error(`no fresh session left for ${role}: raise "sessions"`);
    return c;
  };

  const urbanism = courseInfo('urbanism');
  for (const lesson of urbanism.lessons)
    expect((await http.post(donePath('urbanism', lesson), {}, { cookie: cookie('learner') })).status).toBe(303);
  let attemptPath = '';
  for (const q of Object.values(urbanism.quizzes)) {
    const res = await http.post(quizPath('urbanism', q.lesson), passingForm(q.file, randomKey()), {
      cookie: cookie('learner'),
    });
    expect(res.status).toBe(303);
    attemptPath = res.location!;
  }
  const account = await http.get('/en/account', { cookie: cookie('learner') });
  const code = /\/verify\/([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(account.text)?.[1];
  if (!code) throw new Error('the learner who completed urbanism has no certificate on My learning');
  const made = await http.post(
    '/en/trainer/',
    { name: 'Urbanism spring cohort', course: 'urbanism' },
    { cookie: cookie('trainer') },
  );
  const cohortId = /\/trainer\/cohorts\/([^/?#]+)/.exec(made.location ?? '')?.[1];
  if (!cohortId) throw new Error(`the trainer could not create a cohort: ${made.status} ${made.text.slice(0, 200)}`);
  const joinCode = /\/join\/([^<"\s/]+)/.exec(
    (await http.get(`/en/trainer/cohorts/${cohortId}`, { cookie: cookie('trainer') })).text,
  )?.[1];
  if (!joinCode) throw new Error(`the cohort page ${cohortId} shows no join link`);
  const jwks = JSON.parse((await http.get('/.well-known/jwks.json')).text) as { keys: { kid: string }[] };
  const kid = new URL(jwks.keys[0]!.kid, server.baseURL).pathname.replace(/^\/keys\//, '').replace(/\.json$/, '');
  return {
    server,
    http,
    dataDir,
    users,
    password: FIXTURE_PASSWORD,
    cookie,
    learnerAttemptId: attemptIdOf({ location: attemptPath } as never)!,
    learnerAttemptPath: attemptPath,
    certificateCode: code,
    kid,
    cohortId,
    joinCode,
    submissionId,
    close: async () => {
      http.close();
      await server.stop();
    },
  };
}

/** A route pattern with its dynamic segments mapped to real values of the world. */
export function concreteUrl(pattern: string, w: World): string {
  if (pattern.endsWith('/[lesson]/quiz')) return w.learnerAttemptPath;
  return pattern
    .replace('/join/[code]', `/join/${w.joinCode}`)
    .replace('/cohorts/[id]', `/cohorts/${w.cohortId}`)
    .replace('[locale]', 'en')
    .replace('[course]', 'urbanism')
    .replace('[lesson]', 'building-norms')
    .replace('[code]', w.certificateCode)
    .replace('[kid]', w.kid)
    .replace('[table]', 'trainees')
    .replace('[...file]', 'tree-monitoring-codebook.csv');
}
