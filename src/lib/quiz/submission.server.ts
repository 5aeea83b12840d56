/**
 * A quiz form posted by a learner: read the answers, store the graded attempt once, and
 * complete the course when this pass was the last thing it needed.
 */
import type { Database } from '../../../db/client.ts';
import type { Failure } from '../auth/errors.ts';
import type { CatalogCourse } from '../courses/catalog.ts';
import type { Locale } from '../i18n/locales.ts';
import { completeIfDone } from '../progress/progress.server.ts';
import { toCourseOutline } from '../progress/completion.ts';
import { listAttempts, submitAttempt, type AttemptErrorCode, type AttemptResult } from './attempts.server.ts';
import { answersFromForm, submissionKey } from './form.ts';

export interface QuizSubmission {
  userId: string;
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
  const attemptsSoFar = (await listAttempts(db, input.userId, input.course.slug, input.quizId)).length;
  const idempotencyKey = submissionKey(input.fields, { userId: input.userId, quizId: input.quizId, answers, attemptsSoFar });
  const result = await submitAttempt(db, { userId: input.userId, course: input.course.slug, quizId: input.quizId, quiz, answers, locale: input.locale, idempotencyKey });
  if (!result.ok) return result;
  const completion = result.grade.passed ? await completeIfDone(db, input.userId, toCourseOutline(input.course)) : undefined;
  return { ...result, courseCompletedNow: completion?.completedNow ?? false };
}
