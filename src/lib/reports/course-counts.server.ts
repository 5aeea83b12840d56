/**
 * Counts kept on write for the dashboards of a big copy: per enrolment, lessons done, the
 * sum of best quiz percentages and the time of the last activity (the trainee table sorts by
 * them); per quiz, question and choice, the course-wide quiz statistics. Triggers on
 * lesson_progress and quiz_attempts (db/migrations/0004_course_counts.sql and
 * 0011_enrolment_last_active.sql) keep them, so a dashboard reads a handful of rows and an
 * index range instead of every attempt and progress row of the course.
 *
 * What the triggers count depends on the course's content (a lesson the course no longer has
 * is not counted; picks are counted for choice questions only), so the database keeps an
 * outline of each course (outline_lessons, outline_quizzes, outline_choice_questions) and
 * its digest. `ensureCourseCounts` compares the digest with the course as built; when it
 * differs (a new database, a course edited or new) it writes the outline and recounts every
 * count of that course from the stored rows, all in one write transaction, so a write racing
 * with it is counted exactly once either way. That recount is the only slow step (several
 * seconds for a course of 95,000 trainees, once per change of the course). `oqu prepare`
 * does it before the server starts (with the course files of courses/); the server checks
 * again on its first request (src/middleware.ts), in the background, and finds it done.
 *
 * The full recount below and the triggers compute the same numbers; the integration tests
 * check one against the other after inserts and deletions.
 */
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import type { CourseContent } from '#lib/courses/catalog.ts';
import type { Quiz } from '#lib/courses/schema.ts';
import { formerlyOf, renamesOf } from '#lib/courses/renames.ts';

export type { CourseContent };

declare const counted: unique symbol;
/** A course whose stored counts follow its current outline: what the dashboard reports take. */
export type CountedCourse = CourseContent & { readonly [counted]: true };

const CHOICE_TYPES = new Set<string>(['single', 'multiple', 'truefalse']);

export interface CourseOutlineRows {
  lessons: string[];
  quizzes: string[];
  /** `[quiz, question]` of every choice question. */
  choiceQuestions: [string, string][];
}

/** The outline the database keeps for a course, and its digest. */
export function courseOutlineRows(course: CourseContent): CourseOutlineRows & { digest: string } {
  // Sorted: the counts depend on which lessons and questions there are, not on their order.
  const lessons = [...new Set(course.lessons)].sort();
  const quizzes = Object.keys(course.quizzes).sort();
  const choiceQuestions = quizzes.flatMap((quizId) =>
    course.quizzes[quizId]!.questions.filter((q) => CHOICE_TYPES.has(q.type)).map((q): [string, string] => [
      quizId,
      q.id,
    ]),
  );
  // Renames take part only when there are some, so the digests of other courses stay as they were.
  const renamed = Object.entries(course.renamed ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const digest = createHash('sha256')
    .update(JSON.stringify({ v: 1, lessons, quizzes, choiceQuestions, ...(renamed.length > 0 && { renamed }) }))
    .digest('hex');
  return { lessons, quizzes, choiceQuestions, digest };
}

/** Every count of one course taken afresh from the stored rows (what the triggers keep up to date). */
function recountStatements(course: string): SQL[] {
  const bestScores = sql`(SELECT sum(s.best) FROM (SELECT max(qa.percent) AS best FROM quiz_attempts qa
    WHERE qa.user_id = enrollments.user_id AND qa.course = enrollments.course
      AND qa.quiz IN (SELECT o.quiz FROM outline_quizzes o WHERE o.course = enrollments.course) GROUP BY qa.quiz) s)`;
  // The unary `+` keeps SQLite from seeking the primary key once per outline lesson.
  const lessonsDone = sql`(SELECT count(*) FROM lesson_progress lp
    WHERE lp.user_id = enrollments.user_id AND lp.course = enrollments.course
    AND +lp.lesson IN (SELECT o.lesson FROM outline_lessons o WHERE o.course = enrollments.course))`;
  return [
    sql`UPDATE enrollments SET lessons_done = ${lessonsDone}, score_total = ${bestScores}, last_active_at = NULL
      WHERE course = ${course}`,
    // The last activity (activity.server.ts), in one pass over the course's progress and attempts.
    sql`UPDATE enrollments SET last_active_at = a.at
      FROM (SELECT user_id, max(at) AS at FROM (
          SELECT user_id, max(completed_at) AS at FROM lesson_progress WHERE course = ${course} GROUP BY user_id
          UNION ALL
          SELECT user_id, max(submitted_at) FROM quiz_attempts WHERE course = ${course} GROUP BY user_id)
        GROUP BY user_id) a
      WHERE enrollments.course = ${course} AND enrollments.user_id = a.user_id`,
    sql`DELETE FROM quiz_counts WHERE course = ${course}`,
    sql`INSERT INTO quiz_counts (course, quiz, attempts, learners, passed_learners)
      SELECT course, quiz, count(*), count(DISTINCT user_id), count(DISTINCT CASE WHEN passed THEN user_id END)
      FROM quiz_attempts WHERE course = ${course} GROUP BY quiz`,
    sql`DELETE FROM quiz_question_counts WHERE course = ${course}`,
    sql`INSERT INTO quiz_question_counts (course, quiz, question, answered, graded, correct)
      SELECT ${course}, x.quiz, x.question, sum(x.answered), sum(x.graded), sum(x.correct) FROM (
        SELECT a.quiz AS quiz, r.value ->> 'id' AS question, 0 AS answered, 1 AS graded,
            coalesce(r.value ->> 'correct', 0) AS correct
          FROM quiz_attempts a, json_each(a.results) r WHERE a.course = ${course}
        UNION ALL
        SELECT a.quiz, k.key, 1, 0, 0 FROM quiz_attempts a, json_each(a.answers) k WHERE a.course = ${course}) x
      WHERE x.question IS NOT NULL GROUP BY x.quiz, x.question`,
    sql`DELETE FROM quiz_choice_counts WHERE course = ${course}`,
    sql`INSERT INTO quiz_choice_counts (course, quiz, question, choice, picked)
      SELECT ${course}, p.quiz, p.question, p.choice, count(*) FROM (
        SELECT DISTINCT a.rowid, a.quiz AS quiz, k.key AS question, c.value AS choice
        FROM quiz_attempts a, json_each(a.answers) k
          JOIN outline_choice_questions o ON o.course = a.course AND o.quiz = a.quiz AND o.question = k.key,
          json_each(CASE WHEN k.type = 'array' THEN k.value ELSE json_array(k.value) END) c
        WHERE a.course = ${course} AND c.type = 'text') p
      GROUP BY p.quiz, p.question, p.choice`,
  ];
}

/**
 * Moves progress from former lesson names to the lesson that has them in its `formerly:` list
 * (renames.ts): a trainee who had done both keeps the earlier date; "continue where you left
 * off" follows too. Runs before the recount, in the same transaction; a second run finds nothing.
 */
function renameStatements(course: string, renamed: Readonly<Record<string, string>>): SQL[] {
  return Object.entries(renamed).flatMap(([old, lesson]) => [
    sql`INSERT INTO lesson_progress (user_id, course, lesson, completed_at)
      SELECT user_id, course, ${lesson}, completed_at FROM lesson_progress WHERE course = ${course} AND lesson = ${old}
      ON CONFLICT (user_id, course, lesson) DO UPDATE SET completed_at = min(completed_at, excluded.completed_at)`,
    sql`DELETE FROM lesson_progress WHERE course = ${course} AND lesson = ${old}`,
    sql`UPDATE enrollments SET last_lesson = ${lesson} WHERE course = ${course} AND last_lesson = ${old}`,
  ]);
}

/** Rows of `[course, ...values]` for a multi-row insert, or nothing for an empty list. */
function insertRows(table: string, columns: string[], course: string, rows: readonly (readonly string[])[]): SQL[] {
  if (rows.length === 0) return [];
  const values = sql.join(
    rows.map(
      (r) =>
        sql`(${sql.join(
          [course, ...r].map((v) => sql`${v}`),
          sql`, `,
        )})`,
    ),
    sql`, `,
  );
  return [sql`INSERT INTO ${sql.raw(table)} (${sql.raw(['course', ...columns].join(', '))}) VALUES ${values}`];
}

/**
 * Writes the course's outline and recounts its counts when the stored digest differs (or
 * `force`); one write transaction. Returns whether it recounted.
 */
export async function syncCourseCounts(
  db: Database,
  course: CourseContent,
  options: { force?: boolean; now?: Date } = {},
): Promise<boolean> {
  const outline = courseOutlineRows(course);
  const stored = await db.all<{ digest: string }>(
    sql`SELECT digest FROM course_outlines WHERE course = ${course.slug}`,
  );
  if (!options.force && stored[0]?.digest === outline.digest) {
    checkedIn(db).set(course.slug, { digest: outline.digest, done: Promise.resolve(course as CountedCourse) });
    return false;
  }
  const slug = course.slug;
  const statements: SQL[] = [
    ...renameStatements(slug, course.renamed ?? {}),
    sql`DELETE FROM outline_lessons WHERE course = ${slug}`,
    ...insertRows(
      'outline_lessons',
      ['lesson'],
      slug,
      outline.lessons.map((l) => [l]),
    ),
    sql`DELETE FROM outline_quizzes WHERE course = ${slug}`,
    ...insertRows(
      'outline_quizzes',
      ['quiz'],
      slug,
      outline.quizzes.map((q) => [q]),
    ),
    sql`DELETE FROM outline_choice_questions WHERE course = ${slug}`,
    ...insertRows('outline_choice_questions', ['quiz', 'question'], slug, outline.choiceQuestions),
    ...recountStatements(slug),
    sql`INSERT INTO course_outlines (course, digest, synced_at)
      VALUES (${slug}, ${outline.digest}, ${(options.now ?? new Date()).getTime()})
      ON CONFLICT (course) DO UPDATE SET digest = excluded.digest, synced_at = excluded.synced_at`,
  ];
  const [first, ...rest] = statements.map((s) => db.run(s));
  await db.batch([first!, ...rest]);
  checkedIn(db).set(slug, { digest: outline.digest, done: Promise.resolve(course as CountedCourse) });
  return true;
}

/**
 * Syncs each course in turn (`oqu prepare`, the server's first request); the ones recounted, with the time
 * each took.
 */
export async function syncAllCourseCounts(
  db: Database,
  courses: readonly CourseContent[],
): Promise<{ slug: string; ms: number }[]> {
  const recounted: { slug: string; ms: number }[] = [];
  for (const course of courses) {
    const started = performance.now();
    if (await syncCourseCounts(db, course))
      recounted.push({ slug: course.slug, ms: Math.round(performance.now() - started) });
  }
  return recounted;
}

const checked = new WeakMap<Database, Map<string, { digest: string; done: Promise<CountedCourse> }>>();

/** The outline this process last checked or wrote for each course of `db`. */
function checkedIn(db: Database): Map<string, { digest: string; done: Promise<CountedCourse> }> {
  const perDb = checked.get(db) ?? new Map<string, { digest: string; done: Promise<CountedCourse> }>();
  checked.set(db, perDb);
  return perDb;
}

/**
 * The course, once its stored counts are known to follow its outline: checked once per
 * process and outline (concurrent callers share the check), recounted when needed. A
 * different outline of the same course (a rebuilt site in the same process, or tests) is
 * checked again. Processes sharing one database (a libSQL server) must serve the same
 * courses: each one checks only once.
 */
export function ensureCourseCounts(db: Database, course: CourseContent): Promise<CountedCourse> {
  const perDb = checkedIn(db);
  const { digest } = courseOutlineRows(course);
  const known = perDb.get(course.slug);
  if (known?.digest === digest) return known.done;
  const entry = { digest, done: syncCourseCounts(db, course).then(() => course as CountedCourse) };
  perDb.set(course.slug, entry);
  // A failed check (a database error) is tried again by the next caller.
  entry.done.catch(() => {
    if (perDb.get(course.slug) === entry) perDb.delete(course.slug);
  });
  return entry.done;
}

/** The course's lesson slugs and quizzes, as the counts need them, from a catalogue course. */
export function courseContent(course: {
  slug: string;
  lessons: readonly { slug: string; translations: Partial<Record<string, { meta: unknown }>> }[];
  quizzes: Readonly<Record<string, Quiz>>;
}): CourseContent {
  const renamed = renamesOf(
    course.lessons.map((l) => ({
      slug: l.slug,
      formerly: Object.values(l.translations).flatMap((source) => formerlyOf(source?.meta)),
    })),
  );
  return { slug: course.slug, lessons: course.lessons.map((l) => l.slug), quizzes: course.quizzes, renamed };
}
