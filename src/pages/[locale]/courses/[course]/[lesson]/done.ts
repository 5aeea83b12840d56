/**
 * "Mark as done" from a lesson page (a plain form): records the lesson, completes the course
 * (and issues its certificate) when that was the last thing missing, and moves on to the next lesson (or the syllabus).
 */
import type { APIRoute } from 'astro';
import { sharedDatabase } from '../../../../../../db/client.ts';
import { neighbours } from '../../../../../lib/courses/catalog.ts';
import { findCourse } from '../../../../../lib/courses/load.ts';
import { routeLocale } from '../../../../../lib/i18n/route-locale.ts';
import { paths } from '../../../../../lib/i18n/urls.ts';
import { loginPath } from '../../../../../lib/http/redirects.ts';
import { completeAndCertify } from '../../../../../lib/certificates/award.server.ts';
import { toCourseOutline } from '../../../../../lib/progress/completion.ts';
import { markLessonDone } from '../../../../../lib/progress/progress.server.ts';
import { site } from '../../../../../lib/site/current.ts';
export const prerender = false;

export const POST: APIRoute = async ({ params, locals, redirect }) => {
  const locale = routeLocale(params.locale);
  const course = await findCourse(params.course ?? '');
  const lesson = course?.lessons.find((l) => l.slug === params.lesson);
  if (!locale || !course || !lesson) return new Response(null, { status: 404 });
  const lessonUrl = paths.lesson(locale, course.slug, lesson.slug);
  if (!locals.user) return redirect(loginPath(locale, lessonUrl), 303);
  const db = await sharedDatabase();
  const outline = toCourseOutline(course);
  await markLessonDone(db, { userId: locals.user.id, outline, lesson: lesson.slug });
  const { completedNow } = await completeAndCertify(db, locals.user, course, site);
  const { next } = neighbours(course, lesson.slug);
  if (completedNow || !next) return redirect(`${paths.course(locale, course.slug)}${completedNow ? '?completed=1' : ''}`, 303);
  return redirect(paths.lesson(locale, course.slug, next.slug), 303);
};

/** A GET (a typed or followed link) goes back to the lesson, if there is one; nothing else. */
export const GET: APIRoute = async ({ params, redirect }) => {
  const locale = routeLocale(params.locale);
  const course = await findCourse(params.course ?? '');
  const lesson = course?.lessons.find((l) => l.slug === params.lesson);
  if (!locale || !course || !lesson) return new Response(null, { status: 404 });
  return redirect(paths.lesson(locale, course.slug, lesson.slug), 303);
};
