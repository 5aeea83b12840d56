/**
 * A course as a package for another LMS (`scorm12-kk`, `scorm2004-ru`, `cc-en`): trainers of the
 * course and admins only, rate-limited per account; made from the built site on request.
 */
import type { APIRoute } from 'astro';
import { loadCatalog } from '#adapters/catalog.ts';
import { dashboardScope } from '#lib/cohorts/scope.server.ts';
import { downloadCoursePackage } from '#lib/exchange/download.server.ts';
import { parsePackageName } from '#lib/exchange/package-name.ts';
import { retryAfterMinutes } from '#lib/result.ts';
import { site } from '#lib/site/current.ts';
import { localize } from '#lib/site/config.ts';
import { routeLocale } from '#lib/site/route-locale.ts';
export const prerender = false;

export const GET: APIRoute = async ({ params, locals }) => {
  if (!routeLocale(params.locale)) return new Response(null, { status: 404 });
  const request = parsePackageName(params.package);
  const catalog = (await loadCatalog()).map((c) => c.slug);
  const scope = await dashboardScope(locals.db, locals.user, params.course ?? '', catalog);
  if (scope.state !== 'allowed')
    return new Response(null, { status: scope.state === 'anonymous' ? 401 : scope.state === 'forbidden' ? 403 : 404 });
  if (!request) return new Response(null, { status: 404 });
  const result = await downloadCoursePackage(locals.db, {
    ...request,
    userId: locals.user!.id,
    course: params.course!,
    baseUrl: site.baseUrl,
    site: localize(site.name, request.language),
  });
  if (!result.ok) {
    const limited = result.error === 'exchange.rate_limited';
    return new Response(locals.t(result.error, { minutes: retryAfterMinutes(result) }), {
      status: limited ? 429 : 503,
      headers: {
        'Content-Type': 'text/plain; charset=utf-8',
        ...(limited ? { 'Retry-After': String(result.retryAfterSeconds) } : {}),
      },
    });
  }
  return new Response(new Uint8Array(result.bytes), {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${result.fileName}"`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    },
  });
};
