/**
 * From a posted quiz form to the answers grading expects, as pure functions. Field names:
 * `q.<question>` (radio, checkboxes, text) and `q.<question>.<choice>` = position (order).
 */
import { createHash } from 'node:crypto';
import type { Quiz } from '#lib/courses/schema.ts';
import type { Answers } from './grade.ts';

type Fields = Pick<URLSearchParams, 'getAll' | 'get'>;

/** The answers in a quiz form, for the quiz's own questions only. */
export function answersFromForm(fields: Fields, quiz: Quiz): Answers {
  const answers: Answers = {};
  for (const q of quiz.questions) {
    const name = `q.${q.id}`;
    if (q.type === 'multiple') {
      const picked = fields.getAll(name).map(String).slice(0, 200);
      if (picked.length) answers[q.id] = picked;
    } else if (q.type === 'order') {
      const placed = (q.choices ?? [])
        .map((c) => ({ id: c.id, position: Number(fields.get(`${name}.${c.id}`)) }))
        .filter((p) => Number.isInteger(p.position) && p.position > 0);
      if (placed.length) answers[q.id] = placed.sort((a, b) => a.position - b.position).map((p) => p.id);
    } else {
      const value = fields.get(name);
      if (typeof value === 'string' && value.trim() !== '') answers[q.id] = value.slice(0, 2000);
    }
  }
  return answers;
}

/** A key the page's script chose (8-128 of A-Z a-z 0-9 _ -). */
export function isIdempotencyKey(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{8,128}$/.test(value);
}

/**
 * The key that makes a submission idempotent. The page's script puts a random one in the
 * form; without JavaScript the same learner, course, quiz, answers and attempt count give the
 * same key, so a double click or a resent request is still stored once. The course is part of it:
 * two courses may each have a quiz of the same id (the keys are unique per learner, not per course).
 */
export function submissionKey(
  fields: Fields,
  parts: { userId: string; course: string; quizId: string; answers: Answers; attemptsSoFar: number },
): string {
  const sent = fields.get('idempotencyKey');
  if (isIdempotencyKey(sent)) return sent;
  const canonical = JSON.stringify([
    parts.userId,
    parts.course,
    parts.quizId,
    parts.attemptsSoFar,
    Object.entries(parts.answers).sort(),
  ]);
  return `f-${createHash('sha256').update(canonical).digest('base64url').slice(0, 40)}`;
}
