import { describe, expect, it, test } from 'vitest';
import { courseOriginSchema, courseSchema, quizSchema } from './schema.ts';

const t = (s: string) => ({ kk: s, ru: s, en: s });
const question = (over: Record<string, unknown>) => ({
  id: 'q',
  type: 'single',
  prompt: t('?'),
  choices: [
    { id: 'a', text: t('a'), correct: true },
    { id: 'b', text: t('b') },
  ],
  ...over,
});
const quiz = (questions: unknown[]) => ({ title: t('Q'), passPercent: 60, questions });
const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.error?.issues.map((i) => i.message) ?? [];

describe('courseSchema', () => {
  const base = {
    title: t('T'),
    summary: t('S'),
    hours: 3,
    level: 'beginner',
    field: 'urbanism',
    authors: [{ name: 'A' }],
    modules: [{ folder: '01-a', title: t('A') }],
  };
  test('fills the defaults: CC BY-SA 4.0 and "all" completion', () => {
    expect(courseSchema.parse(base)).toMatchObject({
      license: 'CC BY-SA 4.0',
      completion: { lessons: 'all', quizzes: 'all' },
    });
  });
  test('takes `assignments: []` as none required, but not an empty list of lessons or quizzes', () => {
    const none = courseSchema.parse({ ...base, completion: { assignments: [] } });
    expect(none.completion).toEqual({ lessons: 'all', quizzes: 'all', assignments: [] });
    expect(courseSchema.safeParse({ ...base, completion: { lessons: [] } }).success).toBe(false);
    expect(courseSchema.safeParse({ ...base, completion: { quizzes: [] } }).success).toBe(false);
  });
  test("rejects an empty translation; any field id parses (the site's list checks it, fields.test.ts)", () => {
    expect(courseSchema.safeParse({ ...base, field: 'tourism' }).success).toBe(true);
    expect(courseSchema.safeParse({ ...base, field: 'Not an id' }).success).toBe(false);
    expect(courseSchema.safeParse({ ...base, title: { ...t('T'), kk: ' ' } }).success).toBe(false);
  });
});

describe('quizSchema', () => {
  test('accepts every question type when well formed', () => {
    const ok = quizSchema.safeParse(
      quiz([
        question({ id: 's' }),
        question({ id: 'm', type: 'multiple' }),
        question({
          id: 'tf',
          type: 'truefalse',
          choices: [
            { id: 'true', text: t('T'), correct: true },
            { id: 'false', text: t('F') },
          ],
        }),
        { id: 'tx', type: 'text', prompt: t('?'), accept: { kk: ['а'], ru: ['а'], en: ['a'] } },
        question({
          id: 'o',
          type: 'order',
          choices: [
            { id: 'x', text: t('x') },
            { id: 'y', text: t('y') },
          ],
        }),
      ]),
    );
    expect(ok.success).toBe(true);
  });
  test('a single-choice question has exactly one correct choice', () => {
    const r = quizSchema.safeParse(
      quiz([
        question({
          choices: [
            { id: 'a', text: t('a'), correct: true },
            { id: 'b', text: t('b'), correct: true },
          ],
        }),
      ]),
    );
    expect(messages(r).join()).toMatch(/exactly one correct choice; 2 are marked/);
  });
  test('a text question needs accepted answers', () => {
    expect(messages(quizSchema.safeParse(quiz([{ id: 'x', type: 'text', prompt: t('?') }]))).join()).toMatch(
      /needs accepted answers/,
    );
  });
  test('choice ids are unique within a question', () => {
    const r = quizSchema.safeParse(
      quiz([
        question({
          choices: [
            { id: 'a', text: t('a'), correct: true },
            { id: 'a', text: t('b') },
          ],
        }),
      ]),
    );
    expect(messages(r).join()).toMatch(/choice id "a" is used twice/);
  });
});

describe('courseOriginSchema', () => {
  const origin = { site: 'Oqu Almaty', url: 'https://oqu.example.kz', course: 'urbanism' };

  it('takes exportedAt as an ISO string, or as the date a YAML 1.1 reader makes of it', () => {
    const iso = '2026-11-30T08:00:00.000Z';
    expect(courseOriginSchema.parse({ ...origin, exportedAt: iso }).exportedAt).toBe(iso);
    expect(courseOriginSchema.parse({ ...origin, exportedAt: new Date(iso) }).exportedAt).toBe(iso);
    expect(() => courseOriginSchema.parse({ ...origin, exportedAt: 'yesterday' })).toThrow();
  });
});
