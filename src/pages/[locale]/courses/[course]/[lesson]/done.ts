/**
 * "Mark as done" from a lesson page (a plain form): the learning module records the lesson
 * (completing the course and issuing its certificate when that was the last thing missing);
 * then on to the next lesson, or to the syllabus.
 */
import type { APIRoute } from 'astro';
import { findCourse } from '#adapters/catalog.ts';
import { routeLocale } from '#lib/site/route-locale.ts';
import { paths } from '#lib/i18n/urls.ts';
import { loginPath } from '#lib/http/redirects.ts';
import { finishLesson } from '#lib/learning/learning.server.ts';
import { site } from '#lib/site/current.ts';
export const prerender = false;

export const POST: APIRoute = async ({ params, locals, redirect }) => {
  const locale = routeLocale(params.locale);
  const course = await findCourse(params.course ?? '');
  const lesson = course?.lessons.find((l) => l.slug === params.lesson);
  if (!locale || !course || !lesson) return new Response(null, { status: 404 });
  const lessonUrl = paths.lesson(locale, course.slug, lesson.slug);
  if (!locals.user) return redirect(loginPath(locale, lessonUrl), 303);
  const finished = await finishLesson(locals.db, { learner: locals.user, course, lesson: lesson.slug }, { site });
  if (!finished.ok && finished.error === 'course.error.archived')
    return redirect(paths.course(locale, course.slug), 303);
  if (!finished.ok) return new Response(null, { status: 404 });
  const { completedNow, next } = finished;
  if (completedNow || !next)
    return redirect(`${paths.course(locale, course.slug)}${completedNow ? '?completed=1' : ''}`, 303);
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
