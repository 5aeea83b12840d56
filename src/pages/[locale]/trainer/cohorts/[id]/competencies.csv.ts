/** A cohort's competency matrix as CSV (UTF-8 with BOM, `;`), for those who run the cohort. */
import type { APIRoute } from 'astro';
import { loadCatalog } from '#adapters/catalog.ts';
import { loadFrameworks } from '#adapters/frameworks.ts';
import { manageableCohort } from '#lib/cohorts/scope.server.ts';
import { exportCohortCompetencies } from '#lib/reports/cohort-competencies.server.ts';
import { matrixColumns } from '#lib/competencies/matrix.ts';
import { csvResponse } from '#lib/http/csv-response.ts';
import { pickText } from '#lib/i18n/pick-text.ts';
import { chainFor } from '#lib/site/current.ts';
import { routeLocale } from '#lib/site/route-locale.ts';
export const prerender = false;

export const GET: APIRoute = async ({ params, locals, clientAddress }) => {
  const locale = routeLocale(params.locale);
  if (!locale) return new Response(null, { status: 404 });
  const user = locals.user;
  if (!user) return new Response(null, { status: 401 });
  if (user.role === 'learner') return new Response(null, { status: 403 });
  const scope = await manageableCohort(locals.db, user, (params.id ?? '').slice(0, 64));
  if (scope.state !== 'allowed') return new Response(null, { status: scope.state === 'forbidden' ? 403 : 404 });
  const catalog = await loadCatalog();
  const all = (await loadFrameworks()).flatMap((f) => f.data.competencies);
  const chain = chainFor(locale);
  const columns = matrixColumns(all, catalog, scope.cohort.course).map((c) => ({
    id: c.id,
    title: pickText(c.title, locale, chain),
  }));
  const { filename, body } = await exportCohortCompetencies(locals.db, {
    actor: { id: user.id, email: user.email, ip: clientAddress },
    cohortId: scope.cohort.id,
    locale,
    columns,
    competencies: all,
    courses: catalog,
  });
  return csvResponse(filename, body);
};
