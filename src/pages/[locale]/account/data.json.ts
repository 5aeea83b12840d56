/**
 * The signed-in user's own data as a JSON download (decision 026). There is no id in the
 * address: each user gets only their own. Anonymous visitors are sent to sign in.
 */
import type { APIRoute } from 'astro';
import { paths } from '#lib/i18n/urls.ts';
import { loginPath } from '#lib/http/redirects.ts';
import { textResponse } from '#lib/http/text-response.ts';
import { exportPersonalData } from '#lib/privacy/export.server.ts';
import { retryAfterMinutes } from '#lib/result.ts';
export const prerender = false;

export const GET: APIRoute = async ({ locals, request, redirect }) => {
  const { db, locale, user } = locals;
  if (!user) return redirect(loginPath(locale, paths.accountData(locale)), 303);
  const result = await exportPersonalData(db, user.id);
  if (!result.ok) {
    const response = textResponse(request, 429, result.error, { minutes: retryAfterMinutes(result) });
    response.headers.set('Retry-After', String(result.retryAfterSeconds ?? 60));
    return response;
  }
  return new Response(JSON.stringify(result.data, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': 'attachment; filename="oqu-my-data.json"',
      'Cache-Control': 'private, no-store',
    },
  });
};
