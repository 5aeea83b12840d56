/** Everything the course dashboard shows, gathered in parallel from the report queries. */
import type { Database } from '../../../db/client.ts';
import type { CatalogCourse } from '../courses/catalog.ts';
import { toCourseOutline } from '../progress/completion.ts';
import { lessonFunnel } from '../reports/funnel.server.ts';
import { courseOverview } from '../reports/overview.server.ts';
import { quizStats } from '../reports/quiz-stats.server.ts';
import { traineeTable } from '../reports/trainees.server.ts';
import type { TraineeTableOptions } from '../reports/trainees.ts';

export async function loadCourseDashboard(db: Database, course: CatalogCourse, cohortId: string | undefined, options: TraineeTableOptions, now: Date = new Date()) {
  const scope = { course: course.slug, cohortId };
  const outline = toCourseOutline(course);
  const [overview, funnel, quizzes, trainees] = await Promise.all([
    courseOverview(db, scope, now),
    lessonFunnel(db, scope, outline.lessons),
    quizStats(db, scope, course.quizzes),
    traineeTable(db, scope, outline, options, now),
  ]);
  return { overview, funnel, quizzes, trainees };
}
