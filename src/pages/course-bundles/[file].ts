/** A shared course's bundle (`<course>.oqu-course.json.gz`), as the course feed lists it; 404 for any other. */
import type { APIRoute } from 'astro';
import { sharedBundle } from '#lib/course-feed/publish.server.ts';
import { BUNDLE_SUFFIX } from '#lib/courses/bundle.ts';
import { site } from '#lib/site/current.ts';
export const prerender = false;

export const GET: APIRoute = async ({ params }) => {
  const file = params.file ?? '';
  const slug = file.endsWith(BUNDLE_SUFFIX) ? file.slice(0, -BUNDLE_SUFFIX.length) : '';
  const bytes = /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug) ? await sharedBundle(site, slug) : null;
  if (!bytes) return new Response(null, { status: 404 });
  return new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': 'application/gzip',
      'Content-Disposition': `attachment; filename="${file}"`,
      'Cache-Control': 'public, max-age=300',
    },
  });
};
