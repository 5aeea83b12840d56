/**
 * The trainee table, sorted, filtered and paged in SQL. Two statements in one read batch
 * (one snapshot): the count of matching trainees, and the page. The page is chosen first
 * from the sort key alone (a CTE with ORDER BY and LIMIT), and only its rows get names and
 * best scores per quiz, so a page costs the same whichever page it is, apart from the sort
 * itself. Lessons done and the score total are counts the database keeps on each enrolment
 * (course-counts.server.ts), each with a (course, count) index, so sorting a big course by
 * progress or score reads one index range instead of every trainee's progress and attempts.
 *
 * Empty values (no activity, no quiz tried) count as the smallest: first ascending, last
 * descending (SQLite's own order), which lets the `(course, last_active_at)` index serve the
 * default sort (last activity, kept on the enrolment: activity.server.ts) without sorting; ties
 * fall back to the enrolment's rowid, in the same direction, so pages never overlap or skip.
 *
 * Which table leads: a cohort's members (few), else the course's enrolments; but a search or
 * a sort by name over a whole course reads `users` in order and probes each user's
 * enrolment, which on a big course is several times cheaper than looking up every enrolled
 * user (and, with an index on users.display_name, lets a sort by name stop after one page).
 * `CROSS JOIN` fixes these orders for SQLite's planner.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { progressPercent } from '#lib/progress/percent.ts';
import type { CountedCourse } from './course-counts.server.ts';
import { activeSql, lastActivitySql } from './activity.server.ts';
import { scopedRows, sqlList, type ReportScope } from './scope.server.ts';
import {
  containsGlob,
  toBestScores,
  traineeTableOptionsSchema,
  type TraineeSort,
  type TraineeStatus,
  type TraineeTable,
  type TraineeTableOptions,
} from './trainees.ts';

function statusFilter(status: TraineeStatus, now: Date): SQL | undefined {
  if (status === 'completed') return sql`e.completed_at IS NOT NULL`;
  if (status === 'active') return sql`e.completed_at IS NULL AND ${activeSql(now)}`;
  if (status === 'inactive') return sql`e.completed_at IS NULL AND NOT ${activeSql(now)}`;
  return undefined;
}

/** Best percentage per quiz as rows, for a correlated subquery on `e`. */
function bestPerQuizSql(quizzes: readonly string[]): SQL {
  return sql`(SELECT qa.quiz AS quiz, max(qa.percent) AS best FROM quiz_attempts qa
    WHERE qa.user_id = e.user_id AND qa.course = e.course AND qa.quiz IN ${sqlList(quizzes)} GROUP BY qa.quiz)`;
}

function sortKeySql(sort: TraineeSort): SQL {
  switch (sort) {
    case 'name':
      return sql`u.display_name`;
    case 'progress':
      return sql`e.lessons_done`;
    case 'lastActivity':
      return lastActivitySql();
    case 'enrolled':
      return sql`e.enrolled_at`;
    case 'score':
      // The sum orders like the average (the number of quizzes is the same for everyone).
      return sql`e.score_total`;
  }
}

/**
 * The FROM items (enrolments as `e`, users as `u` when `withUsers`) and scope condition; see the header for
 * the order.
 */
function traineeSource(scope: ReportScope, withUsers: boolean): { from: SQL; where: SQL } {
  if (scope.cohortId !== undefined || !withUsers) {
    const e = scopedRows(scope, 'enrollments', 'e');
    if (!withUsers) return e;
    return { from: sql`${e.from} CROSS JOIN users u`, where: sql`${e.where} AND u.id = e.user_id` };
  }
  return { from: sql`users u CROSS JOIN enrollments e`, where: sql`e.user_id = u.id AND e.course = ${scope.course}` };
}

/** One page of the scope's trainees, with the total that match the filters. */
export async function traineeTable(
  db: Database,
  scope: ReportScope,
  course: CountedCourse,
  options: TraineeTableOptions,
  now: Date = new Date(),
): Promise<TraineeTable> {
  const o = traineeTableOptionsSchema.parse(options);
  const lessons = [...new Set(course.lessons)];
  const quizzes = Object.keys(course.quizzes);
  const pattern = containsGlob(o.search);
  const filtered = (withUsers: boolean) => {
    const source = traineeSource(scope, withUsers);
    const search = pattern ? sql`(u.display_name GLOB ${pattern} OR u.email GLOB ${pattern})` : undefined;
    const conditions = [source.where, statusFilter(o.status, now), search].filter((c): c is SQL => c !== undefined);
    return { from: source.from, where: sql.join(conditions, sql` AND `) };
  };
  const counting = filtered(pattern !== '');
  const paging = filtered(pattern !== '' || o.sort === 'name');
  const dir = sql.raw(o.dir === 'asc' ? 'ASC' : 'DESC');

  type PageRow = {
    userId: string;
    name: string;
    email: string;
    region: string | null;
    enrolledAt: number;
    lastActivityAt: number | null;
    completedAt: number | null;
    lessonsDone: number;
    bestScores: string | null;
    total: number | null;
  };
  // A search reads every trainee of the scope anyway, so the page counts the matches as it goes
  // (a window count) instead of a second scan; otherwise the count reads an index on its own.
  const countInPage = pattern !== '';
  const totalColumn = countInPage ? sql`, count(*) OVER () AS total` : sql``;
  const countStatement = db.all<{ total: number }>(
    sql`SELECT count(*) AS total FROM ${counting.from} WHERE ${counting.where}`,
  );
  const pageStatement = db.all<PageRow>(sql`
      WITH page AS (
        SELECT e.rowid AS rid, ${sortKeySql(o.sort)} AS sort_key${totalColumn}
        FROM ${paging.from} WHERE ${paging.where}
        ORDER BY sort_key ${dir}, e.rowid ${dir}
        LIMIT ${o.limit} OFFSET ${o.offset}
      )
      SELECT e.user_id AS userId, u.display_name AS name, u.email AS email, u.region AS region,
        e.enrolled_at AS enrolledAt, ${lastActivitySql()} AS lastActivityAt, e.completed_at AS completedAt,
        e.lessons_done AS lessonsDone,
        (SELECT json_group_object(s.quiz, s.best) FROM ${bestPerQuizSql(quizzes)} s) AS bestScores,
        ${countInPage ? sql`page.total` : sql`NULL`} AS total
      FROM page JOIN enrollments e ON e.rowid = page.rid JOIN users u ON u.id = e.user_id
      ORDER BY page.sort_key ${dir}, page.rid ${dir}`);
  let total: number;
  let rows: PageRow[];
  if (countInPage) {
    rows = await pageStatement;
    // A page past the last match has no row to carry the count: count on its own then.
    total =
      rows.length > 0 ? Number(rows[0]!.total) : o.offset === 0 ? 0 : Number((await countStatement)[0]?.total ?? 0);
  } else {
    const [counted, paged] = await db.batch([countStatement, pageStatement]);
    total = Number(counted[0]?.total ?? 0);
    rows = paged;
  }
  const date = (ms: number | null) => (ms === null ? null : new Date(Number(ms)));
  return {
    total,
    rows: rows.map((r) => ({
      userId: r.userId,
      name: r.name,
      email: r.email,
      region: r.region,
      enrolledAt: new Date(Number(r.enrolledAt)),
      lastActivityAt: date(r.lastActivityAt),
      lessonsDone: Number(r.lessonsDone),
      percent: progressPercent(Number(r.lessonsDone), lessons.length, r.completedAt !== null),
      completedAt: date(r.completedAt),
      bestScores: toBestScores(quizzes, r.bestScores),
    })),
  };
}
