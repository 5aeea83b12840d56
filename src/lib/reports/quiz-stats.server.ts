/**
 * Quiz statistics counted in SQL: per quiz, one pass over its attempts that returns a single
 * row of counts (see TallyColumn in quiz-stats.ts). Each attempt's JSON is parsed once (SQLite
 * keeps the parse for the other functions reading the same text in the row):
 * - `results`, from the position the question has in the current quiz (`$[i].id`, `$[i].correct`):
 *   results are stored in quiz order, so for an unchanged quiz this is a path lookup; an
 *   attempt graded before the quiz changed is searched with json_each for the question id;
 * - `answers`, by path (`$."question"`): present means answered; a single or true/false pick
 *   is compared with each wrong choice, a multiple-choice list is walked with json_each.
 * No GROUP BY: sorting hundreds of thousands of (attempt, question) rows was the slowest part.
 *
 * Reading every attempt of a big course still takes time: the biggest seeded course has
 * 60,000 attempts (about a second on the benchmark machine, bench/dashboards.ts), and
 * libSQL runs a query on the JS thread, blocking the server meanwhile. Attempts are only
 * ever added (a user's are removed with the user), and every count is a sum over attempts, so
 * for a whole course the counts are kept per process and brought up to date by counting only
 * the attempts stored since (rowid above the last one counted). First, one index-only query
 * checks that the attempts counted before are all still there; if any are gone, or the counts
 * are older than FULL_RECOUNT_MS (bounding anything the check cannot see, such as a rowid
 * reused after the newest attempt was deleted), everything is counted again. A cohort is
 * small and its membership changes, so it is always counted afresh.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../../db/client.ts';
import type { Quiz } from '../courses/schema.ts';
import { assembleQuizStats, mergeTallies, readTally, tallyColumns, type QuizStats, type QuizTally, type TallyColumn } from './quiz-stats.ts';
import { scopedRows, sqlList, type ReportScope } from './scope.server.ts';

export const FULL_RECOUNT_MS = 15 * 60 * 1000;
const MAX_KEPT = 64;

/** Whether `a` has an attempt of the same quiz by the same user up to rowid `after` (passed, if asked). */
function earlierAttempt(after: number, passed: boolean): SQL {
  return sql`EXISTS (SELECT 1 FROM quiz_attempts b WHERE b.user_id = a.user_id AND b.course = a.course
    AND b.quiz = a.quiz AND b.rowid <= ${after}${passed ? sql` AND b.passed` : sql``})`;
}

/** The SQL of one count; with `after`, learners and passes count only users new to the quiz or to passing it. */
function columnSql(column: TallyColumn, after: number | null): SQL {
  switch (column.what) {
    case 'attempts':
      return sql`count(*)`;
    case 'learners':
      return after === null ? sql`count(DISTINCT a.user_id)` : sql`count(DISTINCT CASE WHEN NOT ${earlierAttempt(after, false)} THEN a.user_id END)`;
    case 'passed':
      return after === null
        ? sql`count(DISTINCT CASE WHEN a.passed THEN a.user_id END)`
        : sql`count(DISTINCT CASE WHEN a.passed AND NOT ${earlierAttempt(after, true)} THEN a.user_id END)`;
    case 'answered':
      return sql`sum(a.answers -> ${`$."${column.question}"`} IS NOT NULL)`;
    case 'graded':
    case 'right': {
      const at = `$[${column.index}]`;
      const inPlace = sql`a.results ->> ${`${at}.id`} = ${column.question}`;
      const found = column.what === 'graded' ? sql`1` : sql`a.results ->> ${`${at}.correct`}`;
      const searched = column.what === 'graded' ? sql`count(*)` : sql`sum(x.value ->> 'correct')`;
      return sql`sum(CASE WHEN ${inPlace} THEN ${found} ELSE (SELECT ${searched} FROM json_each(a.results) x WHERE x.value ->> 'id' = ${column.question}) END)`;
    }
    case 'picked': {
      const path = `$."${column.question}"`;
      if (!column.multiple) return sql`sum(a.answers ->> ${path} = ${column.choice})`;
      return sql`sum(CASE WHEN json_type(a.answers, ${path}) = 'array'
        THEN EXISTS (SELECT 1 FROM json_each(a.answers, ${path}) c WHERE c.value = ${column.choice}) END)`;
    }
  }
}

/** One quiz's counts in the scope (only attempts with rowid above `after`, when given). */
function tallyQuery(scope: ReportScope, quizId: string, columns: TallyColumn[], after: number | null): SQL {
  const a = scopedRows(scope, 'quiz_attempts', 'a');
  const since = after === null ? sql`` : sql` AND a.rowid > ${after}`;
  const selected = sql.join(
    columns.map((c, i) => sql`${columnSql(c, after)} AS ${sql.raw(`c${i}`)}`),
    sql`, `,
  );
  return sql`SELECT ${selected} FROM ${a.from} WHERE ${a.where} AND a.quiz = ${quizId}${since}`;
}

/** How many of the course's attempts of `quizIds` there are, how many up to rowid `upTo`, and the last rowid (index only). */
function checkQuery(course: string, quizIds: string[], upTo: number): SQL {
  return sql`SELECT count(*) AS total, coalesce(sum(a.rowid <= ${upTo}), 0) AS upTo, coalesce(max(a.rowid), 0) AS top
    FROM quiz_attempts a WHERE a.course = ${course} AND a.quiz IN ${sqlList(quizIds)}`;
}

interface Kept {
  tally: QuizTally;
  /** The last rowid counted, and how many attempts had a rowid up to it. */
  top: number;
  total: number;
  countedAt: number;
}

type Plan = { quizId: string; columns: TallyColumn[] }[];

/** Counts in one read transaction: the check and each quiz's row. */
async function count(db: Database, scope: ReportScope, plan: Plan, after: number | null): Promise<{ check: { total: number; upTo: number; top: number }; tally: QuizTally }> {
  const [check, ...rows] = await db.batch([
    db.all<{ total: number; upTo: number; top: number }>(checkQuery(scope.course, plan.map((p) => p.quizId), after ?? 0)),
    ...plan.map((p) => db.all<Record<string, unknown>>(tallyQuery(scope, p.quizId, p.columns, after))),
  ]);
  const tally = plan.reduce<QuizTally>((sum, p, i) => mergeTallies(sum, readTally(p.columns, rows[i]?.[0] ?? {})), new Map());
  const c = check[0];
  return { check: { total: Number(c?.total ?? 0), upTo: Number(c?.upTo ?? 0), top: Number(c?.top ?? 0) }, tally };
}

/** The kept counts plus the attempts stored since, or null when attempts counted before are gone. */
async function countSince(db: Database, scope: ReportScope, plan: Plan, kept: Kept): Promise<Kept | null> {
  const { check, tally } = await count(db, scope, plan, kept.top);
  if (check.upTo !== kept.total || check.top < kept.top) return null;
  return { tally: mergeTallies(kept.tally, tally), top: check.top, total: check.total, countedAt: kept.countedAt };
}

const keptCounts = new WeakMap<Database, Map<string, Kept>>();

/** Statistics of each quiz in `quizzes` (id → quiz with its answer key), in the scope. */
export async function quizStats(db: Database, scope: ReportScope, quizzes: Record<string, Quiz>): Promise<QuizStats[]> {
  const plan: Plan = Object.entries(quizzes).map(([quizId, quiz]) => ({ quizId, columns: tallyColumns(quizId, quiz) }));
  if (plan.length === 0) return [];
  if (scope.cohortId !== undefined) return assembleQuizStats(quizzes, (await count(db, scope, plan, null)).tally);

  const kept = keptCounts.get(db) ?? new Map<string, Kept>();
  keptCounts.set(db, kept);
  const key = JSON.stringify([scope.course, plan]);
  const before = kept.get(key);
  const recent = before !== undefined && Date.now() - before.countedAt < FULL_RECOUNT_MS;
  let now = recent ? await countSince(db, scope, plan, before) : null;
  if (!now) {
    const full = await count(db, scope, plan, null);
    now = { tally: full.tally, top: full.check.top, total: full.check.total, countedAt: Date.now() };
  }
  if (kept.get(key) === before) {
    // Unless a concurrent call stored newer counts meanwhile; the oldest course goes first.
    kept.delete(key);
    kept.set(key, now);
    if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value!);
  }
  return assembleQuizStats(quizzes, now.tally);
}

/** Forgets the kept counts (after bulk deletions, and between tests). */
export function forgetQuizStats(db: Database): void {
  keptCounts.delete(db);
}
