/**
 * `/courses/{course}`: the Achievement id in every credential (`…/courses/{course}#achievement`)
 * resolves to the course's page in the visitor's language (or `?lang=`); 404 for no such course.
 */
import type { APIRoute } from 'astro';
import { findCourse } from '#adapters/catalog.ts';
import { paths } from '#lib/i18n/urls.ts';
import { visitorLocale } from '#lib/site/route-locale.ts';
export const prerender = false;

export const GET: APIRoute = async ({ params, url, request }) => {
  const course = await findCourse(params.course ?? '');
  if (!course) return new Response(null, { status: 404 });
  return new Response(null, {
    status: 302,
    headers: { Location: paths.course(visitorLocale(url, request.headers), course.slug), Vary: 'Accept-Language' },
  });
};
