/**
 * Quiz statistics for trainers, as pure functions over the counts that
 * quiz-stats.server.ts aggregates in SQL.
 *
 * Which attempts count: ALL of them. Learner figures (`learners`, `passedLearners`,
 * `passRate`) count distinct people, so retries never inflate them; question figures count
 * attempts, so a question that trips people up on their first try still shows even when they
 * pass on the second (with only last attempts, the mistakes a quiz exists to reveal would
 * vanish from the statistics as learners retry). It is also the cheaper query: no window
 * over each learner's attempts.
 *
 * Questions follow the current quiz: results and answers stored for a question the quiz no
 * longer has are ignored; a question added later counts only the attempts graded on it.
 */
import type { Quiz } from '../courses/schema.ts';

export interface QuestionStats {
  questionId: string;
  /** Attempts that gave an answer to the question. */
  answered: number;
  /** Share (0..1) of the attempts graded on this question that earned its full point; null before any. */
  shareRight: number | null;
  /** For single, multiple and true/false questions: the wrong choice picked most often (ties: first listed). */
  mostChosenWrong: { choiceId: string; count: number } | null;
}

export interface QuizStats {
  quizId: string;
  /** Distinct trainees who made at least one attempt. */
  learners: number;
  attempts: number;
  /** Distinct trainees with at least one passed attempt. */
  passedLearners: number;
  /** passedLearners / learners (0..1); null when nobody has tried. */
  passRate: number | null;
  questions: QuestionStats[];
}

/** Per quiz, from SQL. */
export interface QuizCounts {
  quiz: string;
  attempts: number;
  learners: number;
  passedLearners: number;
}

/** Per question, from the `results` JSON: attempts graded on it and those fully right. */
export interface ResultCounts {
  quiz: string;
  question: string;
  graded: number;
  right: number;
}

/** Per question, from the `answers` JSON: `choice` null counts the attempts that answered; a choice id counts the attempts that picked that (wrong) choice. */
export interface AnswerCounts {
  quiz: string;
  question: string;
  choice: string | null;
  count: number;
}

export interface WrongChoice {
  quizId: string;
  questionId: string;
  choiceId: string;
}

const CHOICE_TYPES = new Set(['single', 'multiple', 'truefalse']);

/** Every choice that is not right, in questions where a learner picks choices. */
export function listWrongChoices(quizzes: Record<string, Quiz>): WrongChoice[] {
  return Object.entries(quizzes).flatMap(([quizId, quiz]) =>
    quiz.questions
      .filter((q) => CHOICE_TYPES.has(q.type))
      .flatMap((q) => (q.choices ?? []).filter((c) => !c.correct).map((c) => ({ quizId, questionId: q.id, choiceId: c.id }))),
  );
}

const key = (...parts: string[]): string => JSON.stringify(parts);

/** Assembles the statistics of every quiz in `quizzes` (in its key order) from the SQL counts. */
export function assembleQuizStats(quizzes: Record<string, Quiz>, counts: QuizCounts[], results: ResultCounts[], answers: AnswerCounts[]): QuizStats[] {
  const perQuiz = new Map(counts.map((c) => [c.quiz, c]));
  const perResult = new Map(results.map((r) => [key(r.quiz, r.question), r]));
  const picks = new Map(answers.map((a) => [key(a.quiz, a.question, a.choice ?? ''), a.count]));
  return Object.entries(quizzes).map(([quizId, quiz]) => {
    const c = perQuiz.get(quizId);
    const learners = c?.learners ?? 0;
    const passedLearners = c?.passedLearners ?? 0;
    const questions = quiz.questions.map((q): QuestionStats => {
      const result = perResult.get(key(quizId, q.id));
      let mostChosenWrong: QuestionStats['mostChosenWrong'] = null;
      if (CHOICE_TYPES.has(q.type)) {
        for (const choice of q.choices ?? []) {
          if (choice.correct) continue;
          const count = picks.get(key(quizId, q.id, choice.id)) ?? 0;
          if (count > 0 && count > (mostChosenWrong?.count ?? 0)) mostChosenWrong = { choiceId: choice.id, count };
        }
      }
      return {
        questionId: q.id,
        answered: picks.get(key(quizId, q.id, '')) ?? 0,
        shareRight: result && result.graded > 0 ? result.right / result.graded : null,
        mostChosenWrong,
      };
    });
    return { quizId, learners, attempts: c?.attempts ?? 0, passedLearners, passRate: learners > 0 ? passedLearners / learners : null, questions };
  });
}
