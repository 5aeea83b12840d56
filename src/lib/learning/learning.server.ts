/**
 * What happens when a trainee finishes something. Each way of making progress (a lesson
 * marked done, a quiz passed, an assignment handed in or accepted; attendance next) records its
 * own fact and then runs the one `afterProgress` step, which completes the course and issues its
 * certificate when the course's rule is met. Passing a lesson's quiz or handing in its
 * assignment also finishes that lesson (decision 027). Routes call these and nothing below them.
 */
import type { Database } from '#db/client.ts';
import type { Failure } from '#lib/result.ts';
import {
  assignmentLesson,
  lessonQuiz,
  neighbours,
  parseQuizPath,
  type CatalogCourse,
  type CatalogProgramme,
  type Lesson,
} from '#lib/courses/catalog.ts';
import { readerChain, type Locale } from '#lib/i18n/locales.ts';
import { completeAndCertify, type Holder } from '#lib/certificates/award.server.ts';
import { certifyProgrammesOf } from '#lib/programmes/award.server.ts';
import type { Certificate } from '#lib/certificates/certificates.server.ts';
import { toCourseOutline } from '#lib/progress/completion.ts';
import { enrol, getEnrolment, markLessonDone, type ProgressErrorCode } from '#lib/progress/progress.server.ts';
import { acceptsEnrolments } from '#lib/courses/visibility.ts';
import type { AttemptResult } from '#lib/quiz/attempts.server.ts';
import { recordQuizForm, type QuizFormErrorCode } from '#lib/quiz/submission.server.ts';
import type { SiteConfig } from '#lib/site/config.ts';

/** What every step needs besides the database: this copy's configuration, and the clock for tests. */
export interface LearningContext {
  site: SiteConfig;
  now?: Date;
}

export interface ProgressOutcome {
  /** The course's rule is met (now or before). */
  complete: boolean;
  /** This call completed the course: true for exactly one of any number of concurrent calls. */
  completedNow: boolean;
  certificate?: Certificate;
}

/**
 * The step after any progress: completes the course (once) and issues its certificate (once)
 * when the rule is met. Safe to run again and concurrently; the next kind of progress
 * (an assignment accepted, a seminar attended) calls it too.
 */
export async function afterProgress(
  db: Database,
  learner: Holder,
  course: CatalogCourse,
  context: LearningContext,
): Promise<ProgressOutcome> {
  const { complete, completedNow, certificate } = await completeAndCertify(
    db,
    learner,
    course,
    context.site,
    context.now,
  );
  // A programme through this course may be complete now (decision 047); its certificate, once.
  if (complete && course.programmes?.length) await certifyProgrammesOf(db, learner, course, context.site, context.now);
  return { complete, completedNow, certificate };
}

/** Refused: the course is archived and this trainee was not enrolled in it (decision 030). */
export type ArchivedErrorCode = 'course.error.archived';

/**
 * Whether the learner may make progress in the course: always, unless the course is archived
 * and they were not already enrolled (an archived course takes no one new, by any way in).
 */
async function mayProgress(db: Database, learnerId: string, course: CatalogCourse, context: LearningContext) {
  if (acceptsEnrolments(context.site.courses, course.slug)) return true;
  return (await getEnrolment(db, learnerId, course.slug)) !== null;
}

/** "Enrol" on a course page: refused for an archived course. */
export async function enrolInCourse(
  db: Database,
  input: { learner: Holder; course: CatalogCourse },
  context: LearningContext,
): Promise<{ ok: true; enrolledNow: boolean } | Failure<ArchivedErrorCode>> {
  if (!(await mayProgress(db, input.learner.id, input.course, context))) {
    return { ok: false, error: 'course.error.archived' };
  }
  return { ok: true, ...(await enrol(db, input.learner.id, input.course.slug, context.now)) };
}

/**
 * "Start the programme": enrols the trainee in each course of the path that takes them (an
 * archived course they were not in is skipped); says how many enrolments were new.
 */
export async function enrolInProgramme(
  db: Database,
  input: { learner: Holder; programme: CatalogProgramme },
  context: LearningContext,
): Promise<{ ok: true; enrolledNow: number }> {
  let enrolledNow = 0;
  for (const course of input.programme.courses) {
    const done = await enrolInCourse(db, { learner: input.learner, course }, context);
    if (done.ok && done.enrolledNow) enrolledNow++;
  }
  return { ok: true, enrolledNow };
}

/** "Mark as done": records the lesson, then `afterProgress`; says which lesson comes next, if any. */
export async function finishLesson(
  db: Database,
  input: { learner: Holder; course: CatalogCourse; lesson: string },
  context: LearningContext,
): Promise<({ ok: true; next?: Lesson } & ProgressOutcome) | Failure<ProgressErrorCode | ArchivedErrorCode>> {
  const { learner, course, lesson } = input;
  if (!(await mayProgress(db, learner.id, course, context))) return { ok: false, error: 'course.error.archived' };
  const marked = await markLessonDone(db, {
    userId: learner.id,
    outline: toCourseOutline(course),
    lesson,
    now: context.now,
  });
  if (!marked.ok) return marked;
  const outcome = await afterProgress(db, learner, course, context);
  return { ok: true, ...outcome, next: neighbours(course, lesson).next };
}

export interface QuizSubmission {
  learner: Holder;
  course: CatalogCourse;
  quizId: string;
  /** The lesson whose page shows the quiz: a pass finishes it. */
  lesson: string;
  locale: Locale;
  /** The posted form: one field per question (several for a multiple choice), and `idempotencyKey`. */
  fields: URLSearchParams;
}

/** Records a lesson as done (a lesson the course no longer has is skipped), then `afterProgress`. */
async function finishLessonQuietly(
  db: Database,
  learner: Holder,
  course: CatalogCourse,
  lesson: string,
  context: LearningContext,
): Promise<ProgressOutcome> {
  await markLessonDone(db, { userId: learner.id, outline: toCourseOutline(course), lesson, now: context.now });
  return afterProgress(db, learner, course, context);
}

/**
 * A quiz form posted: stores the graded attempt once; a pass finishes the quiz's lesson and
 * runs `afterProgress`.
 */
export async function submitQuiz(
  db: Database,
  input: QuizSubmission,
  context: LearningContext,
): Promise<(AttemptResult & { courseCompletedNow: boolean }) | Failure<QuizFormErrorCode | ArchivedErrorCode>> {
  const { learner, lesson, ...quiz } = input;
  if (!(await mayProgress(db, learner.id, input.course, context))) return { ok: false, error: 'course.error.archived' };
  const chain = readerChain(context.site.locales.fallback, input.locale);
  const result = await recordQuizForm(db, { ...quiz, userId: learner.id, chain, now: context.now });
  if (!result.ok) return result;
  const outcome = result.grade.passed
    ? await finishLessonQuietly(db, learner, input.course, lesson, context)
    : undefined;
  return { ...result, courseCompletedNow: outcome?.completedNow ?? false };
}

/**
 * A trainee handed in their work on an assignment (called by the submission domain once the
 * version is stored): finishes the lesson that shows the assignment to a reader of `locale`
 * (or `lesson` when the caller knows it), then runs `afterProgress`. Safe to call again.
 */
export async function recordAssignmentHandedIn(
  db: Database,
  input: { learner: Holder; course: CatalogCourse; assignmentId: string; locale: Locale; lesson?: string },
  context: LearningContext,
): Promise<ProgressOutcome & { lesson?: string }> {
  const { learner, course } = input;
  const chain = readerChain(context.site.locales.fallback, input.locale);
  const lesson =
    input.lesson ??
    assignmentLesson(course, input.assignmentId, input.locale, chain)?.slug ??
    course.lessons.find((l) => Object.values(l.translations).some((s) => s.meta.assignment === input.assignmentId))
      ?.slug;
  if (!lesson) return afterProgress(db, learner, course, context);
  return { ...(await finishLessonQuietly(db, learner, course, lesson, context)), lesson };
}

/**
 * A reviewer accepted a trainee's work (called by the submission domain after the state is
 * `accepted`): runs `afterProgress` for the trainee, which completes the course and issues the
 * certificate when that was the last thing missing.
 */
export async function recordAssignmentAccepted(
  db: Database,
  input: { learner: Holder; course: CatalogCourse },
  context: LearningContext,
): Promise<ProgressOutcome> {
  return afterProgress(db, input.learner, input.course, context);
}

/**
 * A quiz posted while signed out (its session had ended), submitted once the sign-in tells who
 * sent it, so that nothing typed is lost. `quizPath` is where it was posted
 * (`/{locale}/courses/{course}/{lesson}/quiz`); the lesson's quiz is the one a reader of
 * `locale` sees. Returns the attempt to show, or nothing when the path names no quiz or the
 * attempt was refused (the trainee then sees the quiz again).
 */
export async function submitPendingQuiz(
  db: Database,
  input: { learner: Holder; quizPath: string; body: string; locale: Locale; catalog: readonly CatalogCourse[] },
  context: LearningContext,
): Promise<string | undefined> {
  const where = parseQuizPath(input.quizPath);
  const course = where ? input.catalog.find((c) => c.slug === where.course) : undefined;
  const found =
    course && where
      ? lessonQuiz(course, where.lesson, input.locale, readerChain(context.site.locales.fallback, input.locale))
      : undefined;
  if (!course || !found) return undefined;
  const result = await submitQuiz(
    db,
    {
      learner: input.learner,
      course,
      quizId: found.quizId,
      lesson: found.lesson.slug,
      locale: input.locale,
      fields: new URLSearchParams(input.body),
    },
    context,
  );
  return result.ok ? result.attemptId : undefined;
}
