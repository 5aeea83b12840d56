import { describe, expect, it } from 'vitest';
import { quizSchema } from '#lib/courses/schema.ts';
import { assembleQuizStats, mergeTallies, readTally, tallyColumns } from './quiz-stats.ts';

const t = (en: string) => ({ en, ru: en, kk: en });
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
        { id: 'c', text: t('c') },
      ],
    },
    { id: 'word', type: 'text', prompt: t('?'), accept: { en: ['x'], ru: ['x'], kk: ['x'] } },
  ],
});
const columns = tallyColumns('q', quiz);

describe('quiz statistics from tallies', () => {
  it('asks for per-quiz counts, three per question and one per wrong choice of choice questions', () => {
    expect(columns.map((c) => [c.what, 'question' in c ? c.question : null, 'choice' in c ? c.choice : null])).toEqual([
      ['learners', null, null],
      ['attempts', null, null],
      ['passed', null, null],
      ['graded', 'one', null],
      ['right', 'one', null],
      ['answered', 'one', null],
      ['picked', 'one', 'b'],
      ['picked', 'one', 'c'],
      ['graded', 'word', null],
      ['right', 'word', null],
      ['answered', 'word', null],
    ]);
    expect(columns[8]).toMatchObject({ index: 1 });
  });

  it('assembles per quiz and question; ties between wrong choices go to the one listed first', () => {
    // learners, attempts, passed; one: graded, right, answered, b, c; word: nothing graded.
    const tally = readTally(columns, { c0: 2, c1: 3, c2: 1, c3: 3, c4: 1, c5: 3, c6: 1, c7: 1, c8: 0, c9: null });
    expect(assembleQuizStats({ q: quiz }, tally)).toEqual([
      {
        quizId: 'q',
        learners: 2,
        attempts: 3,
        passedLearners: 1,
        passRate: 0.5,
        questions: [
          { questionId: 'one', answered: 3, shareRight: 1 / 3, mostChosenWrong: { choiceId: 'b', count: 1 } },
          { questionId: 'word', answered: 0, shareRight: null, mostChosenWrong: null },
        ],
      },
    ]);
  });

  it('adds tallies, and reads an empty quiz as nothing', () => {
    const first = readTally(columns, { c0: 2, c1: 3, c2: 1, c6: 1, c7: 1 });
    const more = readTally(columns, { c0: 1, c1: 2, c7: 2 });
    const [stats] = assembleQuizStats({ q: quiz }, mergeTallies(first, more));
    expect(stats).toMatchObject({ learners: 3, attempts: 5, passedLearners: 1 });
    expect(stats!.questions[0]!.mostChosenWrong).toEqual({ choiceId: 'c', count: 3 });
    expect(assembleQuizStats({ q: quiz }, new Map())[0]).toMatchObject({ learners: 0, attempts: 0, passRate: null });
  });
});
