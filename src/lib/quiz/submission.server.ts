/**
 * A quiz form posted by a learner: read the answers, store the graded attempt once, and
 * complete the course (and issue its certificate) when this pass was the last thing it needed.
 */
import type { Database } from '../../../db/client.ts';
import type { Failure } from '../result.ts';
import type { CatalogCourse } from '../courses/catalog.ts';
import type { Locale } from '../i18n/locales.ts';
import { completeAndCertify, type Holder } from '../certificates/award.server.ts';
import type { SiteConfig } from '../site/config.ts';
import { listAttempts, submitAttempt, type AttemptErrorCode, type AttemptResult } from './attempts.server.ts';
import { answersFromForm, isIdempotencyKey, submissionKey } from './form.ts';

export interface QuizSubmission {
  user: Holder;
  site: SiteConfig;
  course: CatalogCourse;
  quizId: string;
  locale: Locale;
  fields: URLSearchParams;
}

export async function submitQuizForm(
  db: Database,
  input: QuizSubmission,
): Promise<(AttemptResult & { courseCompletedNow: boolean }) | Failure<AttemptErrorCode | 'quiz.error.unknown_quiz'>> {
  const quiz = input.course.quizzes[input.quizId];
  if (!quiz) return { ok: false, error: 'quiz.error.unknown_quiz' };
  const answers = answersFromForm(input.fields, quiz);
  const userId = input.user.id;
  // Only a form without its own key (no JavaScript) needs the attempt count for one.
  const sent = input.fields.get('idempotencyKey') ?? '';
  const attemptsSoFar = isIdempotencyKey(sent) ? 0 : (await listAttempts(db, userId, input.course.slug, input.quizId)).length;
  const idempotencyKey = submissionKey(input.fields, { userId, quizId: input.quizId, answers, attemptsSoFar });
  const result = await submitAttempt(db, { userId, course: input.course.slug, quizId: input.quizId, quiz, answers, locale: input.locale, idempotencyKey });
  if (!result.ok) return result;
  const completion = result.grade.passed ? await completeAndCertify(db, input.user, input.course, input.site) : undefined;
  return { ...result, courseCompletedNow: completion?.completedNow ?? false };
}
