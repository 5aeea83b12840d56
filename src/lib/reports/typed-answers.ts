/**
 * The most common wrong typed answers of a text question: what a trainer reads to learn which
 * answers to add to the question's `accept`. Counted over attempts (one attempt, one answer),
 * normalised as grading does (normalizeTextAnswer: case, spaces, NFC), from the stored
 * answers and the grade each attempt got for the question.
 */
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

/** A wrong answer of one text question as stored (before normalising), and how many attempts gave it. */
export interface RawTypedAnswer {
  question: string;
  answer: string;
  count: number;
}

/**
 * For each of `textQuestions` (ids), its `top` most common wrong answers, most frequent first
 * (ties in alphabetical order): the stored answers normalised as grading compares them and
 * their counts added up; empty answers are left out. The counting by stored answer is done in
 * SQL (quiz-stats.server.ts), so only the distinct answers reach this function.
 */
export function topWrongTypedAnswers(
  textQuestions: readonly string[],
  rows: readonly RawTypedAnswer[],
  top = TYPED_ANSWERS_TOP,
): Map<string, TypedAnswerCount[]> {
  const counts = new Map(textQuestions.map((id) => [id, new Map<string, number>()]));
  for (const row of rows) {
    const tally = counts.get(row.question);
    const answer = normalizeTextAnswer(row.answer);
    if (!tally || answer === '') continue;
    tally.set(answer, (tally.get(answer) ?? 0) + Number(row.count));
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
