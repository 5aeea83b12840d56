/**
 * The most common wrong typed answers of a text question (what to add to `accept`), counted
 * from real attempts in a real database: normalised as grading does, right answers left
 * out, top 3 with their counts of attempts, over the course and over a cohort.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cohortMembers, cohorts } from '#db/schema.ts';
import { submitAttempt } from '#lib/quiz/attempts.server.ts';
import { courseContent, ensureCourseCounts, type CountedCourse } from '#lib/reports/course-counts.server.ts';
import { wrongTypedAnswers } from '#lib/reports/quiz-stats.server.ts';
import { topWrongTypedAnswers } from '#lib/reports/typed-answers.ts';
import { sampleQuiz } from '../fixtures/quiz.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';
import { learningCourse } from './learning-course.ts';

let t: TestDatabase;
let counted: CountedCourse;
const typed = [
  'Outcomes',
  ' outcomes ',
  'OUTCOMES',
  'result',
  'Result',
  'output',
  'impact',
  'outcome',
  'An  Outcome',
  '',
];
let firstUser = '';

beforeAll(async () => {
  t = await createTestDatabase();
  counted = await ensureCourseCounts(t.db, courseContent(learningCourse('typed')));
  for (const [i, term] of typed.entries()) {
    const user = await makeUser(t.db, 'learner');
    if (i === 0) firstUser = user.id;
    const result = await submitAttempt(t.db, {
      userId: user.id,
      course: 'typed',
      quizId: 'toc-quiz',
      quiz: sampleQuiz,
      answers: { term, capital: 'almaty' },
      locale: 'en',
      idempotencyKey: `typed-key-${i}-000000000`,
    });
    if (!result.ok) throw new Error(result.error);
  }
});
afterAll(async () => {
  await t?.cleanup();
});

describe('wrong typed answers', () => {
  it('counts attempts per normalised wrong answer, top 3, leaving out right and empty answers', async () => {
    const found = await wrongTypedAnswers(t.db, { course: 'typed' }, counted);
    expect([...found.keys()]).toEqual(['toc-quiz']);
    expect(found.get('toc-quiz')!.get('term')).toEqual([
      { answer: 'outcomes', count: 3 },
      { answer: 'result', count: 2 },
      { answer: 'impact', count: 1 },
    ]);
  });

  it('finds the grade of an attempt graded before the questions moved', async () => {
    const moved = { ...sampleQuiz, questions: [...sampleQuiz.questions].reverse() };
    const found = await wrongTypedAnswers(t.db, { course: 'typed' }, { ...counted, quizzes: { 'toc-quiz': moved } });
    expect(found.get('toc-quiz')!.get('term')).toEqual([
      { answer: 'outcomes', count: 3 },
      { answer: 'result', count: 2 },
      { answer: 'impact', count: 1 },
    ]);
  });

  it('counts a cohort over its members only', async () => {
    await t.db.insert(cohorts).values({
      id: 'typed-c',
      course: 'typed',
      name: 'Typed',
      joinCode: 'TYPED123',
      createdBy: firstUser,
      createdAt: new Date(),
    });
    await t.db
      .insert(cohortMembers)
      .values({ cohortId: 'typed-c', userId: firstUser, state: 'member', joinedAt: new Date() });
    const found = await wrongTypedAnswers(t.db, { course: 'typed', cohortId: 'typed-c' }, counted);
    expect(found.get('toc-quiz')!.get('term')).toEqual([{ answer: 'outcomes', count: 1 }]);
  });

  it('reads answers stored as a list of one text', async () => {
    const other = await ensureCourseCounts(t.db, courseContent(learningCourse('typed-list')));
    const user = await makeUser(t.db, 'learner');
    const result = await submitAttempt(t.db, {
      userId: user.id,
      course: 'typed-list',
      quizId: 'toc-quiz',
      quiz: sampleQuiz,
      answers: { term: ['Влияние'], capital: 'almaty' },
      locale: 'en',
      idempotencyKey: 'typed-list-key-000000000',
    });
    if (!result.ok) throw new Error(result.error);
    const found = await wrongTypedAnswers(t.db, { course: 'typed-list' }, other);
    expect(found.get('toc-quiz')!.get('term')).toEqual([{ answer: 'влияние', count: 1 }]);
  });

  it('adds up stored answers that normalise alike, and leaves out empty ones and other questions', () => {
    const rows = [
      { question: 'term', answer: 'Влияние', count: 2 },
      { question: 'term', answer: ' влияние ', count: 1 },
      { question: 'term', answer: '  ', count: 5 },
      { question: 'other', answer: 'x', count: 9 },
    ];
    expect(topWrongTypedAnswers(['term'], rows)).toEqual(new Map([['term', [{ answer: 'влияние', count: 3 }]]]));
  });
});
