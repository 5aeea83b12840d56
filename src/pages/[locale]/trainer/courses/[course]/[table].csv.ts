/** The course dashboard's tables as CSV (UTF-8 with BOM, `;`): trainees, funnel, quizzes. */
import type { APIRoute } from 'astro';
import { dashboardScope } from '#lib/cohorts/scope.server.ts';
import { findCourse, loadCatalog } from '#adapters/catalog.ts';
import { routeLocale } from '#lib/site/route-locale.ts';
import { csvResponse } from '#lib/http/csv-response.ts';
import { pickTranslation } from '#lib/courses/catalog.ts';
import { courseContent } from '#lib/reports/course-counts.server.ts';
import { chainFor } from '#lib/site/current.ts';
import { exportCourseTable, isCourseTable } from '#lib/reports/course-export.server.ts';
import { MAX_PAGE_SIZE, parseTraineeTableQuery } from '#lib/reports/trainees.ts';
export const prerender = false;

export const GET: APIRoute = async ({ params, locals, url, clientAddress }) => {
  const locale = routeLocale(params.locale);
  const table = params.table;
  if (!locale || !isCourseTable(table)) return new Response(null, { status: 404 });
  const cohortId = url.searchParams.get('cohort') || undefined;
  const scope = await dashboardScope(
    locals.db,
    locals.user,
    params.course ?? '',
    (await loadCatalog()).map((c) => c.slug),
    cohortId,
  );
  if (scope.state !== 'allowed')
    return new Response(null, { status: scope.state === 'anonymous' ? 401 : scope.state === 'forbidden' ? 403 : 404 });
  const course = (await findCourse(params.course ?? ''))!;
  const actor = { id: locals.user!.id, email: locals.user!.email, ip: clientAddress };
  const filters = parseTraineeTableQuery(url.searchParams, MAX_PAGE_SIZE);
  const lessonTitles = Object.fromEntries(
    course.lessons.map((l) => [l.slug, pickTranslation(l, locale, chainFor(locale)).source.meta.title]),
  );
  const { filename, body } = await exportCourseTable(locals.db, {
    actor,
    course: courseContent(course),
    table,
    cohortId,
    filters,
    locale,
    chain: chainFor(locale),
    lessonTitles,
  });
  return csvResponse(filename, body);
};
