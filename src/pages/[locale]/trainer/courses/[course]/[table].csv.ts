/** The course dashboard's tables as CSV (UTF-8 with BOM, `;`): trainees, funnel, quizzes. */
import type { APIRoute } from 'astro';
import { sharedDatabase } from '../../../../../../db/client.ts';
import { recordAudit } from '../../../../../lib/audit/audit.server.ts';
import { dashboardScope } from '../../../../../lib/cohorts/scope.server.ts';
import { findCourse, loadCatalog } from '../../../../../lib/courses/load.ts';
import { routeLocale } from '../../../../../lib/i18n/route-locale.ts';
import { csvResponse } from '../../../../../lib/http/csv-response.ts';
import { courseContent, ensureCourseCounts } from '../../../../../lib/reports/course-counts.server.ts';
import { toCsv } from '../../../../../lib/reports/csv.ts';
import { lessonFunnel } from '../../../../../lib/reports/funnel.server.ts';
import { quizStats } from '../../../../../lib/reports/quiz-stats.server.ts';
import { traineeTable } from '../../../../../lib/reports/trainees.server.ts';
import { MAX_PAGE_SIZE, parseTraineeTableQuery, type TraineeRow } from '../../../../../lib/reports/trainees.ts';
export const prerender = false;

export const GET: APIRoute = async ({ params, locals, url, clientAddress }) => {
  const locale = routeLocale(params.locale);
  if (!locale || !['trainees', 'funnel', 'quizzes'].includes(params.table ?? '')) return new Response(null, { status: 404 });
  const db = await sharedDatabase();
  const cohortId = url.searchParams.get('cohort') || undefined;
  const scope = await dashboardScope(db, locals.user, params.course ?? '', (await loadCatalog()).map((c) => c.slug), cohortId);
  if (scope.state !== 'allowed') return new Response(null, { status: scope.state === 'anonymous' ? 401 : scope.state === 'forbidden' ? 403 : 404 });
  const course = (await findCourse(params.course ?? ''))!;
  const counted = await ensureCourseCounts(db, courseContent(course));
  const reportScope = { course: course.slug, cohortId };
  const name = `${course.slug}${cohortId ? `-${cohortId}` : ''}-${params.table}.csv`;
  await recordAudit(db, { id: locals.user!.id, email: locals.user!.email, ip: clientAddress }, 'report.export', `${course.slug}/${params.table}`, { cohortId });

  if (params.table === 'funnel') {
    const steps = await lessonFunnel(db, reportScope, counted.lessons);
    return csvResponse(name, toCsv(['lesson', 'done'], steps.map((s) => [s.lesson, s.done])));
  }
  if (params.table === 'quizzes') {
    const stats = await quizStats(db, reportScope, counted);
    const rows = stats.flatMap((q) => q.questions.map((s) => [q.quizId, q.learners, q.attempts, q.passRate, s.questionId, s.answered, s.shareRight, s.mostChosenWrong?.choiceId ?? '', s.mostChosenWrong?.count ?? '']));
    return csvResponse(name, toCsv(['quiz', 'learners', 'attempts', 'pass_rate', 'question', 'answered', 'share_right', 'most_chosen_wrong', 'wrong_count'], rows));
  }
  // Filters as on the page; the export itself goes in enrolment order, which pages cheaply.
  const options = { ...parseTraineeTableQuery(url.searchParams, MAX_PAGE_SIZE), sort: 'enrolled' as const, dir: 'asc' as const };
  const all: TraineeRow[] = [];
  for (let offset = 0; ; offset += MAX_PAGE_SIZE) {
    const page = await traineeTable(db, reportScope, counted, { ...options, offset, limit: MAX_PAGE_SIZE });
    all.push(...page.rows);
    if (page.rows.length < MAX_PAGE_SIZE || all.length >= 200_000) break;
  }
  const quizzes = Object.keys(counted.quizzes);
  return csvResponse(
    name,
    toCsv(
      ['name', 'email', 'region', 'enrolled_at', 'last_activity_at', 'lessons_done', 'percent', 'completed_at', ...quizzes.map((q) => `best_${q}`)],
      all.map((r) => [r.name, r.email, r.region, r.enrolledAt, r.lastActivityAt, r.lessonsDone, r.percent, r.completedAt, ...quizzes.map((q) => r.bestScores[q] ?? null)]),
    ),
  );
};
