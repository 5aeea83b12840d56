/**
 * The most common wrong typed answers of a text question: what a trainer reads to learn which
 * answers to add to the question's `accept`. Counted over attempts (one attempt, one answer),
 * normalised as grading does (normalizeTextAnswer: case, spaces, NFC), from the stored
 * answers and the grade each attempt got for the question.
 */
import type { Quiz } from '#lib/courses/schema.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { formatNumber } from '#lib/i18n/numbers.ts';
import { normalizeTextAnswer } from '#lib/quiz/grade.ts';

/** How many of a quiz's latest attempts are read for its typed answers (on demand, no kept count). */
export const TYPED_ANSWERS_WINDOW = 5000;
/** How many wrong answers each text question shows. */
export const TYPED_ANSWERS_TOP = 3;

export interface TypedAnswerCount {
  /** The answer as grading compares it (lower case, single spaces). */
  answer: string;
  /** Attempts that gave it. */
  count: number;
}

/** One stored attempt: its `answers` and `results` as JSON text. */
export interface StoredAttempt {
  answers: string | null;
  results: string | null;
}

const parse = (json: string | null): unknown => {
  try {
    return json === null ? null : (JSON.parse(json) as unknown);
  } catch {
    return null;
  }
};

/** The typed text of an answer (a string, or a list of one string); '' otherwise. */
function typedText(answer: unknown): string {
  if (typeof answer === 'string') return answer;
  if (Array.isArray(answer) && answer.length === 1 && typeof answer[0] === 'string') return answer[0];
  return '';
}

/**
 * For each text question of `quiz` (by id), its `top` most common wrong answers among
 * `attempts`, most frequent first (ties in alphabetical order). An answer is wrong when the
 * attempt's result for the question did not earn its point; empty answers are left out.
 */
export function countWrongTypedAnswers(
  quiz: Quiz,
  attempts: readonly StoredAttempt[],
  top = TYPED_ANSWERS_TOP,
): Map<string, TypedAnswerCount[]> {
  const textQuestions = quiz.questions.filter((q) => q.type === 'text').map((q) => q.id);
  const counts = new Map(textQuestions.map((id) => [id, new Map<string, number>()]));
  if (textQuestions.length === 0) return new Map();
  for (const attempt of attempts) {
    const answers = parse(attempt.answers);
    const results = parse(attempt.results);
    if (typeof answers !== 'object' || answers === null || !Array.isArray(results)) continue;
    for (const id of textQuestions) {
      const result = (results as unknown[]).find(
        (r): r is { correct?: unknown } => typeof r === 'object' && r !== null && (r as { id?: unknown }).id === id,
      );
      if (!result || Number(result.correct) >= 1) continue;
      const given = Object.hasOwn(answers, id) ? (answers as Record<string, unknown>)[id] : undefined;
      const answer = normalizeTextAnswer(typedText(given));
      if (answer === '') continue;
      const tally = counts.get(id)!;
      tally.set(answer, (tally.get(answer) ?? 0) + 1);
    }
  }
  return new Map(
    [...counts].map(([id, tally]) => [
      id,
      [...tally]
        .map(([answer, count]) => ({ answer, count }))
        .sort((a, b) => b.count - a.count || (a.answer < b.answer ? -1 : a.answer > b.answer ? 1 : 0))
        .slice(0, top),
    ]),
  );
}

/**
 * The wrong typed answers as the dashboard and the CSV export write them, counts in the
 * reader's language: `«outcomes» (3); «result» (2)`; '' when there are none.
 */
export function describeTypedAnswers(top: readonly TypedAnswerCount[], locale: Locale): string {
  return top.map((w) => `«${w.answer}» (${formatNumber(w.count, locale)})`).join('; ');
}
