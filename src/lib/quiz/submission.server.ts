/**
 * A quiz form posted by a learner: read the answers and store the graded attempt once. What a
 * pass leads to (completion, the certificate) is the learning module's concern
 * (learning/learning.server.ts), not the quiz's.
 */
import type { Database } from '#db/client.ts';
import type { Failure } from '#lib/result.ts';
import type { CatalogCourse } from '#lib/courses/catalog.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { listAttempts, submitAttempt, type AttemptErrorCode, type AttemptResult } from './attempts.server.ts';
import { answersFromForm, isIdempotencyKey, submissionKey } from './form.ts';

export interface QuizForm {
  userId: string;
  course: CatalogCourse;
  quizId: string;
  locale: Locale;
  /** The reader's order of languages (feedback in a language the quiz lacks). */
  chain?: readonly Locale[];
  fields: URLSearchParams;
  now?: Date;
}

export type QuizFormErrorCode = AttemptErrorCode | 'quiz.error.unknown_quiz';

/** Grades the form's answers and stores the attempt; a repeated post (same key) stores nothing new. */
export async function recordQuizForm(
  db: Database,
  input: QuizForm,
): Promise<AttemptResult | Failure<QuizFormErrorCode>> {
  const quiz = input.course.quizzes[input.quizId];
  if (!quiz) return { ok: false, error: 'quiz.error.unknown_quiz' };
  const answers = answersFromForm(input.fields, quiz);
  const { userId } = input;
  // Only a form without its own key (no JavaScript) needs the attempt count for one.
  const sent = input.fields.get('idempotencyKey') ?? '';
  const attemptsSoFar = isIdempotencyKey(sent)
    ? 0
    : (await listAttempts(db, userId, input.course.slug, input.quizId)).length;
  const idempotencyKey = submissionKey(input.fields, {
    userId,
    course: input.course.slug,
    quizId: input.quizId,
    answers,
    attemptsSoFar,
  });
  return submitAttempt(db, {
    userId,
    course: input.course.slug,
    quizId: input.quizId,
    quiz,
    answers,
    locale: input.locale,
    chain: input.chain,
    idempotencyKey,
    now: input.now,
  });
}
