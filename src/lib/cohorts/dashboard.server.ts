/** Everything the course dashboard shows, gathered in parallel from the report queries. */
import type { Database } from '../../../db/client.ts';
import type { CatalogCourse } from '../courses/catalog.ts';
import { courseContent, ensureCourseCounts } from '../reports/course-counts.server.ts';
import { lessonFunnel } from '../reports/funnel.server.ts';
import { courseOverview } from '../reports/overview.server.ts';
import { quizStats } from '../reports/quiz-stats.server.ts';
import { traineeTable } from '../reports/trainees.server.ts';
import type { TraineeTableOptions } from '../reports/trainees.ts';

export async function loadCourseDashboard(db: Database, course: CatalogCourse, cohortId: string | undefined, options: TraineeTableOptions, now: Date = new Date()) {
  const scope = { course: course.slug, cohortId };
  const counted = await ensureCourseCounts(db, courseContent(course));
  const [overview, funnel, quizzes, trainees] = await Promise.all([
    courseOverview(db, scope, now),
    lessonFunnel(db, scope, counted.lessons),
    quizStats(db, scope, counted),
    traineeTable(db, scope, counted, options, now),
  ]);
  return { overview, funnel, quizzes, trainees };
}
