/**
 * A shared course's bundle (`<course>.oqu-course.json.gz`), as the course feed lists it: only for a
 * trusted partner host that sends a bundle request token (decision 060), since a bundle carries the
 * trainer notes and the quizzes' answer keys; 401, 403 or 429 with a plain message otherwise, 404
 * for a course the host does not share.
 */
import type { APIRoute } from 'astro';
import { partnerBundle, type BundleRefusal } from '#lib/course-feed/bundle-access.server.ts';
import { BUNDLE_SUFFIX } from '#lib/courses/bundle.ts';
import { textResponse } from '#lib/http/text-response.ts';
import { retryAfterMinutes } from '#lib/result.ts';
import { site } from '#lib/site/current.ts';
export const prerender = false;

const STATUS: Record<BundleRefusal, number> = {
  'feed.bundle_no_token': 401,
  'feed.bundle_bad_token': 401,
  'feed.bundle_untrusted': 403,
  'feed.bundle_limited': 429,
  'feed.bundle_keys_unreachable': 503,
  'feed.bundle_not_shared': 404,
};

export const GET: APIRoute = async ({ params, request, locals, clientAddress }) => {
  const file = params.file ?? '';
  const course = file.endsWith(BUNDLE_SUFFIX) ? file.slice(0, -BUNDLE_SUFFIX.length) : '';
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(course)) return new Response(null, { status: 404 });
  const authorization = request.headers.get('authorization');
  const result = await partnerBundle(locals.db, site, { course, authorization, ip: clientAddress });
  if (!result.ok) {
    const refused = textResponse(request, STATUS[result.error], result.error, { minutes: retryAfterMinutes(result) });
    refused.headers.set('Cache-Control', 'no-store');
    if (refused.status === 401) refused.headers.set('WWW-Authenticate', 'Bearer realm="oqu-course-bundles"');
    if (result.retryAfterSeconds) refused.headers.set('Retry-After', String(result.retryAfterSeconds));
    return refused;
  }
  return new Response(new Uint8Array(result.bytes), {
    headers: {
      'Content-Type': 'application/gzip',
      'Content-Disposition': `attachment; filename="${file}"`,
      // Answered per requesting host: no shared cache may keep it for another.
      'Cache-Control': 'private, no-store',
    },
  });
};
