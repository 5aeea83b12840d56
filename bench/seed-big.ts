/**
 * A big database for the dashboard benchmark: `node bench/seed-big.ts --db /path/file.db
 * [--force] [--scale 1]`.
 *
 * Migrates a new file, then fills it with 100,000 trainees (Kazakh, Russian and English
 * names; regions weighted roughly by population; 3 % without a region), about 300,000
 * enrolments over the four courses in courses/ (real course, lesson and quiz ids, read from
 * the files), 3,000,000 lesson_progress rows, 200,000 quiz attempts (answers and results
 * JSON made by the real grader, src/lib/quiz/grade.ts), completions, certificates (some
 * revoked, some replaced after a name correction) and three cohorts per course. `--scale`
 * shrinks every count for a quick run.
 *
 * Not real data, and not all of it consistent with the app's rules:
 * - The courses have 5-6 lessons each, so 300,000 enrolments can hold only ~1.8 M progress
 *   rows for lessons that exist. The rest of the 3 M are rows for lessons of an "earlier
 *   edition" (slugs `retired-NN`) that the courses no longer have: reports must ignore them,
 *   and they make the per-course ranges of lesson_progress as big as 3 M rows would.
 * - certificates.credential holds a placeholder string, not a signed credential, and
 *   password hashes are placeholders (nobody can sign in as a seeded trainee).
 * - Times are spread over the 20 months before the moment of seeding, about 9 % of
 *   enrolments active in the last 7 days.
 *
 * Speed: bulk `INSERT ... SELECT` over recursive CTEs and temporary tables inside SQLite,
 * multi-row inserts in `client.batch` for the quiz attempts (generated in JS),
 * `synchronous = OFF` and a large page cache while seeding. Prints each step's time.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Client, InStatement } from '@libsql/client';
import { closeDatabase, createDatabase } from '#db/client.ts';
import { createId } from '#db/ids.ts';
import { migrateDatabase } from '#db/migrate.ts';
import type { Course, Quiz } from '#lib/courses/schema.ts';
import { LOCALES, readerChain, type Locale } from '#lib/i18n/locales.ts';
import { pickList, pickText } from '#lib/i18n/pick-text.ts';
import { gradeQuiz } from '#lib/quiz/grade.ts';
import { readCourseContents } from '#lib/courses/content-files.ts';
import { syncAllCourseCounts } from '#lib/reports/course-counts.server.ts';
import { assignmentSchema } from '#lib/courses/assignment-schema.ts';
import { parse as parseYaml } from 'yaml';
import { seedSubmissions } from './seed-submissions.ts';

/** A course as the seed and the dashboard benchmark need it, read from courses/. */
export interface SeedCourse {
  slug: string;
  field: Course['field'];
  title: string;
  hours: number;
  /** Lesson slugs in reading order (`NN-module/NN-slug.en.mdx`). */
  lessons: string[];
  quizzes: Record<string, Quiz>;
  completion: Course['completion'];
  /** The assignments the course requires (`completion: assignments`), accepted for every completer. */
  assignments: string[];
  /** Every assignment's rubric: criterion ids and how many levels each has (for seeded reviews). */
  rubrics: Record<string, { id: string; levels: number }[]>;
}

/** The rubric of every `courses/<slug>/assignments/*.yaml`, read by the real assignment schema. */
function readRubrics(coursesDir: string, slug: string): SeedCourse['rubrics'] {
  const dir = join(coursesDir, slug, 'assignments');
  if (!existsSync(dir)) return {};
  const rubrics: SeedCourse['rubrics'] = {};
  for (const file of readdirSync(dir)) {
    const id = /^(.+)\.ya?ml$/.exec(file)?.[1];
    if (!id) continue;
    const assignment = assignmentSchema.parse(parseYaml(readFileSync(join(dir, file), 'utf8')));
    rubrics[id] = assignment.rubric.map((c) => ({ id: c.id, levels: c.levels.length }));
  }
  return rubrics;
}

/** The ids of `courses/<slug>/assignments/*.yaml` that `completion.assignments` requires. */
function requiredAssignments(coursesDir: string, slug: string, rule: Course['completion']['assignments']): string[] {
  if (rule !== 'all') return [...rule];
  const dir = join(coursesDir, slug, 'assignments');
  return existsSync(dir) ? readdirSync(dir).flatMap((f) => (f.endsWith('.yaml') ? [f.slice(0, -5)] : [])) : [];
}

const DAY = 24 * 60 * 60 * 1000;
const projectRoot = join(import.meta.dirname, '..');

/** Every course in `coursesDir`, read as `oqu prepare` reads it (src/lib/courses/content-files.ts). */
export function loadSeedCourses(coursesDir = join(projectRoot, 'courses')): SeedCourse[] {
  return readCourseContents(coursesDir).map(({ slug, data, lessons, quizzes }) => ({
    slug,
    field: data.field,
    title: pickText(data.title, 'en', readerChain(LOCALES, 'en')),
    hours: data.hours,
    lessons: [...lessons],
    quizzes: { ...quizzes },
    completion: data.completion,
    assignments: requiredAssignments(coursesDir, slug, data.completion.assignments),
    rubrics: readRubrics(coursesDir, slug),
  }));
}

/** Share of trainees enrolled in each course, per mille (the biggest is social entrepreneurship). */
const ENROL_PER_MILLE: Record<string, number> = {
  'social-entrepreneurship': 950,
  urbanism: 850,
  'creative-industries': 750,
  'example-course': 450,
};

const FIRST = [
  'Әлия',
  'Нұрлан',
  'Гүлнәр',
  'Ерлан',
  'Айгерім',
  'Дәулет',
  'Асель',
  'Қанат',
  'Жанар',
  'Бауыржан',
  'Динара',
  'Ұлжан',
  'Іңкәр',
  'Өмірзақ',
  'Сәуле',
  'Анна',
  'Сергей',
  'Мария',
  'Дмитрий',
  'Елена',
  'Ольга',
  'Андрей',
  'Наталья',
  'Тимур',
  'Алина',
  'John',
  'Sarah',
  'Aruzhan',
  'Madina',
  'Arman',
];
const LAST = [
  'Нұрланова',
  'Қасымов',
  'Сәрсенбаева',
  'Ғабитов',
  'Жұмабаева',
  'Өтегенов',
  'Ахметова',
  'Серікбаев',
  'Омарова',
  'Байжанов',
  'Тоқтарова',
  'Мұратов',
  'Иванова',
  'Петров',
  'Ким',
  'Ли',
  'Смирнова',
  'Попов',
  'Исаева',
  'Абенов',
  'Smith',
  'Zhakupova',
  'Bekov',
  'Tulegenova',
];
/** Regions, repeated roughly by population, so the report has big and small groups. */
const REGIONS = [
  ...Array(9).fill('Almaty'),
  ...Array(7).fill('Astana'),
  ...Array(5).fill('Shymkent'),
  ...Array(4).fill('Turkistan region'),
  ...Array(4).fill('Almaty region'),
  ...Array(3).fill('Karaganda region'),
  ...Array(3).fill('Zhambyl region'),
  ...Array(2).fill('East Kazakhstan region'),
  ...Array(2).fill('Aktobe region'),
  ...Array(2).fill('Kyzylorda region'),
  ...Array(2).fill('Kostanay region'),
  ...Array(2).fill('Pavlodar region'),
  'Atyrau region',
  'Mangystau region',
  'West Kazakhstan region',
  'North Kazakhstan region',
  'Akmola region',
  'Abai region',
  'Zhetisu region',
  'Ulytau region',
];
const ORGANISATIONS = [
  'Akimat of Almaty',
  'Urban Forum Kazakhstan',
  'Eco Network',
  'Startup Almaty',
  'Public Fund "Bilim"',
  'Shymkent Creative Hub',
];

interface Options {
  db: string;
  force: boolean;
  scale: number;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      force: { type: 'boolean', default: false },
      scale: { type: 'string', default: '1' },
    },
  });
  const scale = Number(values.scale);
  if (!values.db || !(scale > 0 && scale <= 1)) {
    console.error('usage: node bench/seed-big.ts --db /path/file.db [--force] [--scale 0..1]');
    process.exit(2);
  }
  return { db: resolve(values.db), force: values.force ?? false, scale };
}

/** Runs a step and prints how long it took. */
async function step<T>(label: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await run();
  console.log(`  ${label.padEnd(44)} ${((performance.now() - start) / 1000).toFixed(1).padStart(6)} s`);
  return result;
}

async function count(client: Client, table: string): Promise<number> {
  return Number((await client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
}

/** Reference tables the bulk inserts join: courses, lessons, retired lessons, quizzes, required assignments. */
async function createReferenceTables(client: Client, courses: SeedCourse[], retiredPerCourse: number): Promise<void> {
  const stmts: InStatement[] = [
    'CREATE TEMP TABLE t_course ' +
      '(slug TEXT PRIMARY KEY, per_mille INTEGER, lesson_count INTEGER, title TEXT, hours REAL)',
    'CREATE TEMP TABLE t_lesson (course TEXT, slug TEXT, ord INTEGER, PRIMARY KEY (course, ord))',
    'CREATE TEMP TABLE t_quiz (course TEXT, quiz TEXT, PRIMARY KEY (course, quiz))',
    'CREATE TEMP TABLE t_assignment (course TEXT, assignment TEXT, PRIMARY KEY (course, assignment))',
  ];
  for (const c of courses) {
    stmts.push({
      sql: 'INSERT INTO t_course VALUES (?, ?, ?, ?, ?)',
      args: [c.slug, ENROL_PER_MILLE[c.slug] ?? 500, c.lessons.length, c.title, c.hours],
    });
    c.lessons.forEach((l, i) => stmts.push({ sql: 'INSERT INTO t_lesson VALUES (?, ?, ?)', args: [c.slug, l, i + 1] }));
    for (let i = 1; i <= retiredPerCourse; i++)
      stmts.push({
        sql: 'INSERT INTO t_lesson VALUES (?, ?, ?)',
        args: [c.slug, `retired-${String(i).padStart(2, '0')}`, 100 + i],
      });
    for (const q of Object.keys(c.quizzes)) stmts.push({ sql: 'INSERT INTO t_quiz VALUES (?, ?)', args: [c.slug, q] });
    for (const a of c.assignments) stmts.push({ sql: 'INSERT INTO t_assignment VALUES (?, ?)', args: [c.slug, a] });
  }
  await client.batch(stmts, 'write');
}

async function seedUsers(client: Client, users: number, now: number): Promise<void> {
  const start = now - 600 * DAY;
  await client.execute({
    sql: `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :users)
      INSERT INTO users (id, email, display_name, password_hash, role, locale, region, organisation, active, created_at)
      SELECT lower(hex(randomblob(12))), 'trainee' || i || '@example.kz',
        json_extract(:first, '$[' || (abs(random()) % json_array_length(:first)) || ']') || ' ' ||
          json_extract(:last, '$[' || (abs(random()) % json_array_length(:last)) || ']'),
        '$argon2id$seed-placeholder$not-a-hash', 'learner',
        CASE abs(random()) % 10 WHEN 0 THEN 'en' WHEN 1 THEN 'en' WHEN 2 THEN 'ru' WHEN 3 THEN 'ru' WHEN 4 THEN 'ru'
          ELSE 'kk' END,
        CASE WHEN abs(random()) % 100 < 3 THEN NULL ELSE json_extract(:regions,
          '$[' || (abs(random()) % json_array_length(:regions)) || ']') END,
        CASE WHEN abs(random()) % 3 = 0 THEN json_extract(:orgs,
          '$[' || (abs(random()) % json_array_length(:orgs)) || ']') END,
        1, :start + abs(random()) % :span
      FROM n`,
    args: {
      users,
      first: JSON.stringify(FIRST),
      last: JSON.stringify(LAST),
      regions: JSON.stringify(REGIONS),
      orgs: JSON.stringify(ORGANISATIONS),
      start,
      span: 560 * DAY,
    },
  });
}

/**
 * t_enrol: one row per enrolment with its drawn numbers fixed in a table first (a
 * `random()` in a subquery may be evaluated again where its column is used twice).
 * k = lessons done: 10 % none, 35 % some, 55 % all.
 */
async function seedEnrolments(client: Client, now: number): Promise<void> {
  await client.batch(
    [
      `CREATE TEMP TABLE t_draw AS
        SELECT u.id AS uid, c.slug AS course, c.lesson_count AS lesson_count, u.created_at AS created_at,
          abs(random()) % 1000 AS r_enrol, abs(random()) % 1000 AS r_active, abs(random()) % 1000 AS r_k,
            abs(random()) % 1000000 AS r_frac
        FROM users u CROSS JOIN t_course c WHERE abs(random()) % 1000 < c.per_mille`,
      {
        sql: `CREATE TEMP TABLE t_enrol AS
          SELECT uid, course, lesson_count, enrolled_at, r_frac,
            CASE WHEN r_k < 100 THEN 0 WHEN r_k < 450 THEN 1 + r_k % max(1, lesson_count - 1)
              ELSE lesson_count END AS k,
            CASE WHEN r_active < 90 THEN max(enrolled_at, :now - r_frac * 7 * :day / 1000000)
                 ELSE enrolled_at + (:now - enrolled_at) * r_frac / 1000000 END AS last_at
          FROM (SELECT *, created_at + (:now - created_at) * r_enrol / 1000 AS enrolled_at FROM t_draw)`,
        args: { now, day: DAY },
      },
      `INSERT INTO enrollments (user_id, course, enrolled_at, completed_at, last_lesson, last_activity_at)
        SELECT e.uid, e.course, e.enrolled_at, NULL, l.slug, e.last_at
        FROM t_enrol e LEFT JOIN t_lesson l ON l.course = e.course AND l.ord = max(e.k, 1)`,
      'DROP TABLE t_draw',
    ],
    'write',
  );
}

/**
 * Real lessons up to k, each done at its share of the way from enrolment to last activity; then retired lessons up to
 * `total` rows.
 */
async function seedProgress(client: Client, total: number, retiredPerCourse: number): Promise<void> {
  await client.execute(`INSERT INTO lesson_progress (user_id, course, lesson, completed_at)
    SELECT e.uid, e.course, l.slug, e.enrolled_at + (e.last_at - e.enrolled_at) * l.ord / e.k
    FROM t_enrol e JOIN t_lesson l ON l.course = e.course AND l.ord <= e.k
    ORDER BY e.uid, e.course, l.slug`);
  const missing = total - (await count(client, 'lesson_progress'));
  if (missing <= 0) return;
  const enrolments = await count(client, 't_enrol');
  // Each enrolment gets 0..2m retired rows (a mean 2 % over what is missing), cut at `missing`.
  const perEnrolment = Math.min(retiredPerCourse, Math.ceil((missing / enrolments) * 1.02));
  await client.execute({
    sql: `INSERT INTO lesson_progress (user_id, course, lesson, completed_at)
      SELECT e.uid, e.course, l.slug, e.enrolled_at + (e.last_at - e.enrolled_at) * (l.ord - 100) / :per / 2
      FROM t_enrol e JOIN t_lesson l ON l.course = e.course AND l.ord > 100
        AND l.ord <= 100 + (e.r_frac % (2 * :per + 1))
      ORDER BY e.uid, e.course, l.slug
      LIMIT :missing`,
    args: { per: perEnrolment, missing },
  });
}

/** A small deterministic generator, so a seed's attempts do not depend on Math.random. */
function makeRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEXT_WRONG: Record<Locale, string> = { kk: 'білмеймін', ru: 'не знаю', en: "I don't know" };

/** Answers a learner of `ability` (0..1) might give; wrong picks favour the first wrong choice. */
function answerQuiz(
  quiz: Quiz,
  ability: number,
  locale: Locale,
  random: () => number,
): Record<string, string | string[]> {
  const answers: Record<string, string | string[]> = {};
  for (const q of quiz.questions) {
    if (random() < 0.03) continue; // left unanswered
    const right = random() < ability;
    const choices = q.choices ?? [];
    const wrong = choices.filter((c) => !c.correct);
    const pickWrong = () => wrong[random() < 0.6 ? 0 : Math.floor(random() * wrong.length)]!.id;
    if (q.type === 'single' || q.type === 'truefalse') {
      answers[q.id] = right || wrong.length === 0 ? choices.find((c) => c.correct)!.id : pickWrong();
    } else if (q.type === 'multiple') {
      const good = choices.filter((c) => c.correct).map((c) => c.id);
      answers[q.id] =
        right || wrong.length === 0 ? good : [...good.slice(0, Math.max(1, good.length - 1)), pickWrong()];
    } else if (q.type === 'order') {
      const order = choices.map((c) => c.id);
      if (!right) {
        const i = Math.floor(random() * (order.length - 1));
        [order[i], order[i + 1]] = [order[i + 1]!, order[i]!];
      }
      answers[q.id] = order;
    } else {
      answers[q.id] = right ? pickList(q.accept, locale, readerChain(LOCALES, locale))[0]! : TEXT_WRONG[locale];
    }
  }
  return answers;
}

interface EnrolmentForQuiz {
  uid: string;
  course: string;
  k: number;
  lessonCount: number;
  enrolledAt: number;
  lastAt: number;
  locale: Locale;
}

/** Graded attempts of the learners who reached the quizzes, in random order, until `target`. */
async function seedAttempts(client: Client, courses: SeedCourse[], target: number): Promise<void> {
  const random = makeRandom(20260601);
  const byCourse = new Map(courses.map((c) => [c.slug, c]));
  const result = await client.execute(`SELECT e.uid, e.course, e.k, e.lesson_count, e.enrolled_at, e.last_at, u.locale
    FROM t_enrol e JOIN users u ON u.id = e.uid WHERE e.k > 0`);
  const enrolments: EnrolmentForQuiz[] = result.rows.map((r) => ({
    uid: String(r.uid),
    course: String(r.course),
    k: Number(r.k),
    lessonCount: Number(r.lesson_count),
    enrolledAt: Number(r.enrolled_at),
    lastAt: Number(r.last_at),
    locale: r.locale as Locale,
  }));
  for (let i = enrolments.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [enrolments[i], enrolments[j]] = [enrolments[j]!, enrolments[i]!];
  }
  const COLUMNS = 13;
  const ROWS_PER_INSERT = 400;
  let rows: unknown[] = [];
  let pending: InStatement[] = [];
  let made = 0;
  const flushInsert = () => {
    if (rows.length === 0) return;
    const n = rows.length / COLUMNS;
    const placeholders = Array.from({ length: n }, () => `(${Array(COLUMNS).fill('?').join(', ')})`).join(', ');
    pending.push({
      sql: `INSERT INTO quiz_attempts (id, user_id, course, quiz, answers, results, locale, score, max_score, percent,
        passed, submitted_at, idempotency_key) VALUES ${placeholders}`,
      args: rows as never,
    });
    rows = [];
  };
  for (const e of enrolments) {
    if (made >= target) break;
    const course = byCourse.get(e.course)!;
    const finished = e.k === e.lessonCount;
    const engaged = finished && random() < 0.6;
    const ability = engaged ? 0.7 + random() * 0.28 : 0.35 + random() * 0.5;
    for (const [quizId, quiz] of Object.entries(course.quizzes)) {
      if (!engaged && random() > (finished ? 0.2 : 0.1 * (e.k / e.lessonCount))) continue;
      const limit = quiz.maxAttempts ?? 3;
      let at = e.enrolledAt + (e.lastAt - e.enrolledAt) * (0.5 + random() * 0.4);
      for (let attempt = 0; attempt < limit && made < target; attempt++) {
        const answers = answerQuiz(quiz, Math.min(0.98, ability + attempt * 0.1), e.locale, random);
        const grade = gradeQuiz(quiz, answers, e.locale);
        const results = grade.questions.map(({ id, points, max, correct }) => ({ id, points, max, correct }));
        rows.push(
          createId(),
          e.uid,
          e.course,
          quizId,
          JSON.stringify(answers),
          JSON.stringify(results),
          e.locale,
          grade.score,
          grade.max,
          grade.percent,
          grade.passed ? 1 : 0,
          Math.round(at),
          createId(),
        );
        made++;
        if (rows.length === COLUMNS * ROWS_PER_INSERT) flushInsert();
        if (pending.length === 25) {
          await client.batch(pending, 'write');
          pending = [];
        }
        if (grade.passed || random() < 0.3) break;
        at += (e.lastAt - at) * random() * 0.5;
      }
    }
  }
  flushInsert();
  if (pending.length) await client.batch(pending, 'write');
}

/**
 * Accepted work: 90 % of the trainees who did every lesson have each required assignment
 * accepted (handed in a day before their last activity, decided at it); the rest wait for review.
 */
async function seedAcceptedWork(client: Client): Promise<void> {
  await client.execute({
    sql: `INSERT INTO submissions (id, user_id, course, assignment, state, version, revision, created_at, submitted_at,
        decided_at)
      SELECT lower(hex(randomblob(12))), e.uid, e.course, a.assignment,
        CASE WHEN abs(random()) % 100 < 90 THEN 'accepted' ELSE 'submitted' END, 1, 1,
        max(e.enrolled_at, e.last_at - :day), max(e.enrolled_at, e.last_at - :day), e.last_at
      FROM t_enrol e JOIN t_assignment a ON a.course = e.course WHERE e.k = e.lesson_count`,
    args: { day: DAY },
  });
  await client.execute(`UPDATE submissions SET decided_at = NULL WHERE state = 'submitted'`);
}

/**
 * Completed: every lesson done, every quiz of the course passed and every required assignment
 * accepted; completed at the last activity.
 */
async function seedCompletions(client: Client): Promise<void> {
  await client.execute(`UPDATE enrollments SET completed_at = last_activity_at
    WHERE rowid IN (
      SELECT en.rowid FROM t_enrol e JOIN enrollments en ON en.user_id = e.uid AND en.course = e.course
      WHERE e.k = e.lesson_count AND NOT EXISTS (
        SELECT 1 FROM t_quiz q WHERE q.course = e.course AND NOT EXISTS (
          SELECT 1 FROM quiz_attempts a WHERE a.user_id = e.uid AND a.course = e.course AND a.quiz = q.quiz
            AND a.passed))
      AND NOT EXISTS (
        SELECT 1 FROM t_assignment r WHERE r.course = e.course AND NOT EXISTS (
          SELECT 1 FROM submissions s WHERE s.user_id = e.uid AND s.course = e.course AND s.assignment = r.assignment
            AND s.state = 'accepted')))`);
}

/** Certificates for 92 % of completions; 1.5 % revoked; 1 % replaced after a name correction. */
async function seedCertificates(client: Client): Promise<void> {
  const code = (h: string) => `upper(substr(${h}, 1, 4) || '-' || substr(${h}, 5, 4) || '-' || substr(${h}, 9, 4))`;
  await client.batch(
    [
      `CREATE TEMP TABLE t_cert AS SELECT hex(randomblob(6)) AS h, e.user_id, e.course, e.completed_at
        FROM enrollments e WHERE e.completed_at IS NOT NULL AND abs(random()) % 100 < 92`,
      `INSERT INTO certificates (code, user_id, course, locale, holder_name, course_title, hours, issued_at,
        issuer_name, signatory_name, signatory_title, credential)
        SELECT ${code('t.h')}, t.user_id, t.course, u.locale, u.display_name, c.title, c.hours, t.completed_at + 60000,
          'Oqu benchmark seed', 'Seed Signatory', 'Programme lead', 'SEED PLACEHOLDER: not a signed credential'
        FROM t_cert t JOIN users u ON u.id = t.user_id JOIN t_course c ON c.slug = t.course`,
      `UPDATE certificates SET revoked_at = issued_at + 10 * ${DAY}, revoked_reason = 'seed: issued in error',
        revoked_by = 'seed'
        WHERE abs(random()) % 1000 < 15`,
      `CREATE TEMP TABLE t_replaced AS SELECT code, hex(randomblob(6)) AS h FROM certificates
        WHERE revoked_at IS NULL AND abs(random()) % 100 = 0`,
      `INSERT INTO certificates (code, user_id, course, locale, holder_name, course_title, hours, issued_at,
        issuer_name, signatory_name, signatory_title, credential, replaced_by)
        SELECT ${code('r.h')}, c.user_id, c.course, c.locale, c.holder_name || ' (misspelt)', c.course_title, c.hours,
          c.issued_at,
          c.issuer_name, c.signatory_name, c.signatory_title, c.credential, c.code
        FROM t_replaced r JOIN certificates c ON c.code = r.code`,
      `UPDATE certificates SET issued_at = issued_at + 20 * ${DAY} WHERE code IN (SELECT code FROM t_replaced)`,
      'DROP TABLE t_cert',
      'DROP TABLE t_replaced',
    ],
    'write',
  );
}

/**
 * Three cohorts per course (about 0.5 %, 1.5 % and 4 % of its trainees): 85 % members, 10 % applicants, 5 % declined.
 */
async function seedCohorts(client: Client, courses: SeedCourse[], now: number): Promise<void> {
  const stmts: InStatement[] = [
    `CREATE TEMP TABLE t_bucket AS SELECT user_id, course, abs(random()) % 1000 AS bucket,
      abs(random()) % 100 AS state FROM enrollments`,
  ];
  const cohorts = [
    { suffix: 'spring', name: 'Spring 2026', from: 0, to: 5 },
    { suffix: 'summer', name: 'Summer 2026', from: 5, to: 20 },
    { suffix: 'autumn', name: 'Autumn 2026', from: 20, to: 60 },
  ];
  for (const course of courses) {
    for (const c of cohorts) {
      const id = `${course.slug}-${c.suffix}`;
      stmts.push({
        sql: 'INSERT INTO cohorts (id, course, name, join_code, created_at) VALUES (?, ?, ?, ?, ?)',
        args: [id, course.slug, c.name, createId().slice(0, 10).toUpperCase(), now - 200 * DAY],
      });
      stmts.push({
        sql: `INSERT INTO cohort_members (cohort_id, user_id, state, joined_at, decided_at)
          SELECT ?, user_id, CASE WHEN state < 85 THEN 'member' WHEN state < 95 THEN 'applied' ELSE 'declined' END, ?,
            NULL
          FROM t_bucket WHERE course = ? AND bucket >= ? AND bucket < ?`,
        args: [id, now - 150 * DAY, course.slug, c.from, c.to],
      });
    }
  }
  stmts.push('DROP TABLE t_bucket');
  await client.batch(stmts, 'write');
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (existsSync(options.db)) {
    if (!options.force) {
      console.error(`${options.db} exists; pass --force to replace it`);
      process.exit(2);
    }
    for (const suffix of ['', '-wal', '-shm']) rmSync(options.db + suffix, { force: true });
  }
  const scale = options.scale;
  const target = {
    users: Math.round(100_000 * scale),
    progress: Math.round(3_000_000 * scale),
    attempts: Math.round(200_000 * scale),
    submissions: Math.round(300_000 * scale),
  };
  const courses = loadSeedCourses();
  const now = Date.now();
  const retiredPerCourse = 20;
  const started = performance.now();
  console.log(`seeding ${options.db} (${courses.map((c) => c.slug).join(', ')})`);

  const db = await createDatabase({ url: `file:${options.db}` });
  const client = db.$client;
  try {
    await step('migrate', () => migrateDatabase(db));
    await client.executeMultiple('PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000; PRAGMA temp_store = MEMORY;');
    await step('reference tables', () => createReferenceTables(client, courses, retiredPerCourse));
    await step(`users (${target.users})`, () => seedUsers(client, target.users, now));
    await step('enrolments', () => seedEnrolments(client, now));
    await step(`lesson progress (${target.progress})`, () => seedProgress(client, target.progress, retiredPerCourse));
    await step(`quiz attempts (${target.attempts})`, () => seedAttempts(client, courses, target.attempts));
    await step('accepted work', () => seedAcceptedWork(client));
    await step('completions', () => seedCompletions(client));
    await step('certificates', () => seedCertificates(client));
    await step('cohorts', () => seedCohorts(client, courses, now));
    await step(`submissions (${target.submissions})`, () => seedSubmissions(client, courses, target.submissions, now));
    // What `oqu prepare` does before a server starts: the counts dashboards read (counted on
    // write by triggers during the steps above, then taken afresh for the courses' outlines).
    await step('dashboard counts', () => syncAllCourseCounts(db, courses));
    await step('checkpoint', () => client.execute('PRAGMA wal_checkpoint(TRUNCATE)'));
    const totals: Record<string, number> = {};
    for (const table of [
      'users',
      'enrollments',
      'lesson_progress',
      'quiz_attempts',
      'certificates',
      'cohorts',
      'cohort_members',
      'submissions',
      'submission_versions',
      'submission_reviews',
    ])
      totals[table] = await count(client, table);
    totals.completed = Number(
      (await client.execute('SELECT count(*) AS n FROM enrollments WHERE completed_at IS NOT NULL')).rows[0]!.n,
    );
    const seconds = (performance.now() - started) / 1000;
    const megabytes = statSync(options.db).size / 1024 / 1024;
    console.log(
      Object.entries(totals)
        .map(([k, v]) => `  ${k.padEnd(16)} ${v.toLocaleString('en')}`)
        .join('\n'),
    );
    console.log(`done in ${seconds.toFixed(1)} s; ${megabytes.toFixed(0)} MB`);
    console.log(
      JSON.stringify({
        name: 'seed-big',
        seconds: Math.round(seconds * 10) / 10,
        megabytes: Math.round(megabytes),
        now,
        ...totals,
      }),
    );
  } finally {
    closeDatabase(db);
  }
}

if (import.meta.main) await main();
