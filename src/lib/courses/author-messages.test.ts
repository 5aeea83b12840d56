import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { dictionaries } from '#lib/i18n/t.ts';
import { authorMessageOf, authorText } from './author-messages.ts';
import { assignmentSchema } from './assignment-schema.ts';
import { frameworkSchema } from './framework-schema.ts';
import { programmeSchema } from './programme-schema.ts';
import { courseSchema, quizSchema } from './schema.ts';

const t = (s: string) => ({ kk: s, ru: s, en: s });

/** Every issue of a failed parse, as the key validate would print it in; undefined for zod's own English. */
function keysOf(schema: z.ZodType, data: unknown): (string | undefined)[] {
  const r = schema.safeParse(data);
  return (r.error?.issues ?? []).map((issue) => authorMessageOf(issue)?.key);
}

describe('author messages', () => {
  test('fill their values into the English text zod gets', () => {
    expect(authorText('choices_too_few', { type: 'single' })).toBe('a "single" question needs at least two choices');
  });

  test('an unknown name is a broken invariant', () => {
    expect(() => authorText('no_such_message')).toThrow(/validate\.author\.no_such_message/);
  });

  test('every one has a Kazakh and a Russian text of its own', () => {
    const names = Object.keys(dictionaries.en).filter((k) => k.startsWith('validate.author.'));
    expect(names.length).toBeGreaterThan(30);
    for (const key of names) {
      expect(dictionaries.kk[key], key).toBeTruthy();
      expect(dictionaries.ru[key], key).toBeTruthy();
      expect(dictionaries.kk[key], key).not.toBe(dictionaries.en[key]);
      expect(dictionaries.ru[key], key).not.toBe(dictionaries.en[key]);
    }
  });

  test('no message of the course format reaches an author in English only', () => {
    const criterion = { id: 'c', title: t('C'), levels: [{ points: 1, description: t('a') }] };
    const broken: [z.ZodType, unknown][] = [
      [quizSchema, { title: t('Q'), passPercent: 50, questions: [] }],
      [
        quizSchema,
        {
          title: { kk: '' },
          passPercent: 50,
          questions: [{ id: 'q', type: 'single', prompt: t('?'), choices: [{ id: 'a', text: t('a') }] }],
        },
      ],
      [assignmentSchema, { title: t('A'), brief: t('B'), rubric: [criterion, criterion], passPercent: 50 }],
      [frameworkSchema, { version: '1', title: t('F'), description: t('D'), competencies: [] }],
      [
        programmeSchema,
        {
          title: t('P'),
          description: t('D'),
          field: 'Urbanism',
          courses: ['a', 'a'],
          hours: 10,
          completion: { courses: ['b'], sessions: {} },
        },
      ],
      [courseSchema, { title: {}, authors: [], modules: [] }],
    ];
    for (const [schema, data] of broken) {
      const keys = keysOf(schema, data);
      expect(keys.length).toBeGreaterThan(0);
      // zod's own messages (a missing field, a wrong type) are turned into findings by validate itself.
      const custom = schema.safeParse(data).error!.issues.filter((i) => i.code === 'custom' || 'origin' in i);
      expect(
        custom.every((i) => authorMessageOf(i)),
        JSON.stringify(custom),
      ).toBe(true);
    }
  });
});
