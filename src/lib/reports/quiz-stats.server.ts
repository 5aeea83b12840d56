/**
 * Quiz statistics in SQL. For a whole course they are read from the counts the database
 * keeps on every attempt (quiz_counts, quiz_question_counts, quiz_choice_counts; see
 * course-counts.server.ts): a few rows, whatever the number of attempts. For a cohort
 * (small, and its membership changes) they are counted from its members' attempts: per quiz,
 * one pass that returns a single row of counts (see TallyColumn in quiz-stats.ts). Each
 * attempt's JSON is parsed once (SQLite keeps the parse for the other functions reading the
 * same text in the row):
 * - `results`, from the position the question has in the current quiz (`$[i].id`, `$[i].correct`):
 *   results are stored in quiz order, so for an unchanged quiz this is a path lookup; an
 *   attempt graded before the quiz changed is searched with json_each for the question id;
 * - `answers`, by path (`$."question"`): present means answered; a single or true/false pick
 *   is compared with each wrong choice, a multiple-choice list is walked with json_each.
 * Both ways give the same numbers (tests/integration/course-counts.test.ts).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import type { Quiz } from '#lib/courses/schema.ts';
import type { CountedCourse } from './course-counts.server.ts';
import {
  assembleQuizStats,
  mergeTallies,
  readTally,
  tallyColumns,
  tallyKey,
  type QuizStats,
  type QuizTally,
  type TallyColumn,
} from './quiz-stats.ts';
import { scopedRows, type ReportScope } from './scope.server.ts';
import {
  topWrongTypedAnswers,
  TYPED_ANSWERS_WINDOW,
  type RawTypedAnswer,
  type TypedAnswerCount,
} from './typed-answers.ts';

/** The SQL of one count over the scope's attempts `a`. */
function columnSql(column: TallyColumn): SQL {
  switch (column.what) {
    case 'attempts':
      return sql`count(*)`;
    case 'learners':
      return sql`count(DISTINCT a.user_id)`;
    case 'passed':
      return sql`count(DISTINCT CASE WHEN a.passed THEN a.user_id END)`;
    case 'answered':
      return sql`sum(a.answers -> ${`$."${column.question}"`} IS NOT NULL)`;
    case 'graded':
    case 'right': {
      const at = `$[${column.index}]`;
      const inPlace = sql`a.results ->> ${`${at}.id`} = ${column.question}`;
      const found = column.what === 'graded' ? sql`1` : sql`a.results ->> ${`${at}.correct`}`;
      const searched = column.what === 'graded' ? sql`count(*)` : sql`sum(x.value ->> 'correct')`;
      return sql`sum(CASE WHEN ${inPlace} THEN ${found}
        ELSE (SELECT ${searched} FROM json_each(a.results) x WHERE x.value ->> 'id' = ${column.question}) END)`;
    }
    case 'picked': {
      const path = `$."${column.question}"`;
      if (!column.multiple) return sql`sum(a.answers ->> ${path} = ${column.choice})`;
      return sql`sum(CASE WHEN json_type(a.answers, ${path}) = 'array'
        THEN EXISTS (SELECT 1 FROM json_each(a.answers, ${path}) c WHERE c.value = ${column.choice}) END)`;
    }
  }
}

/** One quiz's counts over the scope's attempts. */
function tallyQuery(scope: ReportScope, quizId: string, columns: TallyColumn[]): SQL {
  const a = scopedRows(scope, 'quiz_attempts', 'a');
  const selected = sql.join(
    columns.map((c, i) => sql`${columnSql(c)} AS ${sql.raw(`c${i}`)}`),
    sql`, `,
  );
  return sql`SELECT ${selected} FROM ${a.from} WHERE ${a.where} AND a.quiz = ${quizId}`;
}

/** The counts of `quizzes` over the scope's attempts, read in one snapshot. */
export async function countQuizTally(
  db: Database,
  scope: ReportScope,
  quizzes: Readonly<Record<string, Quiz>>,
): Promise<QuizTally> {
  const plan = Object.entries(quizzes).map(([quizId, quiz]) => ({ quizId, columns: tallyColumns(quizId, quiz) }));
  if (plan.length === 0) return new Map();
  const [first, ...rest] = plan.map((p) => db.all<Record<string, unknown>>(tallyQuery(scope, p.quizId, p.columns)));
  const rows = await db.batch([first!, ...rest]);
  return plan.reduce<QuizTally>((sum, p, i) => mergeTallies(sum, readTally(p.columns, rows[i]?.[0] ?? {})), new Map());
}

/** The counts the database keeps for a whole course (course-counts.server.ts), as a tally. */
export async function keptQuizTally(db: Database, course: CountedCourse): Promise<QuizTally> {
  const [quizRows, questionRows, choiceRows] = await db.batch([
    db.all<{ quiz: string; attempts: number; learners: number; passed: number }>(
      sql`SELECT quiz, attempts, learners, passed_learners AS passed FROM quiz_counts WHERE course = ${course.slug}`,
    ),
    db.all<{ quiz: string; question: string; answered: number; graded: number; correct: number }>(
      sql`SELECT quiz, question, answered, graded, correct FROM quiz_question_counts WHERE course = ${course.slug}`,
    ),
    db.all<{ quiz: string; question: string; choice: string; picked: number }>(
      sql`SELECT quiz, question, choice, picked FROM quiz_choice_counts WHERE course = ${course.slug}`,
    ),
  ]);
  const tally = new Map<string, number>();
  const put = (value: number, ...parts: string[]) => {
    if (Number(value)) tally.set(tallyKey(...parts), Number(value));
  };
  for (const r of quizRows) {
    put(r.attempts, 'attempts', r.quiz);
    put(r.learners, 'learners', r.quiz);
    put(r.passed, 'passed', r.quiz);
  }
  for (const r of questionRows) {
    put(r.answered, 'answered', r.quiz, r.question);
    put(r.graded, 'graded', r.quiz, r.question);
    put(r.correct, 'right', r.quiz, r.question);
  }
  for (const r of choiceRows) put(r.picked, 'picked', r.quiz, r.question, r.choice);
  return tally;
}

/** Statistics of each quiz of the course, over the whole course or one of its cohorts. */
export async function quizStats(db: Database, scope: ReportScope, course: CountedCourse): Promise<QuizStats[]> {
  const tally =
    scope.cohortId === undefined ? await keptQuizTally(db, course) : await countQuizTally(db, scope, course.quizzes);
  return assembleQuizStats(course.quizzes, tally);
}

/** One text question's wrong answers in the window `w` of attempts, counted per stored answer. */
function wrongAnswersSql(windowSql: SQL, question: string, position: number): SQL {
  const at = `$."${question}"`; // question ids are slugs (courses/schema.ts): nothing to escape
  const result = `$[${position}]`; // results are stored in quiz order: a path lookup for an unchanged quiz
  const correct = sql`CASE WHEN w.results ->> ${`${result}.id`} = ${question}
      THEN coalesce(w.results ->> ${`${result}.correct`}, 0)
    ELSE (SELECT coalesce(r.value ->> 'correct', 0) FROM json_each(w.results) r
      WHERE r.type = 'object' AND r.value ->> 'id' = ${question} LIMIT 1) END`;
  const answer = sql`CASE json_type(w.answers, ${at}) WHEN 'text' THEN w.answers ->> ${at}
    WHEN 'array' THEN CASE WHEN json_array_length(w.answers, ${at}) = 1 AND json_type(w.answers, ${`${at}[0]`}) = 'text'
      THEN w.answers ->> ${`${at}[0]`} END END`;
  return sql`SELECT ${question} AS question, x.answer AS answer, count(*) AS count FROM (
      SELECT ${answer} AS answer, ${correct} AS correct FROM ${windowSql}
      WHERE json_valid(w.answers) AND json_type(w.answers) = 'object'
        AND json_valid(w.results) AND json_type(w.results) = 'array') x
    WHERE x.answer IS NOT NULL AND x.correct IS NOT NULL AND NOT x.correct >= 1
    GROUP BY x.answer`;
}

/**
 * The most common wrong typed answers of each text question, by quiz and question id: counted
 * on demand (no kept count, unlike the choices) from the latest `TYPED_ANSWERS_WINDOW`
 * attempts of the quiz in the scope (newest by rowid, the order the (course, quiz) index keeps
 * its entries in), so what it reads is bounded however many attempts there are. SQLite picks
 * each text question's answer (a text, or a list of one text) and its grade out of the JSON
 * by path and counts the wrong ones per stored answer; only the distinct answers come back to
 * be normalised (topWrongTypedAnswers). Text that is not JSON of the right shape is skipped.
 */
export async function wrongTypedAnswers(
  db: Database,
  scope: ReportScope,
  course: CountedCourse,
): Promise<Map<string, Map<string, TypedAnswerCount[]>>> {
  const found = new Map<string, Map<string, TypedAnswerCount[]>>();
  for (const [quizId, quiz] of Object.entries(course.quizzes)) {
    const text = quiz.questions.flatMap((q, position) => (q.type === 'text' ? [{ id: q.id, position }] : []));
    if (text.length === 0) continue;
    const a = scopedRows(scope, 'quiz_attempts', 'a');
    const windowSql = sql`(SELECT a.answers AS answers, a.results AS results FROM ${a.from}
      WHERE ${a.where} AND a.quiz = ${quizId} ORDER BY a.rowid DESC LIMIT ${TYPED_ANSWERS_WINDOW}) w`;
    const rows = await db.all<RawTypedAnswer>(
      sql.join(
        text.map((q) => wrongAnswersSql(windowSql, q.id, q.position)),
        sql` UNION ALL `,
      ),
    );
    found.set(
      quizId,
      topWrongTypedAnswers(
        text.map((q) => q.id),
        rows,
      ),
    );
  }
  return found;
}
