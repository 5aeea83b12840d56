/** Everything the course dashboard shows, gathered in parallel from the report queries. */
import { courseAssignmentStats } from '#lib/reports/assignment-stats.server.ts';
import type { Database } from '#db/client.ts';
import type { CatalogCourse } from '#lib/courses/catalog.ts';
import { courseContent, ensureCourseCounts } from '#lib/reports/course-counts.server.ts';
import { lessonFunnel } from '#lib/reports/funnel.server.ts';
import { courseOverview } from '#lib/reports/overview.server.ts';
import { quizStats, wrongTypedAnswers } from '#lib/reports/quiz-stats.server.ts';
import { traineeTable } from '#lib/reports/trainees.server.ts';
import type { TraineeTableOptions } from '#lib/reports/trainees.ts';

export async function loadCourseDashboard(
  db: Database,
  course: CatalogCourse,
  cohortId: string | undefined,
  options: TraineeTableOptions,
  now: Date = new Date(),
) {
  const scope = { course: course.slug, cohortId };
  const counted = await ensureCourseCounts(db, courseContent(course));
  const [overview, funnel, quizzes, typedWrong, trainees, assignments] = await Promise.all([
    courseOverview(db, scope, now),
    lessonFunnel(db, scope, counted.lessons),
    quizStats(db, scope, counted),
    wrongTypedAnswers(db, scope, counted),
    traineeTable(db, scope, counted, options, now),
    courseAssignmentStats(db, scope, course.assignments),
  ]);
  return { overview, funnel, quizzes, typedWrong, trainees, assignments };
}

/** Everything the course dashboard shows (its sections' props). */
export type CourseDashboard = Awaited<ReturnType<typeof loadCourseDashboard>>;
