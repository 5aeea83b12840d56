/** The issuer profile named by every credential this host signs. */
import type { APIRoute } from 'astro';
import { buildIssuerProfile, OB_CONTEXT } from '#lib/certificates/credential.ts';
import { localize } from '#lib/site/config.ts';
import { site } from '#lib/site/current.ts';
export const prerender = false;

export const GET: APIRoute = () =>
  Response.json(
    {
      '@context': [...OB_CONTEXT],
      ...buildIssuerProfile({
        baseUrl: site.baseUrl,
        name: localize(site.partner.name, site.locales.default),
        url: site.partner.url,
        email: site.contact.email,
        logo: site.logo ?? '/favicon.svg',
      }),
    },
    { headers: { 'Cache-Control': 'public, max-age=3600', 'Access-Control-Allow-Origin': '*' } },
  );
