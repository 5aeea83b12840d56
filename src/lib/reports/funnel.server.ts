/** How many trainees have marked each lesson done: where a course loses its readers. */
import { sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { scopedRows, sqlList, type ReportScope } from './scope.server.ts';

export interface FunnelStep {
  lesson: string;
  /** Trainees in the scope who marked the lesson done. */
  done: number;
}

/**
 * One step per lesson of `lessonSlugs` (the course's lessons in reading order, from the
 * catalogue), in that order. Progress rows of lessons the course no longer has are not
 * counted anywhere; a lesson nobody has done yet shows 0.
 */
export async function lessonFunnel(
  db: Database,
  scope: ReportScope,
  lessonSlugs: readonly string[],
): Promise<FunnelStep[]> {
  const lessons = [...new Set(lessonSlugs)];
  if (lessons.length === 0) return [];
  const lp = scopedRows(scope, 'lesson_progress', 'lp');
  // A course reads the (course, lesson) index; for a cohort, `+` makes SQLite scan each
  // member's rows once instead of seeking the primary key once per lesson.
  const lesson = scope.cohortId === undefined ? sql`lp.lesson` : sql`+lp.lesson`;
  const rows = await db.all<{ lesson: string; done: number }>(sql`
    SELECT lp.lesson AS lesson, count(*) AS done
    FROM ${lp.from} WHERE ${lp.where} AND ${lesson} IN ${sqlList(lessons)}
    GROUP BY lp.lesson`);
  const done = new Map(rows.map((r) => [r.lesson, Number(r.done)]));
  return lessons.map((lesson) => ({ lesson, done: done.get(lesson) ?? 0 }));
}
