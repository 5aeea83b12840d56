/**
 * Quiz statistics aggregated in SQL: learners and pass counts per quiz, right answers per
 * question from the `results` JSON, answers and wrong picks from the `answers` JSON (via
 * json_each). See quiz-stats.ts for what is counted and why all attempts count.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../../db/client.ts';
import type { Quiz } from '../courses/schema.ts';
import { assembleQuizStats, listWrongChoices, type AnswerCounts, type QuizCounts, type QuizStats, type ResultCounts, type WrongChoice } from './quiz-stats.ts';
import { scopedRows, sqlList, type ReportScope } from './scope.server.ts';

function countLearners(from: SQL, where: SQL): SQL {
  return sql`
    SELECT a.quiz AS quiz, count(*) AS attempts, count(DISTINCT a.user_id) AS learners,
      count(DISTINCT CASE WHEN a.passed THEN a.user_id END) AS passedLearners
    FROM ${from} WHERE ${where} GROUP BY a.quiz`;
}

function countResults(from: SQL, where: SQL): SQL {
  return sql`
    SELECT a.quiz AS quiz, r.value ->> 'id' AS question, count(*) AS graded, sum(r.value ->> 'correct') AS "right"
    FROM ${from}, json_each(a.results) r WHERE ${where} GROUP BY 1, 2`;
}

/**
 * Answered questions (choice NULL) and picks of wrong choices, reading each attempt's
 * answers once. A value is a string or a list; `json_quote` turns a string into a JSON
 * string so that one json_each walks both. A list naming a choice twice counts once.
 */
function countAnswers(from: SQL, where: SQL, wrong: WrongChoice[]): SQL {
  const answered = sql`SELECT quiz, question, NULL AS choice, count(*) AS count FROM picks GROUP BY quiz, question`;
  if (wrong.length === 0) return sql`WITH picks AS (SELECT a.quiz AS quiz, q.key AS question FROM ${from}, json_each(a.answers) q WHERE ${where}) ${answered}`;
  const pairs = sql.join(
    wrong.map((w) => sql`(${w.quizId}, ${w.questionId}, ${w.choiceId})`),
    sql`, `,
  );
  return sql`
    WITH picks AS MATERIALIZED (
      SELECT a.id AS attempt, a.quiz AS quiz, q.key AS question, q.type AS type, q.value AS value
      FROM ${from}, json_each(a.answers) q WHERE ${where}
    )
    ${answered}
    UNION ALL
    SELECT p.quiz, p.question, c.value, count(DISTINCT p.attempt)
    FROM picks p, json_each(CASE WHEN p.type = 'array' THEN p.value ELSE json_quote(p.value) END) c
    WHERE (p.quiz, p.question, c.value) IN (VALUES ${pairs})
    GROUP BY 1, 2, 3`;
}

/** Statistics of each quiz in `quizzes` (id → quiz with its answer key), in the scope. */
export async function quizStats(db: Database, scope: ReportScope, quizzes: Record<string, Quiz>): Promise<QuizStats[]> {
  const ids = Object.keys(quizzes);
  if (ids.length === 0) return [];
  const a = scopedRows(scope, 'quiz_attempts', 'a');
  const where = sql`${a.where} AND a.quiz IN ${sqlList(ids)}`;
  const [counts, results, answers] = await db.batch([
    db.all<QuizCounts>(countLearners(a.from, where)),
    db.all<ResultCounts>(countResults(a.from, where)),
    db.all<AnswerCounts>(countAnswers(a.from, where, listWrongChoices(quizzes))),
  ]);
  const num = <T extends object>(rows: T[], fields: (keyof T)[]): T[] => rows.map((r) => ({ ...r, ...Object.fromEntries(fields.map((f) => [f, Number(r[f] ?? 0)])) }));
  return assembleQuizStats(
    quizzes,
    num(counts, ['attempts', 'learners', 'passedLearners']),
    num(results, ['graded', 'right']),
    num(answers, ['count']),
  );
}
