/**
 * The course dashboard's tables as CSV files (see csv.ts for the format): trainees, the lesson
 * funnel and the quiz statistics, of a course or one of its cohorts. Every export is written to
 * the audit log. The trainee table is streamed page by page, so an export of any size holds
 * one page in memory and is never cut short.
 */
import type { Database } from '#db/client.ts';
import { recordAudit, type Actor } from '#lib/audit/audit.server.ts';
import { ensureCourseCounts, type CountedCourse, type CourseContent } from './course-counts.server.ts';
import { streamCsv, toCsv, type CsvValue } from './csv.ts';
import { lessonFunnel } from './funnel.server.ts';
import type { ReportScope } from './scope.server.ts';
import { quizStats } from './quiz-stats.server.ts';
import { traineeTable } from './trainees.server.ts';
import { MAX_PAGE_SIZE, type TraineeTableOptions } from './trainees.ts';

export const COURSE_TABLES = ['trainees', 'funnel', 'quizzes'] as const;
export type CourseTable = (typeof COURSE_TABLES)[number];

export function isCourseTable(name: string | undefined): name is CourseTable {
  return (COURSE_TABLES as readonly (string | undefined)[]).includes(name);
}

export interface CourseExport {
  actor: Actor;
  course: CourseContent;
  table: CourseTable;
  cohortId?: string;
  /** The trainee table's filters, as on the page (its sort and paging are the export's own). */
  filters?: TraineeTableOptions;
}

/** Records the export in the audit log and returns the file's name and its bytes. */
export async function exportCourseTable(
  db: Database,
  input: CourseExport,
): Promise<{ filename: string; body: ReadableStream<Uint8Array> | string }> {
  const { course, table, cohortId } = input;
  const counted = await ensureCourseCounts(db, course);
  const scope: ReportScope = { course: course.slug, cohortId };
  const filename = `${course.slug}${cohortId ? `-${cohortId}` : ''}-${table}.csv`;
  await recordAudit(db, input.actor, 'report.export', `${course.slug}/${table}`, { cohortId });
  if (table === 'funnel') return { filename, body: await funnelCsv(db, scope, counted) };
  if (table === 'quizzes') return { filename, body: await quizzesCsv(db, scope, counted) };
  return { filename, body: traineesCsv(db, scope, counted, input.filters ?? {}) };
}

async function funnelCsv(db: Database, scope: ReportScope, counted: CountedCourse): Promise<string> {
  const steps = await lessonFunnel(db, scope, counted.lessons);
  return toCsv(
    ['lesson', 'done'],
    steps.map((s) => [s.lesson, s.done]),
  );
}

async function quizzesCsv(db: Database, scope: ReportScope, counted: CountedCourse): Promise<string> {
  const stats = await quizStats(db, scope, counted);
  const rows = stats.flatMap((q) =>
    q.questions.map((s) => [
      q.quizId,
      q.learners,
      q.attempts,
      q.passRate,
      s.questionId,
      s.answered,
      s.shareRight,
      s.mostChosenWrong?.choiceId ?? '',
      s.mostChosenWrong?.count ?? '',
    ]),
  );
  return toCsv(
    [
      'quiz',
      'learners',
      'attempts',
      'pass_rate',
      'question',
      'answered',
      'share_right',
      'most_chosen_wrong',
      'wrong_count',
    ],
    rows,
  );
}

/** Every trainee matching the filters, in enrolment order (which pages cheaply), however many. */
function traineesCsv(
  db: Database,
  scope: ReportScope,
  counted: CountedCourse,
  filters: TraineeTableOptions,
): ReadableStream<Uint8Array> {
  const quizzes = Object.keys(counted.quizzes);
  const header = [
    'name',
    'email',
    'region',
    'enrolled_at',
    'last_activity_at',
    'lessons_done',
    'percent',
    'completed_at',
    ...quizzes.map((q) => `best_${q}`),
  ];
  async function* pages(): AsyncGenerator<CsvValue[][]> {
    for (let offset = 0; ; offset += MAX_PAGE_SIZE) {
      const page = await traineeTable(db, scope, counted, {
        ...filters,
        sort: 'enrolled',
        dir: 'asc',
        offset,
        limit: MAX_PAGE_SIZE,
      });
      yield page.rows.map((r) => [
        r.name,
        r.email,
        r.region,
        r.enrolledAt,
        r.lastActivityAt,
        r.lessonsDone,
        r.percent,
        r.completedAt,
        ...quizzes.map((q) => r.bestScores[q] ?? null),
      ]);
      if (page.rows.length < MAX_PAGE_SIZE) return;
    }
  }
  return streamCsv(header, pages());
}
