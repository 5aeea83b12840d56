/** The partner's colours as custom properties (decision 026): a stylesheet, so no inline style is needed. */
import type { APIRoute } from 'astro';
import { site } from '#lib/site/current.ts';
import { themeStylesheet } from '#lib/site/theme.ts';
export const prerender = true;

export const GET: APIRoute = () =>
  new Response(themeStylesheet(site.colors), { headers: { 'Content-Type': 'text/css; charset=utf-8' } });
