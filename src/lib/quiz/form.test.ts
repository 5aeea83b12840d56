import { expect, test } from 'vitest';
import { quizSchema } from '#lib/courses/schema.ts';
import { answersFromForm, submissionKey } from './form.ts';

const t = (s: string) => ({ kk: s, ru: s, en: s });
const quiz = quizSchema.parse({
  title: t('Q'),
  passPercent: 50,
  questions: [
    {
      id: 'one',
      type: 'single',
      prompt: t('?'),
      choices: [
        { id: 'a', text: t('a'), correct: true },
        { id: 'b', text: t('b') },
      ],
    },
    {
      id: 'many',
      type: 'multiple',
      prompt: t('?'),
      choices: [
        { id: 'a', text: t('a'), correct: true },
        { id: 'b', text: t('b'), correct: true },
      ],
    },
    { id: 'word', type: 'text', prompt: t('?'), accept: { kk: ['x'], ru: ['x'], en: ['x'] } },
    {
      id: 'steps',
      type: 'order',
      prompt: t('?'),
      choices: [
        { id: 'x', text: t('x') },
        { id: 'y', text: t('y') },
        { id: 'z', text: t('z') },
      ],
    },
  ],
});

test('reads every question type and ignores foreign fields', () => {
  const form = new URLSearchParams(
    'q.one=b&q.many=a&q.many=b&q.word=%20Hello%20&q.steps.x=3&q.steps.y=1&q.steps.z=2&q.other=1&idempotencyKey=k',
  );
  expect(answersFromForm(form, quiz)).toEqual({ one: 'b', many: ['a', 'b'], word: ' Hello ', steps: ['y', 'z', 'x'] });
});

test('unanswered questions are left out; unplaced order items are dropped', () => {
  expect(answersFromForm(new URLSearchParams('q.word=&q.steps.x=1&q.steps.y='), quiz)).toEqual({ steps: ['x'] });
});

test('the key: the one sent when well formed, else the same for the same submission', () => {
  const parts = { userId: 'u', course: 'c', quizId: 'q', answers: { one: 'a' }, attemptsSoFar: 1 };
  expect(submissionKey(new URLSearchParams('idempotencyKey=abcdefgh12'), parts)).toBe('abcdefgh12');
  const a = submissionKey(new URLSearchParams('idempotencyKey=<bad>'), parts);
  expect(a).toMatch(/^f-[A-Za-z0-9_-]{40}$/);
  expect(submissionKey(new URLSearchParams(''), parts)).toBe(a);
  expect(submissionKey(new URLSearchParams(''), { ...parts, attemptsSoFar: 2 })).not.toBe(a);
  // The same answers to a quiz of the same id in another course are another submission.
  expect(submissionKey(new URLSearchParams(''), { ...parts, course: 'other' })).not.toBe(a);
});
