/**
 * Sessions for the big benchmark copy: `node bench/seed-events.ts --db /path/file.db
 * [--sessions 10000] [--signups 500000]` on a file made by bench/seed-big.ts (it needs its
 * trainees, courses and cohorts).
 *
 * Adds `--sessions` sessions (seminars, study visits, dialogue forums, webinars) spread over the
 * 24 months before now and the 6 after, for the copy's courses (70 %: the course's trainees;
 * 20 %: a cohort's members; 10 %: everyone, without a course), 2 % cancelled, some of them weekly
 * series; then `--signups` sign-ups of distinct trainees, about 50 a session (more for the first
 * sessions), in sign-up order: the session's capacity signed up, the rest waiting, 8 %
 * cancelled; past sessions have attendance (75 % present, 15 % absent, 5 % excused, the rest
 * unmarked). Removes the sessions an earlier run of this script added first (ids `bench-ev-…`).
 * Prints each step's time.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Client } from '@libsql/client';
import { closeDatabase, createDatabase } from '#db/client.ts';

const DAY = 24 * 60 * 60 * 1000;

async function step<T>(label: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await run();
  console.log(`  ${label.padEnd(44)} ${((performance.now() - start) / 1000).toFixed(1).padStart(6)} s`);
  return result;
}

/** The sessions: ids `bench-ev-<n>`, one in ten the start of a three-week series. */
async function seedSessions(client: Client, sessions: number, now: number): Promise<void> {
  await client.execute({
    sql: `INSERT INTO events (id, kind, title, description, place, map_url, online_url, starts_at, ends_at, capacity,
        signup_deadline, audience, cohort_id, course, series_id, created_by, created_at, cancelled_at, reminded_at)
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :sessions),
      c AS (SELECT course, row_number() OVER (ORDER BY course) - 1 AS k FROM (SELECT DISTINCT course FROM enrollments)),
      co AS (SELECT course, id, row_number() OVER (PARTITION BY course ORDER BY id) - 1 AS k FROM cohorts),
      d AS MATERIALIZED (SELECT i, abs(random()) % 100 AS r_aud, abs(random()) % 100 AS r_cancel,
          abs(random()) % 4 AS r_kind,
          :start + (abs(random()) % (30 * 30)) * :day + (abs(random()) % 10 + 8) * 3600000 AS starts_at,
          (SELECT course FROM c WHERE k = i % (SELECT count(*) FROM c)) AS course FROM n)
      SELECT 'bench-ev-' || d.i,
        CASE d.r_kind WHEN 0 THEN 'seminar' WHEN 1 THEN 'study_visit' WHEN 2 THEN 'dialogue_forum' ELSE 'webinar' END,
        json_object('kk', 'Семинар ' || d.i, 'ru', 'Семинар ' || d.i, 'en', 'Seminar ' || d.i),
        json_object('en', 'What we will do at session ' || d.i || '.'),
        CASE WHEN d.r_kind = 3 THEN NULL ELSE 'Абай даңғылы ' || (d.i % 200) || ', Алматы' END, NULL,
        CASE WHEN d.r_kind = 3 THEN 'https://meet.example.kz/' || d.i ELSE NULL END,
        d.starts_at, d.starts_at + 2 * 3600000, 40, NULL,
        CASE WHEN d.r_aud < 70 THEN 'course' WHEN d.r_aud < 90 THEN 'cohort' ELSE 'everyone' END,
        CASE WHEN d.r_aud BETWEEN 70 AND 89
          THEN (SELECT co.id FROM co WHERE co.course = d.course AND co.k = d.i % 3) END,
        CASE WHEN d.r_aud < 90 THEN d.course END,
        CASE WHEN d.i % 10 < 3 THEN 'bench-series-' || (d.i / 10) END,
        NULL, d.starts_at - 30 * :day,
        CASE WHEN d.r_cancel < 2 THEN d.starts_at - 2 * :day END,
        CASE WHEN d.starts_at < :now THEN d.starts_at - :day END
      FROM d`,
    args: { sessions, start: now - 24 * 30 * DAY, day: DAY, now },
  });
}

/**
 * Sign-ups: each session takes a run of distinct trainees from the trainees' list (rotated by the
 * session's number), so no one is signed up twice; the first sessions take more, up to `signups`.
 */
async function seedSignups(client: Client, sessions: number, signups: number, now: number): Promise<void> {
  const per = Math.max(1, Math.floor(signups / sessions));
  await client.batch(
    [
      'DROP TABLE IF EXISTS t_trainee',
      `CREATE TEMP TABLE t_trainee AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM users
        WHERE role = 'learner'`,
      'CREATE UNIQUE INDEX t_trainee_k ON t_trainee (k)',
    ],
    'write',
  );
  const trainees = Number((await client.execute('SELECT count(*) AS n FROM t_trainee')).rows[0]!.n);
  if (trainees < per * 2) throw new Error(`the copy has ${trainees} trainees: too few for ${per} a session`);
  const extra = signups - per * sessions;
  for (let from = 1; from <= sessions; from += 1000) {
    await client.execute({
      sql: `INSERT INTO event_signups (event_id, user_id, status, position, signed_up_at, updated_at, attendance,
          marked_at)
        WITH RECURSIVE p(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM p WHERE j < :max),
        s AS (SELECT e.id, e.capacity, e.starts_at, e.cancelled_at, CAST(substr(e.id, 10) AS INTEGER) AS i
          FROM events e WHERE e.id LIKE 'bench-ev-%' AND CAST(substr(e.id, 10) AS INTEGER) BETWEEN :from AND :to),
        r AS MATERIALIZED (SELECT s.*, p.j, abs(random()) % 100 AS r_cancel, abs(random()) % 100 AS r_mark FROM s JOIN p
          ON p.j <= :per + CASE WHEN s.i <= :extra / :per THEN :per ELSE 0 END)
        SELECT r.id, t.id,
          CASE WHEN r.r_cancel < 8 THEN 'cancelled' WHEN r.j <= r.capacity THEN 'signed_up' ELSE 'waiting' END,
          r.j, r.starts_at - (40 - r.j % 30) * :day / 2, r.starts_at - (40 - r.j % 30) * :day / 2,
          CASE WHEN r.r_cancel >= 8 AND r.j <= r.capacity AND r.starts_at < :now AND r.cancelled_at IS NULL THEN
            CASE WHEN r.r_mark < 75 THEN 'present' WHEN r.r_mark < 90 THEN 'absent' WHEN r.r_mark < 95 THEN 'excused'
            END END,
          CASE WHEN r.starts_at < :now THEN r.starts_at + 7200000 END
        FROM r JOIN t_trainee t ON t.k = (r.i * 7919 + r.j) % :trainees`,
      args: {
        max: per * 2,
        from,
        to: Math.min(sessions, from + 999),
        per,
        extra: Math.max(0, extra),
        day: DAY,
        now,
        trainees,
      },
    });
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      sessions: { type: 'string', default: '10000' },
      signups: { type: 'string', default: '500000' },
    },
  });
  const sessions = Number(values.sessions);
  const signups = Number(values.signups);
  if (!values.db || !existsSync(resolve(values.db)) || !(sessions >= 1) || !(signups >= sessions)) {
    console.error('usage: node bench/seed-events.ts --db /path/file.db [--sessions 10000] [--signups 500000]');
    return 2;
  }
  const db = await createDatabase({ url: `file:${resolve(values.db)}` });
  const client = db.$client;
  const now = Date.now();
  try {
    await client.execute('PRAGMA synchronous = OFF');
    await step('remove an earlier run', async () => {
      await client.execute("DELETE FROM event_signups WHERE event_id LIKE 'bench-ev-%'");
      await client.execute("DELETE FROM events WHERE id LIKE 'bench-ev-%'");
    });
    await step(`sessions (${sessions})`, () => seedSessions(client, sessions, now));
    await step(`sign-ups (${signups})`, () => seedSignups(client, sessions, signups, now));
    await step('analyze', () => client.execute('ANALYZE').then(() => undefined));
    const n = (sql: string) => client.execute(sql).then((r) => Number(r.rows[0]![0]));
    console.log(
      `  ${await n("SELECT count(*) FROM events WHERE id LIKE 'bench-ev-%'")} sessions, ` +
        `${await n("SELECT count(*) FROM event_signups WHERE event_id LIKE 'bench-ev-%'")} sign-ups, ` +
        `${await n("SELECT count(*) FROM event_signups WHERE attendance = 'present'")} present`,
    );
    return 0;
  } finally {
    closeDatabase(db);
  }
}

process.exitCode = await main();
