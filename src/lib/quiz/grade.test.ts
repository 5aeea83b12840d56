import { describe, expect, it } from 'vitest';
import { quizSchema } from '#lib/courses/schema.ts';
import { perfectAnswers, sampleQuiz } from '../../../tests/fixtures/quiz.ts';
import { answersSchema, gradeQuestion, gradeQuiz, normalizeTextAnswer } from './grade.ts';

const question = (id: string) => sampleQuiz.questions.find((q) => q.id === id)!;

describe('gradeQuiz', () => {
  it('gives full marks, per-question feedback in the locale, and a pass for perfect answers', () => {
    const grade = gradeQuiz(sampleQuiz, perfectAnswers, 'ru');
    expect(grade.score).toBe(5);
    expect(grade.max).toBe(5);
    expect(grade.percent).toBe(100);
    expect(grade.passed).toBe(true);
    expect(grade.questions.every((q) => q.correct && q.answered)).toBe(true);
    expect(grade.questions.find((q) => q.id === 'capital')?.feedback).toBe('Астана с 1997 года.');
    expect(grade.questions.map((q) => q.id)).toEqual(['capital', 'sdg', 'stakeholders', 'steps', 'term']);
  });

  it('gives nothing, and a fail, for no answers at all', () => {
    const grade = gradeQuiz(sampleQuiz, {}, 'en');
    expect(grade.score).toBe(0);
    expect(grade.passed).toBe(false);
    expect(grade.questions.every((q) => !q.answered && q.points === 0)).toBe(true);
  });

  it('passes exactly at the pass mark and fails just below it', () => {
    const atMark = { capital: 'astana', sdg: 'true', stakeholders: ['residents', 'akimat', 'ngo'] }; // 3/5 = 60 %
    expect(gradeQuiz(sampleQuiz, atMark, 'en')).toMatchObject({ score: 3, percent: 60, passed: true });
    const below = { ...atMark, stakeholders: ['residents', 'akimat', 'ngo', 'weather'] }; // 2 + 2/3
    const grade = gradeQuiz(sampleQuiz, below, 'en');
    expect(grade.score).toBeCloseTo(2.6667, 4);
    expect(grade.percent).toBeCloseTo(53.33, 2);
    expect(grade.passed).toBe(false);
  });

  it('ignores unknown question ids and survives hostile shapes', () => {
    const grade = gradeQuiz(sampleQuiz, { capital: 'astana', nope: 'x', ['__proto__']: 'y', constructor: 'z' }, 'en');
    expect(grade.score).toBe(1);
    for (const junk of [null, 42, 'astana', ['astana'], { capital: 7 }, { capital: { $gt: '' } }]) {
      expect(gradeQuiz(sampleQuiz, junk, 'en').score).toBe(0);
    }
  });
});

describe('single and true/false', () => {
  it('is all or nothing', () => {
    expect(gradeQuestion(question('capital'), 'astana', 'en').points).toBe(1);
    expect(gradeQuestion(question('capital'), ['astana'], 'en').points).toBe(1);
    expect(gradeQuestion(question('capital'), 'almaty', 'en').points).toBe(0);
    expect(gradeQuestion(question('capital'), ['astana', 'almaty'], 'en').points).toBe(0);
    expect(gradeQuestion(question('capital'), 'unknown-choice', 'en')).toMatchObject({ points: 0, answered: true });
    expect(gradeQuestion(question('sdg'), 'true', 'en').points).toBe(1);
    expect(gradeQuestion(question('sdg'), 'false', 'en').points).toBe(0);
  });
});

describe('multiple choice partial credit: (right − wrong) / rights, floored at 0', () => {
  const grade = (picked: string[]) => gradeQuestion(question('stakeholders'), picked, 'en');
  it.each([
    [['residents', 'akimat', 'ngo'], 1, true],
    [['residents', 'akimat'], 2 / 3, false],
    [['residents'], 1 / 3, false],
    [['residents', 'akimat', 'ngo', 'weather'], 2 / 3, false],
    [['residents', 'weather'], 0, false],
    [['weather'], 0, false],
    [['residents', 'akimat', 'ngo', 'ghost-choice'], 1, true],
    [['residents', 'residents', 'residents'], 1 / 3, false],
  ])('%j earns %d', (picked, points, correct) => {
    const g = grade(picked);
    expect(g.points).toBeCloseTo(points as number, 4);
    expect(g.correct).toBe(correct);
  });
});

describe('order: Kendall tau floored at 0', () => {
  const grade = (given: string[]) => gradeQuestion(question('steps'), given, 'en').points;
  it('scores the right order 1, the reverse 0 and one neighbouring swap 4/6', () => {
    expect(grade(['problem', 'activities', 'outputs', 'outcomes'])).toBe(1);
    expect(grade(['outcomes', 'outputs', 'activities', 'problem'])).toBe(0);
    expect(grade(['activities', 'problem', 'outputs', 'outcomes'])).toBeCloseTo(4 / 6, 4);
    // Last item moved to the front: 3 of 6 pairs wrong -> (3 - 3) / 6 = 0.
    expect(grade(['outcomes', 'problem', 'activities', 'outputs'])).toBe(0);
  });
  it('counts missing items against every pair they are in and ignores unknown ones', () => {
    // problem < activities < outputs are right (3 pairs), pairs with outcomes wrong (3) -> 0.
    expect(grade(['problem', 'activities', 'outputs'])).toBe(0);
    expect(grade(['problem', 'ghost', 'activities', 'outputs', 'outcomes'])).toBe(1);
    expect(grade(['problem'])).toBe(0);
  });
});

describe('text answers', () => {
  it('normalises case, spaces and Unicode composition', () => {
    expect(normalizeTextAnswer('  An\u00a0  OUTCOME \n')).toBe('an outcome');
    expect(normalizeTextAnswer('Ни\u0306')).toBe('нй');
  });
  it('accepts the answers of the attempt language, and leniently the others', () => {
    const q = question('term');
    expect(gradeQuestion(q, '  an   Outcome ', 'en').points).toBe(1);
    expect(gradeQuestion(q, 'НӘТИЖЕ', 'kk').points).toBe(1);
    expect(gradeQuestion(q, 'результат', 'kk').points).toBe(1);
    expect(gradeQuestion(q, 'output', 'en').points).toBe(0);
    expect(gradeQuestion(q, '   ', 'en')).toMatchObject({ points: 0, answered: false });
    expect(gradeQuestion(q, ['outcome', 'output'], 'en').points).toBe(0);
  });
});

describe('answersSchema', () => {
  it('accepts strings and string lists and refuses other shapes', () => {
    expect(answersSchema.safeParse(perfectAnswers).success).toBe(true);
    expect(answersSchema.safeParse({ a: 1 }).success).toBe(false);
    expect(answersSchema.safeParse({ a: [1] }).success).toBe(false);
    expect(answersSchema.safeParse('a').success).toBe(false);
  });
});

describe('a quiz without a pass mark', () => {
  it('passes at 0 % only when there are points to count', () => {
    const quiz = quizSchema.parse({ ...sampleQuiz, passPercent: 0 });
    expect(gradeQuiz(quiz, {}, 'en').passed).toBe(true);
  });
});
