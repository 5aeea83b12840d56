/**
 * Every request the server renders: refuse cross-site writes, turn the session cookie into
 * `locals.user` (renewing or clearing the cookie as the session requires), add security
 * headers; the first one also starts the check of the dashboard counts and the daily removal
 * of expired sign-in records (auth/prune.server.ts). Prerendered pages
 * skip all of it at build time.
 */
import { defineMiddleware } from 'astro:middleware';
import { sharedDatabase } from '../db/client.ts';
import { validateSessionToken } from './lib/auth/session.server.ts';
import { schedulePruning } from './lib/auth/prune.server.ts';
import { loadCatalog } from './lib/courses/load.ts';
import { courseContent, syncAllCourseCounts } from './lib/reports/course-counts.server.ts';
import { isCrossSiteRequest } from './lib/http/csrf.ts';
import { withSecurityHeaders } from './lib/http/headers.ts';
import { textResponse } from './lib/http/text-response.ts';
import { deleteSessionCookie, SESSION_COOKIE, setSessionCookie } from './lib/http/session-cookie.ts';

let countsChecked = false;

/**
 * Once per process, on its first request: check each course's dashboard counts against the
 * course as built, in the background (see course-counts.server.ts). `oqu prepare` has already
 * brought them up to date from courses/, so this finds nothing to do unless the build and
 * courses/ differ; a recount here says so in the log.
 */
function checkCourseCountsOnce(): void {
  if (countsChecked) return;
  countsChecked = true;
  void (async () => {
    const started = performance.now();
    const catalog = await loadCatalog();
    for (const { slug } of await syncAllCourseCounts(await sharedDatabase(), catalog.map(courseContent))) {
      console.log(`Dashboard counts of ${slug} recounted while serving: the built course differs from courses/ as \`oqu prepare\` read it (rebuild after editing courses).`);
    }
    console.log(`Dashboard counts checked for ${catalog.length} courses (${Math.round(performance.now() - started)} ms).`);
  })().catch((error: unknown) => console.error('Oqu could not check the dashboard counts:', error));
}

export const onRequest = defineMiddleware(async (context, next) => {
  if (context.isPrerendered) return next();
  checkCourseCountsOnce();
  schedulePruning(sharedDatabase);
  if (isCrossSiteRequest(context.request)) {
    return withSecurityHeaders(textResponse(context.request, 403, 'error.cross_site'));
  }
  const db = await sharedDatabase();
  context.locals.db = db;
  const token = context.cookies.get(SESSION_COOKIE)?.value;
  if (token) {
    const found = await validateSessionToken(db, token);
    if (found) {
      context.locals.user = found.user;
      context.locals.session = found.session;
      if (found.renewed) setSessionCookie(context.cookies, token, found.session.expiresAt);
    } else {
      deleteSessionCookie(context.cookies);
    }
  }
  const response = withSecurityHeaders(await next());
  if (context.locals.user) response.headers.set('Cache-Control', 'private, no-store');
  return response;
});
