/**
 * Quiz submissions against a real database: grading of every question type as stored, the
 * attempt limit, idempotent retries (also concurrent duplicates) and the read-back helpers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { quizAttempts } from '#db/schema.ts';
import { quizSchema } from '#lib/courses/schema.ts';
import { getAttempt, hasPassed, listAttempts, submitAttempt, type AttemptInput } from '#lib/quiz/attempts.server.ts';
import { perfectAnswers, sampleQuiz } from '../fixtures/quiz.ts';
import { makeUser } from './fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

const t0 = new Date('2026-04-01T12:00:00Z');
let k = 0;
const key = () => `key-${++k}-${Math.random().toString(36).slice(2, 10)}`;
const unlimited = quizSchema.parse({ ...sampleQuiz, maxAttempts: undefined });

async function submit(userId: string, answers: unknown, extra: Partial<AttemptInput> = {}) {
  return submitAttempt(t.db, {
    userId,
    course: 'toc',
    quizId: 'toc-quiz',
    quiz: unlimited,
    answers,
    locale: 'en',
    idempotencyKey: key(),
    now: t0,
    ...extra,
  });
}

describe('grading as stored', () => {
  it('grades every question type, with partial credit, and stores the result', async () => {
    const user = await makeUser(t.db);
    const answers = {
      capital: 'astana', // single: 1
      sdg: 'false', // truefalse: 0
      stakeholders: ['residents', 'akimat', 'weather'], // multiple: (2 - 1) / 3
      steps: ['activities', 'problem', 'outputs', 'outcomes'], // order: (5 - 1) / 6
      term: '  НӘТИЖЕ ', // text in another language: 1, leniently
      ghost: 'ignored',
    };
    const result = await submit(user.id, answers, { locale: 'ru' });
    if (!result.ok) throw new Error(result.error);
    expect(result.grade.questions.map((q) => [q.id, q.points, q.correct])).toEqual([
      ['capital', 1, true],
      ['sdg', 0, false],
      ['stakeholders', 0.3333, false],
      ['steps', 0.6667, false],
      ['term', 1, true],
    ]);
    expect(result.grade.score).toBe(3);
    expect(result.grade.percent).toBe(60);
    expect(result.grade.passed).toBe(true);
    expect(result.grade.questions[0]!.feedback).toBe('Астана с 1997 года.');
    const row = await t.db.select().from(quizAttempts).where(eq(quizAttempts.id, result.attemptId)).get();
    expect(row).toMatchObject({
      userId: user.id,
      course: 'toc',
      quiz: 'toc-quiz',
      score: 3,
      maxScore: 5,
      percent: 60,
      passed: true,
      locale: 'ru',
    });
    expect(row?.answers).not.toHaveProperty('ghost');
    expect(row?.results).toHaveLength(5);
  });

  it('refuses answers of the wrong shape without using an attempt', async () => {
    const user = await makeUser(t.db);
    for (const bad of ['astana', [1, 2], { capital: 3 }, { capital: [{}] }, null]) {
      expect(await submit(user.id, bad)).toEqual({ ok: false, error: 'quiz.error.invalid_answers' });
    }
    expect(await listAttempts(t.db, user.id, 'toc', 'toc-quiz')).toEqual([]);
  });

  it('refuses a missing or malformed idempotency key', async () => {
    const user = await makeUser(t.db);
    for (const idempotencyKey of ['', 'short', 'has spaces in it', 'x'.repeat(200)]) {
      expect(await submit(user.id, perfectAnswers, { idempotencyKey })).toEqual({
        ok: false,
        error: 'quiz.error.invalid_key',
      });
    }
  });
});

describe('attempt limit', () => {
  it('stores at most maxAttempts and then refuses, counting on the server', async () => {
    const user = await makeUser(t.db);
    const limited = { quiz: sampleQuiz }; // maxAttempts: 3
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await submit(user.id, {}, limited));
    expect(results.map((r) => r.ok && [r.attemptsUsed, r.attemptsLeft])).toEqual([
      [1, 2],
      [2, 1],
      [3, 0],
    ]);
    expect(await submit(user.id, perfectAnswers, limited)).toEqual({
      ok: false,
      error: 'quiz.error.attempts_exhausted',
    });
    expect(await listAttempts(t.db, user.id, 'toc', 'toc-quiz')).toHaveLength(3);
    expect(await hasPassed(t.db, user.id, 'toc', 'toc-quiz')).toBe(false);
  });

  it('holds under concurrent submissions with distinct keys', async () => {
    const user = await makeUser(t.db);
    const results = await Promise.all(
      Array.from({ length: 12 }, () => submit(user.id, perfectAnswers, { quiz: sampleQuiz })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok && r.error === 'quiz.error.attempts_exhausted')).toHaveLength(9);
    expect(await listAttempts(t.db, user.id, 'toc', 'toc-quiz')).toHaveLength(3);
  });

  it('counts per user and per quiz', async () => {
    const [a, b] = [await makeUser(t.db), await makeUser(t.db)];
    for (let i = 0; i < 3; i++) await submit(a.id, {}, { quiz: sampleQuiz });
    expect((await submit(b.id, {}, { quiz: sampleQuiz })).ok).toBe(true);
    expect((await submit(a.id, {}, { quiz: sampleQuiz, quizId: 'another-quiz' })).ok).toBe(true);
  });
});

describe('idempotent retries', () => {
  it('returns the stored result for a repeated key instead of a new attempt', async () => {
    const user = await makeUser(t.db);
    const idempotencyKey = key();
    const first = await submit(user.id, perfectAnswers, { idempotencyKey, quiz: sampleQuiz });
    // The retry carries other answers (a tampered resend); the stored result stands.
    const retry = await submit(
      user.id,
      {},
      { idempotencyKey, quiz: sampleQuiz, now: new Date(t0.getTime() + 60_000), locale: 'kk' },
    );
    if (!first.ok || !retry.ok) throw new Error('submission failed');
    expect(first.replayed).toBe(false);
    expect(retry).toMatchObject({
      replayed: true,
      attemptId: first.attemptId,
      submittedAt: t0,
      attemptsUsed: 1,
      attemptsLeft: 2,
    });
    expect(retry.grade).toMatchObject({ score: 5, max: 5, percent: 100, passed: true });
    // Feedback follows the language asked for now.
    expect(retry.grade.questions[0]!.feedback).toBe('1997 жылдан бері Астана.');
    expect(await listAttempts(t.db, user.id, 'toc', 'toc-quiz')).toHaveLength(1);
  });

  it('stores one row for concurrent duplicate submits', async () => {
    const user = await makeUser(t.db);
    const idempotencyKey = key();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => submit(user.id, perfectAnswers, { idempotencyKey, quiz: sampleQuiz })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const ids = new Set(results.map((r) => (r.ok ? r.attemptId : '')));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.ok && !r.replayed)).toHaveLength(1);
    expect(await listAttempts(t.db, user.id, 'toc', 'toc-quiz')).toHaveLength(1);
  });

  it('replays even when the limit has been reached since', async () => {
    const user = await makeUser(t.db);
    const keys = [key(), key(), key()];
    for (const k of keys) await submit(user.id, {}, { idempotencyKey: k, quiz: sampleQuiz });
    const again = await submit(user.id, {}, { idempotencyKey: keys[2], quiz: sampleQuiz });
    expect(again).toMatchObject({ ok: true, replayed: true, attemptsLeft: 0 });
  });

  it('does not reuse a key for another quiz, nor share keys between users', async () => {
    const [a, b] = [await makeUser(t.db), await makeUser(t.db)];
    const idempotencyKey = key();
    await submit(a.id, perfectAnswers, { idempotencyKey });
    expect(await submit(a.id, perfectAnswers, { idempotencyKey, quizId: 'other-quiz' })).toEqual({
      ok: false,
      error: 'quiz.error.key_reused',
    });
    const forB = await submit(b.id, {}, { idempotencyKey });
    expect(forB).toMatchObject({ ok: true, replayed: false, grade: { score: 0 } });
  });
});

describe('reading attempts back', () => {
  it('lists newest first, tells whether any passed, and shows one attempt only to its owner', async () => {
    const [user, stranger] = [await makeUser(t.db), await makeUser(t.db)];
    const failed = await submit(user.id, {}, { now: t0 });
    const passed = await submit(user.id, perfectAnswers, { now: new Date(t0.getTime() + 1000) });
    if (!failed.ok || !passed.ok) throw new Error('submission failed');
    expect((await listAttempts(t.db, user.id, 'toc', 'toc-quiz')).map((a) => [a.id, a.passed])).toEqual([
      [passed.attemptId, true],
      [failed.attemptId, false],
    ]);
    expect(await hasPassed(t.db, user.id, 'toc', 'toc-quiz')).toBe(true);
    expect(await hasPassed(t.db, stranger.id, 'toc', 'toc-quiz')).toBe(false);
    expect(await getAttempt(t.db, user.id, passed.attemptId, unlimited, 'en')).toMatchObject({
      quizId: 'toc-quiz',
      grade: { score: 5, passed: true },
    });
    expect(await getAttempt(t.db, stranger.id, passed.attemptId, unlimited, 'en')).toBeNull();
  });
});
