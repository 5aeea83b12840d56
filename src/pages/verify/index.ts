/**
 * `/verify`, the form's former address: GET goes for good (301) to the form in the visitor's
 * language (`?lang=`, else the browser's), keeping a typed `?code=`; POST is re-sent there (308),
 * so a pasted credential is checked on the form's page.
 */
import type { APIRoute } from 'astro';
import { paths } from '#lib/i18n/urls.ts';
import { visitorLocale } from '#lib/site/route-locale.ts';
export const prerender = false;

function moved(url: URL, request: Request, status: 301 | 308): Response {
  const target = new URL(paths.verifyForm(visitorLocale(url, request.headers)), url);
  const code = url.searchParams.get('code');
  if (code !== null) target.searchParams.set('code', code);
  return new Response(null, {
    status,
    headers: { Location: target.pathname + target.search, Vary: 'Accept-Language' },
  });
}

export const GET: APIRoute = ({ url, request }) => moved(url, request, 301);
export const POST: APIRoute = ({ url, request }) => moved(url, request, 308);
