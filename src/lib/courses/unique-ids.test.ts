import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { assignmentSchema } from './assignment-schema.ts';
import { quizSchema } from './schema.ts';
import { refineUniqueIds } from './unique-ids.ts';

const t = (s: string) => ({ kk: s, ru: s, en: s });
const issues = (r: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }) =>
  (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('refineUniqueIds', () => {
  const list = z
    .array(z.object({ id: z.string() }))
    .superRefine((items, ctx) => refineUniqueIds(ctx, items, ['items'], 'question_id_twice'));

  test('names each repeat (not the first use) at its own index', () => {
    const r = list.safeParse([{ id: 'a' }, { id: 'b' }, { id: 'a' }, { id: 'a' }]);
    expect(issues(r)).toEqual([
      'items.2.id: question id "a" is used twice; give each question its own id',
      'items.3.id: question id "a" is used twice; give each question its own id',
    ]);
  });

  test('is quiet when every id is different', () => {
    expect(list.safeParse([{ id: 'a' }, { id: 'b' }]).success).toBe(true);
  });
});

describe('the course format uses it for every list stored by id', () => {
  const choice = (id: string, correct = false) => ({ id, text: t(id), correct });
  const question = (id: string, choices = [choice('a', true), choice('b')]) => ({
    id,
    type: 'single',
    prompt: t('?'),
    choices,
  });

  test('a quiz: question ids and choice ids', () => {
    const r = quizSchema.safeParse({
      title: t('Q'),
      passPercent: 60,
      questions: [question('q1'), question('q1', [choice('a', true), choice('a')])],
    });
    expect(issues(r)).toEqual([
      'questions.1.choices.1.id: choice id "a" is used twice in this question; give each choice its own id',
      'questions.1.id: question id "q1" is used twice; give each question its own id',
    ]);
  });

  test('an assignment: rubric criterion ids', () => {
    const criterion = (id: string) => ({
      id,
      title: t(id),
      levels: [
        { points: 0, description: t('no') },
        { points: 1, description: t('yes') },
      ],
    });
    const r = assignmentSchema.safeParse({
      title: t('A'),
      brief: t('Do it'),
      rubric: [criterion('clarity'), criterion('clarity')],
      passPercent: 50,
    });
    expect(issues(r)).toEqual(['rubric.1.id: criterion id "clarity" is used twice; give each criterion its own id']);
  });
});
