/**
 * Submissions for the big benchmark copy (bench/seed-big.ts): up to `target` in all, the work
 * already accepted for completers included. Enrolled trainees hand in their course's assignments
 * first; when those run out, work of an assignment of an earlier edition (`earlier-edition`, which
 * the courses no longer have: pages must keep it readable and reports leave it out) fills up.
 *
 * States: 10 % drafts, 20 % handed in and waiting, 5 % in a peer round, 15 % asked to revise,
 * 50 % accepted. 30 % of the handed-in work is a second version, the first asked to revise.
 * Every version has a Markdown answer; every trainer decision is a review with a level per
 * rubric criterion (the real criterion ids) and a comment, by one trainer made for the seed
 * (assigned to every course). A member of a cohort of the course hands in within it. Points are
 * drawn, not summed from the levels (the figures are shapes, not grades).
 */
import type { Client, InStatement } from '@libsql/client';
import type { SeedCourse } from './seed-big.ts';

const DAY = 24 * 60 * 60 * 1000;
export const SEED_TRAINER_ID = 'bench-seed-trainer';

const ANSWER =
  '## What I saw\n\nThe pavement on the east side is **narrow** (about 1.2 m) and parked cars take half of it. ' +
  'Three crossings in 500 m, none with a ramp.\n\n## What I propose\n\n- move parking to the side street\n' +
  '- a raised crossing by the school\n- benches every 150 m\n';

/** Reference rows: every assignment's criteria, and an earlier-edition assignment per course. */
function referenceStatements(courses: SeedCourse[], now: number): InStatement[] {
  const stmts: InStatement[] = [
    'CREATE TEMP TABLE t_rubric (course TEXT, assignment TEXT, criterion TEXT, levels INTEGER)',
    'CREATE TEMP TABLE t_work_assignment (course TEXT, assignment TEXT, wave INTEGER)',
    {
      sql: `INSERT OR IGNORE INTO users (id, email, display_name, password_hash, role, locale, active, created_at)
        VALUES (?, 'seed-trainer@bench.oqu.test', 'Сәуле Тренерова', '$argon2id$seed-placeholder$not-a-hash',
          'trainer', 'kk', 1, ?)`,
      args: [SEED_TRAINER_ID, now - 500 * DAY],
    },
  ];
  for (const c of courses) {
    stmts.push({
      sql: 'INSERT OR IGNORE INTO course_trainers (user_id, course, assigned_at) VALUES (?, ?, ?)',
      args: [SEED_TRAINER_ID, c.slug, now - 500 * DAY],
    });
    for (const [assignment, rubric] of Object.entries(c.rubrics)) {
      stmts.push({ sql: 'INSERT INTO t_work_assignment VALUES (?, ?, 1)', args: [c.slug, assignment] });
      for (const r of rubric)
        stmts.push({ sql: 'INSERT INTO t_rubric VALUES (?, ?, ?, ?)', args: [c.slug, assignment, r.id, r.levels] });
    }
    stmts.push({ sql: "INSERT INTO t_work_assignment VALUES (?, 'earlier-edition', 2)", args: [c.slug] });
    for (const id of ['clarity', 'evidence', 'proposals'])
      stmts.push({ sql: "INSERT INTO t_rubric VALUES (?, 'earlier-edition', ?, 3)", args: [c.slug, id] });
  }
  return stmts;
}

/** One wave of new submissions (up to `limit`), drawn into a table first so each row's dice are rolled once. */
function waveStatements(wave: number, limit: number): InStatement[] {
  return [
    'DROP TABLE IF EXISTS t_work',
    {
      sql: `CREATE TEMP TABLE t_work AS
        SELECT e.uid, e.course, a.assignment, e.enrolled_at, e.last_at,
          abs(random()) % 100 AS r_state, abs(random()) % 10 AS r_version, abs(random()) % 1000000 AS r_frac
        FROM t_enrol e JOIN t_work_assignment a ON a.course = e.course AND a.wave = :wave
        WHERE NOT EXISTS (SELECT 1 FROM submissions s
          WHERE s.user_id = e.uid AND s.course = e.course AND s.assignment = a.assignment)
        ORDER BY random() LIMIT :limit`,
      args: { wave, limit },
    },
    {
      sql: `INSERT INTO submissions (id, user_id, course, assignment, cohort_id, state, version, revision, created_at,
          submitted_at, decided_at)
        SELECT lower(hex(randomblob(12))), w.uid, w.course, w.assignment,
          (SELECT m.cohort_id FROM cohort_members m JOIN cohorts c ON c.id = m.cohort_id
            WHERE m.user_id = w.uid AND c.course = w.course AND m.state = 'member' LIMIT 1),
          CASE WHEN r_state < 10 THEN 'draft' WHEN r_state < 30 THEN 'submitted' WHEN r_state < 35 THEN 'in_review'
            WHEN r_state < 50 THEN 'needs_revision' ELSE 'accepted' END,
          CASE WHEN r_state >= 10 AND r_version < 3 THEN 2 ELSE 1 END,
          CASE WHEN r_state >= 10 AND r_version < 3 THEN 4 ELSE 2 END,
          w.enrolled_at + (w.last_at - w.enrolled_at) / 2,
          CASE WHEN r_state < 10 THEN NULL ELSE max(w.enrolled_at, w.last_at - r_frac * 3 * :day / 1000000) END,
          CASE WHEN r_state >= 35 THEN max(w.enrolled_at, w.last_at - r_frac * 3 * :day / 1000000)
            + r_frac * 4 * :day / 1000000 END
        FROM t_work w`,
      args: { day: DAY },
    },
  ];
}

/** Versions for every submission that has none yet, and a trainer's review for every decision made. */
function versionAndReviewStatements(now: number): InStatement[] {
  const levels = `(SELECT json_group_object(r.criterion, abs(random()) % r.levels) FROM t_rubric r
    WHERE r.course = s.course AND r.assignment = s.assignment)`;
  return [
    {
      sql: `INSERT INTO submission_versions (id, submission_id, number, body, link, created_at, submitted_at)
        SELECT lower(hex(randomblob(12))), s.id, n.n, :answer || '\n' || s.id, NULL,
          coalesce(s.submitted_at, s.created_at) - (s.version - n.n) * 2 * :day,
          CASE WHEN n.n < s.version THEN s.submitted_at - 2 * :day ELSE s.submitted_at END
        FROM submissions s JOIN (SELECT 1 AS n UNION ALL SELECT 2) n ON n.n <= s.version
        WHERE NOT EXISTS (SELECT 1 FROM submission_versions v WHERE v.submission_id = s.id)`,
      args: { answer: ANSWER, day: DAY },
    },
    // The request for revision of every earlier version, then the decision on the latest.
    {
      sql: `INSERT INTO submission_reviews (id, submission_id, version_number, reviewer_id, role, levels, points,
          comment, decision, created_at)
        SELECT lower(hex(randomblob(12))), s.id, 1, :trainer, 'trainer', coalesce(${levels}, '{}'),
          abs(random()) % 4, 'Add the crossings you counted and a photo of each.', 'revise',
          s.submitted_at - :day
        FROM submissions s WHERE s.version = 2 AND s.submitted_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM submission_reviews x WHERE x.submission_id = s.id)`,
      args: { trainer: SEED_TRAINER_ID, day: DAY },
    },
    {
      sql: `INSERT INTO submission_reviews (id, submission_id, version_number, reviewer_id, role, levels, points,
          comment, decision, created_at)
        SELECT lower(hex(randomblob(12))), s.id, s.version, :trainer, 'trainer', coalesce(${levels}, '{}'),
          CASE s.state WHEN 'accepted' THEN 6 + abs(random()) % 4 ELSE abs(random()) % 5 END,
          CASE s.state WHEN 'accepted' THEN 'Clear and well argued.' ELSE 'The proposals need figures.' END,
          CASE s.state WHEN 'accepted' THEN 'accept' ELSE 'revise' END, coalesce(s.decided_at, :now)
        FROM submissions s WHERE s.state IN ('accepted', 'needs_revision')
          AND NOT EXISTS (SELECT 1 FROM submission_reviews x WHERE x.submission_id = s.id
            AND x.version_number = s.version)`,
      args: { trainer: SEED_TRAINER_ID, now },
    },
  ];
}

/** Brings `submissions` to `target` rows, with their versions and reviews. */
export async function seedSubmissions(client: Client, courses: SeedCourse[], target: number, now: number) {
  await client.batch(referenceStatements(courses, now), 'write');
  for (const wave of [1, 2]) {
    const have = Number((await client.execute('SELECT count(*) AS n FROM submissions')).rows[0]!.n);
    if (have >= target) break;
    await client.batch(waveStatements(wave, target - have), 'write');
  }
  await client.batch(versionAndReviewStatements(now), 'write');
  await client.batch(['DROP TABLE IF EXISTS t_work', 'DROP TABLE t_rubric', 'DROP TABLE t_work_assignment'], 'write');
}
