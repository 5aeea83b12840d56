/** A cohort's competency matrix as CSV (UTF-8 with BOM, `;`), for those who run the cohort. */
import type { APIRoute } from 'astro';
import { findProgramme, loadCatalog } from '#adapters/catalog.ts';
import { loadFrameworks } from '#adapters/frameworks.ts';
import { checkAccess } from '#lib/auth/roles.ts';
import { manageableCohort } from '#lib/cohorts/scope.server.ts';
import { exportCohortCompetencies } from '#lib/reports/cohort-competencies.server.ts';
import { csvResponse } from '#lib/http/csv-response.ts';
import { chainFor } from '#lib/site/current.ts';
import { routeLocale } from '#lib/site/route-locale.ts';
export const prerender = false;

export const GET: APIRoute = async ({ params, locals, clientAddress }) => {
  const locale = routeLocale(params.locale);
  if (!locale) return new Response(null, { status: 404 });
  const user = locals.user;
  const access = checkAccess(user, 'trainer');
  if (access !== 'allowed' || !user) return new Response(null, { status: access === 'anonymous' ? 401 : 403 });
  const scope = await manageableCohort(locals.db, user, (params.id ?? '').slice(0, 64));
  if (scope.state !== 'allowed') return new Response(null, { status: scope.state === 'forbidden' ? 403 : 404 });
  const { filename, body } = await exportCohortCompetencies(locals.db, {
    actor: { id: user.id, email: user.email, ip: clientAddress },
    cohort: scope.cohort,
    programme: scope.cohort.programme ? await findProgramme(scope.cohort.programme) : undefined,
    locale,
    chain: chainFor(locale),
    competencies: (await loadFrameworks()).flatMap((f) => f.data.competencies),
    courses: await loadCatalog(),
  });
  return csvResponse(filename, body);
};
