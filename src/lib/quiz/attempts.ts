/** The attempt limit as pure rules (attempts.server.ts stores and counts the attempts). */
import type { Quiz } from '#lib/courses/schema.ts';

/** Attempts left at `quiz` once `used` are stored; null when the quiz sets no limit. */
export function attemptsLeft(quiz: Pick<Quiz, 'maxAttempts'>, used: number): number | null {
  return quiz.maxAttempts === undefined ? null : Math.max(0, quiz.maxAttempts - used);
}
