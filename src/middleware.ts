/**
 * Every request the server renders: refuse cross-site writes, put the database, the request's
 * language and its translator on `locals` (routes reach data only through `locals.db` and
 * src/lib), turn the session cookie into `locals.user` (renewing or clearing the cookie as the
 * session requires), answer 404 for a `[locale]` segment that names no enabled language, add
 * security headers; the first one also starts the check of the dashboard counts and the daily
 * removal of expired sign-in records (auth/prune.server.ts). Prerendered pages skip all of it
 * at build time.
 */
import { defineMiddleware } from 'astro:middleware';
import { loadCatalog } from './adapters/catalog.ts';
import { validateSessionToken } from './lib/auth/session.server.ts';
import { schedulePruning } from './lib/auth/prune.server.ts';
import { scheduleReminders } from './lib/events/reminders.server.ts';
import { scheduleDigests } from './lib/discussions/digest.server.ts';
import { discussionMailContext } from './adapters/discussions.ts';
import { defaultMailer } from './lib/mail/mailer.server.ts';
import { eventsMailContext } from './adapters/events.ts';
import { deleteSessionCookie, readSessionCookie, setSessionCookie } from './lib/auth/session-cookie.ts';
import { courseContent, syncAllCourseCounts } from './lib/reports/course-counts.server.ts';
import { isCrossSiteRequest } from './lib/http/csrf.ts';
import { withSecurityHeaders } from './lib/http/headers.ts';
import { textResponse } from './lib/http/text-response.ts';
import { useTranslations } from './lib/i18n/t.ts';
import { serverDatabase } from './lib/site/database.server.ts';
import { requestLocale } from './lib/site/route-locale.ts';
import { noteRequest } from './lib/observe/request-context.ts';

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
    for (const { slug } of await syncAllCourseCounts(await serverDatabase(), catalog.map(courseContent))) {
      // In the preview, courses/ is edited while it runs: a recount is expected there, not news.
      if (import.meta.env.DEV) continue;
      console.log(
        `Dashboard counts of ${slug} recounted while serving: the built course differs from courses/ as \`oqu ` +
          `prepare\` read it (rebuild after editing courses).`,
      );
    }
    console.log(
      `Dashboard counts checked for ${catalog.length} courses (${Math.round(performance.now() - started)} ms).`,
    );
  })().catch((error: unknown) => console.error('Oqu could not check the dashboard counts:', error));
}

export const onRequest = defineMiddleware(async (context, next) => {
  if (import.meta.env.DEV) {
    // The preview shows the courses' mistakes in the browser (decision 019); not in the build.
    const { previewErrorResponse } = await import('./lib/courses/preview-errors.ts');
    const page = previewErrorResponse(process.cwd(), context.url, context.request);
    if (page) return page;
  }
  if (context.isPrerendered) return next();
  noteRequest({ route: context.routePattern, params: context.params });
  checkCourseCountsOnce();
  schedulePruning(serverDatabase);
  scheduleReminders(serverDatabase, eventsMailContext(), defaultMailer());
  scheduleDigests(serverDatabase, discussionMailContext());
  if (isCrossSiteRequest(context.request)) {
    return withSecurityHeaders(textResponse(context.request, 403, 'error.cross_site'));
  }
  const db = await serverDatabase();
  context.locals.db = db;
  const token = readSessionCookie(context.cookies);
  if (token) {
    const found = await validateSessionToken(db, token);
    if (found) {
      context.locals.user = found.user;
      noteRequest({ userId: found.user.id });
      context.locals.session = found.session;
      if (found.renewed) setSessionCookie(context.cookies, token, found.session.expiresAt);
    } else {
      deleteSessionCookie(context.cookies);
    }
  }
  const locale = requestLocale(context.params, context.url, context.request.headers);
  if (locale) {
    context.locals.locale = locale;
    context.locals.t = useTranslations(locale);
  }
  const response = withSecurityHeaders(locale ? await next() : new Response(null, { status: 404 }));
  if (context.locals.user) response.headers.set('Cache-Control', 'private, no-store');
  return response;
});
