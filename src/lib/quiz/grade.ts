/**
 * Grading a quiz: a pure function of the quiz (with its answer key), the answers and the
 * attempt's language. Each question is worth 1 point; partial credit:
 *
 * - `single`, `truefalse`: 1 for the right choice, else 0.
 * - `multiple`: (right choices picked − wrong choices picked) / number of right choices,
 *   floored at 0; so picking everything earns nothing, and 1 needs every right choice and
 *   no wrong one.
 * - `order`: Kendall's tau over the items, floored at 0: (pairs in the right relative order
 *   − pairs in the wrong order) / all pairs. The right order earns 1, the reverse 0, one
 *   neighbouring swap among 4 items (6 pairs) earns (5 − 1) / 6 ≈ 0.67; a shuffled order
 *   left untouched earns about nothing on average. Items missing from the answer count as
 *   wrongly ordered against every other item.
 * - `text`: 1 when the answer equals an accepted answer after normalising both (NFC, lower
 *   case, trimmed, inner runs of whitespace collapsed to one space). The accepted answers
 *   of the attempt's language are tried first, then, leniently, those of the other
 *   languages (a Russian-speaking learner in the Kazakh interface still answered right).
 *
 * A question is `correct` when it earns its full point. The percentage is score / max;
 * the quiz is passed when the percentage reaches `passPercent`.
 *
 * Answers arrive as a plain object `{ questionId: string | string[] }` (a form's fields);
 * unknown question ids and unknown choice ids are ignored, a malformed answer counts as
 * unanswered, and nothing here throws on user input.
 */
import { z } from 'zod';
import type { Question, Quiz } from '#lib/courses/schema.ts';
import { LOCALES, readerChain, type Locale } from '#lib/i18n/locales.ts';
import { pickText } from '#lib/i18n/pick-text.ts';

const answerValue = z.union([z.string().max(2000), z.array(z.string().max(200)).max(200)]);

/** The shape a submission must have; used to refuse (not grade) a malformed one. */
export const answersSchema = z
  .record(z.string().max(200), answerValue)
  .refine((a) => Object.keys(a).length <= 500, 'too many answers');
export type Answers = z.infer<typeof answersSchema>;

export interface QuestionGrade {
  id: string;
  type: Question['type'];
  /** Points earned, 0..max, rounded to 4 decimals. */
  points: number;
  max: number;
  correct: boolean;
  answered: boolean;
  /** The question's feedback in the attempt's language, when the quiz has one. */
  feedback?: string;
}

export interface QuizGrade {
  questions: QuestionGrade[];
  score: number;
  max: number;
  /** 0..100, rounded to 2 decimals for display; `passed` uses the exact value. */
  percent: number;
  passed: boolean;
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;

/** Lower-cased, NFC, trimmed, whitespace runs collapsed: how text answers are compared. */
export function normalizeTextAnswer(text: string): string {
  return text.normalize('NFC').toLowerCase().normalize('NFC').trim().replace(/\s+/gu, ' ');
}

/** One answer as a list of distinct strings, whatever shape it came in. */
function asList(value: unknown): string[] | null {
  const parsed = answerValue.safeParse(value);
  if (!parsed.success) return null;
  const list = typeof parsed.data === 'string' ? [parsed.data] : parsed.data;
  return [...new Set(list)];
}

/** The answer for a question, looked up without touching the prototype chain. */
function answerFor(answers: unknown, id: string): unknown {
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) return undefined;
  return Object.hasOwn(answers, id) ? (answers as Record<string, unknown>)[id] : undefined;
}

function gradeSingle(question: Question, picked: string[]): number {
  const right = question.choices?.find((c) => c.correct)?.id;
  return picked.length === 1 && picked[0] === right ? 1 : 0;
}

function gradeMultiple(question: Question, picked: string[]): number {
  const choices = question.choices ?? [];
  const right = new Set(choices.filter((c) => c.correct).map((c) => c.id));
  const known = new Set(choices.map((c) => c.id));
  if (right.size === 0) return 0;
  let hits = 0;
  let misses = 0;
  for (const id of picked) {
    if (!known.has(id)) continue;
    if (right.has(id)) hits++;
    else misses++;
  }
  return Math.max(0, (hits - misses) / right.size);
}

function gradeOrder(question: Question, given: string[]): number {
  const key = (question.choices ?? []).map((c) => c.id);
  if (key.length < 2) return given[0] === key[0] ? 1 : 0;
  const position = new Map<string, number>();
  for (const id of given) if (key.includes(id) && !position.has(id)) position.set(id, position.size);
  const pairs = (key.length * (key.length - 1)) / 2;
  let balance = 0;
  for (let i = 0; i < key.length; i++) {
    for (let j = i + 1; j < key.length; j++) {
      const a = position.get(key[i]!);
      const b = position.get(key[j]!);
      balance += a !== undefined && b !== undefined && a < b ? 1 : -1;
    }
  }
  return Math.max(0, balance / pairs);
}

function gradeText(question: Question, given: string[], locale: Locale): number {
  if (given.length !== 1 || !question.accept) return 0;
  const answer = normalizeTextAnswer(given[0]!);
  if (answer === '') return 0;
  const order = [locale, ...LOCALES.filter((l) => l !== locale)];
  return order.some((l) => (question.accept?.[l] ?? []).some((a) => normalizeTextAnswer(a) === answer)) ? 1 : 0;
}

/** Grades one question; `raw` is whatever the submission held for it. */
export function gradeQuestion(
  question: Question,
  raw: unknown,
  locale: Locale,
  chain: readonly Locale[] = readerChain(LOCALES, locale),
): QuestionGrade {
  const list = raw === undefined ? null : asList(raw);
  const answered = list !== null && list.some((v) => v.trim() !== '');
  let points = 0;
  if (list && answered) {
    switch (question.type) {
      case 'single':
      case 'truefalse':
        points = gradeSingle(question, list);
        break;
      case 'multiple':
        points = gradeMultiple(question, list);
        break;
      case 'order':
        points = gradeOrder(question, list);
        break;
      case 'text':
        points = gradeText(question, list, locale);
        break;
    }
  }
  points = round(points);
  const feedback = pickText(question.feedback, locale, chain);
  return {
    id: question.id,
    type: question.type,
    points,
    max: 1,
    correct: points === 1,
    answered,
    ...(feedback ? { feedback } : {}),
  };
}

/** Grades a whole submission; see the header for the rules. */
export function gradeQuiz(
  quiz: Quiz,
  answers: unknown,
  locale: Locale,
  chain: readonly Locale[] = readerChain(LOCALES, locale),
): QuizGrade {
  const questions = quiz.questions.map((q) => gradeQuestion(q, answerFor(answers, q.id), locale, chain));
  return summarizeGrades(questions, quiz.passPercent);
}

/** Totals, percentage and pass/fail from per-question grades. */
export function summarizeGrades(questions: QuestionGrade[], passPercent: number): QuizGrade {
  const score = round(questions.reduce((sum, q) => sum + q.points, 0));
  const max = questions.reduce((sum, q) => sum + q.max, 0);
  const exact = max > 0 ? (score / max) * 100 : 0;
  return {
    questions,
    score,
    max,
    percent: Math.round(exact * 100) / 100,
    passed: max > 0 && exact + 1e-9 >= passPercent,
  };
}
