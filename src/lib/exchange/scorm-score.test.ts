import { describe, expect, it } from 'vitest';
import { gradeQuiz } from '#lib/quiz/grade.ts';
import type { Quiz } from '#lib/courses/schema.ts';
import { passMark, reportedPercent } from './scorm-score.ts';

const question = (id: string) => ({
  id,
  type: 'single' as const,
  prompt: { kk: id },
  choices: [
    { id: 'a', text: { kk: 'a' }, correct: true },
    { id: 'b', text: { kk: 'b' } },
    { id: 'c', text: { kk: 'c' } },
  ],
});
const quiz = { title: { kk: 'Тест' }, passPercent: 67, questions: ['q1', 'q2', 'q3'].map(question) } as unknown as Quiz;

describe('the score a SCORM package reports', () => {
  it('keeps a failed quiz below the pass mark: 2 of 3 right against 67 is 66.67, not 67', () => {
    const grade = gradeQuiz(quiz, { q1: 'a', q2: 'a', q3: 'b' }, 'kk');
    expect(grade.passed).toBe(false);
    expect(reportedPercent(grade, quiz.passPercent)).toBe(66.67);
    expect(reportedPercent(grade, quiz.passPercent)).toBeLessThan(passMark(quiz.passPercent));
  });

  it('keeps either side of the pass mark when two decimals would cross it', () => {
    expect(reportedPercent({ percent: 69.996, passed: false }, 70)).toBe(69.99);
    expect(reportedPercent({ percent: 66.664, passed: true }, 66.665)).toBe(66.67);
    expect(reportedPercent({ percent: 100, passed: true }, 70)).toBe(100);
  });

  it('states the pass mark to two decimals, not rounded to a whole percent', () => {
    expect(passMark(66.5)).toBe(66.5);
    expect(passMark(70)).toBe(70);
  });
});
