/** Every public page in every enabled language, at the site's public address (decision 026). */
import type { APIRoute } from 'astro';
import { loadCatalog } from '#adapters/catalog.ts';
import { enabledLocales, site } from '#lib/site/current.ts';
import { sitemapXml } from '#lib/site/sitemap.ts';
import { listedCourses } from '#lib/courses/visibility.ts';
export const prerender = true;

export const GET: APIRoute = async () =>
  new Response(sitemapXml(site.baseUrl, enabledLocales, listedCourses(await loadCatalog(), site.courses)), {
    headers: { 'Content-Type': 'application/xml; charset=utf-8' },
  });
