import { describe, expect, test } from 'vitest';
import { courseSchema } from '#lib/courses/schema.ts';
import { sampleQuiz } from '../../../tests/fixtures/quiz.ts';
import { describeCompletionRule } from './completion-text.ts';

const data = (completion: unknown) =>
  courseSchema.parse({
    title: { kk: 'К', ru: 'К', en: 'C' },
    summary: { kk: 'С', ru: 'С', en: 'S' },
    hours: 2,
    level: 'beginner',
    field: 'urbanism',
    authors: [{ name: 'A' }],
    modules: [{ folder: '01-a', title: { kk: 'А', ru: 'А', en: 'A' } }],
    completion,
  });

describe('describeCompletionRule', () => {
  test('every lesson and every quiz', () => {
    expect(
      describeCompletionRule({ data: data({ lessons: 'all', quizzes: 'all' }), quizzes: { q: sampleQuiz } }, 'en'),
    ).toBe('To complete the course: read every lesson and pass every quiz.');
  });
  test('counts of required lessons and quizzes', () => {
    expect(
      describeCompletionRule({ data: data({ lessons: ['a', 'b'], quizzes: ['q'] }), quizzes: { q: sampleQuiz } }, 'en'),
    ).toBe('To complete the course: read 2 required lessons and pass 1 required quizzes.');
  });
  test('a course without quizzes says so, whatever its rule', () => {
    expect(describeCompletionRule({ data: data({ lessons: 'all', quizzes: 'all' }), quizzes: {} }, 'en')).toBe(
      'To complete the course: read every lesson and no quiz to pass.',
    );
  });
});
