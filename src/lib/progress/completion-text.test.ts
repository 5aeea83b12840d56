import { describe, expect, test } from 'vitest';
import { courseSchema } from '#lib/courses/schema.ts';
import { sampleQuiz } from '../../../tests/fixtures/quiz.ts';
import { sampleAssignment } from '../../../tests/fixtures/assignment.ts';
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
  test('sessions to attend add a sentence, in every language', () => {
    const course = { data: data({ lessons: 'all', quizzes: 'all', sessions: { attend: 1 } }), quizzes: {} };
    expect(describeCompletionRule(course, 'en')).toBe(
      "To complete the course: read every lesson and no quiz to pass. Also attend at least 1 of the course's " +
        'sessions (seminars, study visits, forums).',
    );
    expect(describeCompletionRule(course, 'ru')).toContain('посетите не меньше 1 занятий');
    expect(describeCompletionRule(course, 'kk')).toContain('кемінде 1 кездесуіне');
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
  test('names the assignments to have accepted, with the plural form of each language', () => {
    const one = { data: data({}), quizzes: { q: sampleQuiz }, assignments: { map: sampleAssignment } };
    expect(describeCompletionRule(one, 'en')).toBe(
      'To complete the course: read every lesson, pass every quiz and have 1 assignment accepted.',
    );
    expect(describeCompletionRule(one, 'ru')).toBe(
      'Чтобы завершить курс: прочитайте все уроки, пройдите все тесты, получите зачёт за 1 задание.',
    );
    expect(describeCompletionRule(one, 'kk')).toBe(
      'Курсты аяқтау үшін: барлық сабақты оқу, барлық тесттен өту, 1 тапсырманы орындап, қабылдату.',
    );
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const many = (n: number) => ({
      data: data({}),
      quizzes: {},
      assignments: Object.fromEntries(ids.slice(0, n).map((id) => [id, sampleAssignment])),
    });
    expect(describeCompletionRule(many(2), 'en')).toContain('have 2 assignments accepted');
    expect(describeCompletionRule(many(2), 'ru')).toContain('получите зачёт за 2 задания');
    expect(describeCompletionRule(many(5), 'ru')).toContain('получите зачёт за 5 заданий');
  });

  test('counts only the listed assignments the course has; none required reads as before', () => {
    const course = (assignments: unknown) => ({
      data: data({ assignments }),
      quizzes: {},
      assignments: { map: sampleAssignment, model: sampleAssignment },
    });
    expect(describeCompletionRule(course(['map', 'gone']), 'en')).toContain('have 1 assignment accepted');
    expect(describeCompletionRule(course(['gone']), 'en')).toBe(
      'To complete the course: read every lesson and no quiz to pass.',
    );
  });
});
