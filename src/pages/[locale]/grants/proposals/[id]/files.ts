/**
 * A proposal's file field: uploads and removals (multipart, streamed; the body-limit row says
 * `stream: true`) by a member of its team while it is a draft; anyone else gets 404. Answers
 * 303 back to the proposal with `?files=<n>`, `?removed=1` or `?error=<code>`.
 */
import type { APIRoute } from 'astro';
import { receiveProposalFiles } from '#lib/grants/file-form.server.ts';
import { proposalForTeam } from '#lib/grants/proposals.server.ts';
import { loginPath } from '#lib/http/redirects.ts';
import { paths } from '#lib/i18n/urls.ts';

export const prerender = false;

export const POST: APIRoute = async ({ params, locals, request, url, redirect }) => {
  const { db, locale, user } = locals;
  const id = (params.id ?? '').slice(0, 64);
  const here = paths.grantProposal(locale, id);
  const access = user && (await proposalForTeam(db, id, user));
  if (!user || !access) {
    await request.body?.cancel().catch(() => undefined);
    return user ? new Response(null, { status: 404 }) : redirect(loginPath(locale, here), 303);
  }
  const fieldId = (url.searchParams.get('field') ?? '').slice(0, 64);
  const result = await receiveProposalFiles(db, {
    access,
    userId: user.id,
    fieldId,
    contentType: request.headers.get('content-type') ?? '',
    body: request.body,
  });
  const query = result.ok ? (result.removed ? '?removed=1' : `?files=${result.stored}`) : `?error=${result.error}`;
  return redirect(`${here}${query}#files-${encodeURIComponent(fieldId)}`, 303);
};
