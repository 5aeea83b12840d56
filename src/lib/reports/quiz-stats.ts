/**
 * Quiz statistics for trainers, as pure functions over the counts ("tallies") that
 * quiz-stats.server.ts aggregates in SQL.
 *
 * Which attempts count: ALL of them. Learner figures (`learners`, `passedLearners`,
 * `passRate`) count distinct people, so retries never inflate them; question figures count
 * attempts, so a question that trips people up on their first try still shows even when they
 * pass on the second (with last attempts only, the mistakes a quiz exists to reveal would
 * vanish as learners retry). It also makes every figure a sum over attempts, which is what
 * lets the database keep them up to date on each attempt (course-counts.server.ts).
 *
 * Questions follow the current quiz: results and answers stored for a question the quiz no
 * longer has are ignored; a question added later counts only the attempts graded on it.
 */
import type { Quiz } from '#lib/courses/schema.ts';

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

/** Counts by name (`[what, quiz, question?, choice?]` as JSON); additive, so two tallies merge by adding. */
export type QuizTally = ReadonlyMap<string, number>;

/**
 * One count the SQL computes for a quiz, as a column of its result. `learners`, `attempts`,
 * `passed` are per quiz; `graded`, `right`, `answered` per question (`index` is its position
 * in the current quiz, where the stored results of an unchanged quiz have it too); `picked`
 * per wrong choice of a choice question.
 */
export type TallyColumn =
  | { key: string; what: 'learners' | 'attempts' | 'passed' }
  | { key: string; what: 'graded' | 'right' | 'answered'; question: string; index: number }
  | { key: string; what: 'picked'; question: string; choice: string; multiple: boolean };

const CHOICE_TYPES = new Set(['single', 'multiple', 'truefalse']);
/** The name of one count in a tally. */
export const tallyKey = (...parts: string[]): string => JSON.stringify(parts);
const name = tallyKey;

/** The counts to take for one quiz, in a fixed order. */
export function tallyColumns(quizId: string, quiz: Quiz): TallyColumn[] {
  const columns: TallyColumn[] = (['learners', 'attempts', 'passed'] as const).map((what) => ({
    key: name(what, quizId),
    what,
  }));
  quiz.questions.forEach((q, index) => {
    for (const what of ['graded', 'right', 'answered'] as const)
      columns.push({ key: name(what, quizId, q.id), what, question: q.id, index });
    if (!CHOICE_TYPES.has(q.type)) return;
    for (const c of q.choices ?? []) {
      if (!c.correct)
        columns.push({
          key: name('picked', quizId, q.id, c.id),
          what: 'picked',
          question: q.id,
          choice: c.id,
          multiple: q.type === 'multiple',
        });
    }
  });
  return columns;
}

/** The tally in a result row whose values follow `columns` (as `c0`, `c1`, ...). */
export function readTally(columns: readonly TallyColumn[], row: Readonly<Record<string, unknown>>): QuizTally {
  const tally = new Map<string, number>();
  columns.forEach((column, i) => {
    const value = Number(row[`c${i}`] ?? 0);
    if (value) tally.set(column.key, value);
  });
  return tally;
}

/** The sum of two tallies. */
export function mergeTallies(a: QuizTally, b: QuizTally): QuizTally {
  const sum = new Map(a);
  for (const [key, value] of b) sum.set(key, (sum.get(key) ?? 0) + value);
  return sum;
}

/** The statistics of every quiz in `quizzes` (in its key order) from a tally. */
export function assembleQuizStats(quizzes: Readonly<Record<string, Quiz>>, tally: QuizTally): QuizStats[] {
  const get = (...parts: string[]) => tally.get(name(...parts)) ?? 0;
  return Object.entries(quizzes).map(([quizId, quiz]) => {
    const learners = get('learners', quizId);
    const passedLearners = get('passed', quizId);
    const questions = quiz.questions.map((q): QuestionStats => {
      const graded = get('graded', quizId, q.id);
      let mostChosenWrong: QuestionStats['mostChosenWrong'] = null;
      if (CHOICE_TYPES.has(q.type)) {
        for (const choice of q.choices ?? []) {
          const count = choice.correct ? 0 : get('picked', quizId, q.id, choice.id);
          if (count > (mostChosenWrong?.count ?? 0)) mostChosenWrong = { choiceId: choice.id, count };
        }
      }
      return {
        questionId: q.id,
        answered: get('answered', quizId, q.id),
        shareRight: graded > 0 ? get('right', quizId, q.id) / graded : null,
        mostChosenWrong,
      };
    });
    return {
      quizId,
      learners,
      attempts: get('attempts', quizId),
      passedLearners,
      passRate: learners > 0 ? passedLearners / learners : null,
      questions,
    };
  });
}
