/** Crawlers kept out of the account, admin and trainer areas; the sitemap named (decision 026). */
import type { APIRoute } from 'astro';
import { enabledLocales, site } from '#lib/site/current.ts';
import { robotsTxt } from '#lib/site/sitemap.ts';
export const prerender = true;

export const GET: APIRoute = () =>
  new Response(robotsTxt(site.baseUrl, enabledLocales), { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
