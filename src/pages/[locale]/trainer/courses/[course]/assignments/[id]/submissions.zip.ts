/**
 * Every handed-in submission of an assignment as a zip, for the whole course or one cohort
 * (`?cohort=`): trainers of the course and admins only. Streamed as it is written.
 */
import type { APIRoute } from 'astro';
import { findCourse, loadCatalog } from '#adapters/catalog.ts';
import { submissionsZip } from '#lib/assignments/submission-zip.server.ts';
import { dashboardScope } from '#lib/cohorts/scope.server.ts';
import { routeLocale } from '#lib/site/route-locale.ts';
export const prerender = false;

export const GET: APIRoute = async ({ params, locals, url, clientAddress }) => {
  if (!routeLocale(params.locale)) return new Response(null, { status: 404 });
  const cohortId = url.searchParams.get('cohort')?.slice(0, 64) || undefined;
  const catalog = (await loadCatalog()).map((c) => c.slug);
  const scope = await dashboardScope(locals.db, locals.user, params.course ?? '', catalog, cohortId);
  if (scope.state !== 'allowed')
    return new Response(null, { status: scope.state === 'anonymous' ? 401 : scope.state === 'forbidden' ? 403 : 404 });
  const course = (await findCourse(params.course ?? ''))!;
  const assignmentId = params.id ?? '';
  if (!Object.hasOwn(course.assignments, assignmentId)) return new Response(null, { status: 404 });
  const actor = { id: locals.user!.id, email: locals.user!.email, ip: clientAddress };
  const body = await submissionsZip(locals.db, { course: course.slug, assignmentId, cohortId }, actor);
  const name = `${course.slug}-${assignmentId}${scope.cohort ? `-${scope.cohort.id}` : ''}-submissions.zip`;
  return new Response(body, {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${name}"`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    },
  });
};
