/** Enrolment, lesson progress, "My learning" and completion against a real database. */
import type { InStatement, TransactionMode } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { enrollments, lessonProgress, submissions } from '#db/schema.ts';
import type { CourseOutline } from '#lib/progress/completion.ts';
import {
  completeIfDone,
  enrol,
  getCourseProgress,
  getEnrolment,
  listEnrolments,
  markLessonDone,
  recordLessonVisit,
} from '#lib/progress/progress.server.ts';
import { submitAttempt } from '#lib/quiz/attempts.server.ts';
import { perfectAnswers, sampleOutline, sampleQuiz } from '../fixtures/quiz.ts';
import { makeUser } from './fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

const outline: CourseOutline = sampleOutline;
const t0 = new Date('2026-02-01T10:00:00Z');
const at = (min: number) => new Date(t0.getTime() + min * 60_000);

describe('enrolment', () => {
  it('is idempotent', async () => {
    const user = await makeUser(t.db);
    expect(await enrol(t.db, user.id, outline.slug, t0)).toEqual({ enrolledNow: true });
    expect(await enrol(t.db, user.id, outline.slug, at(5))).toEqual({ enrolledNow: false });
    expect(await getEnrolment(t.db, user.id, outline.slug)).toEqual({
      course: outline.slug,
      enrolledAt: t0,
      completedAt: null,
      lastLesson: null,
    });
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => enrol(t.db, user.id, 'other-course', t0)));
    expect(concurrent.filter((r) => r.enrolledNow)).toHaveLength(1);
  });
});

describe('lesson progress', () => {
  it('marks lessons done once, remembers the last lesson and computes the percentage', async () => {
    const user = await makeUser(t.db);
    expect(await markLessonDone(t.db, { userId: user.id, outline, lesson: 'mapping', now: t0 })).toEqual({
      ok: true,
      markedNow: true,
    });
    expect(await markLessonDone(t.db, { userId: user.id, outline, lesson: 'mapping', now: at(1) })).toEqual({
      ok: true,
      markedNow: false,
    });
    const rows = await t.db
      .select()
      .from(lessonProgress)
      .where(and(eq(lessonProgress.userId, user.id), eq(lessonProgress.course, outline.slug)));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.completedAt).toEqual(t0);
    const progress = await getCourseProgress(t.db, user.id, outline);
    // Marking a lesson done enrols; progress is lessons done over lessons (decision 022): 1 of 3 = 33 %.
    expect(progress).toMatchObject({
      percent: 33,
      complete: false,
      doneLessons: ['mapping'],
      nextLesson: 'indicators',
      enrolment: { lastLesson: 'mapping' },
    });
    await recordLessonVisit(t.db, user.id, outline.slug, 'what-is-change', at(2));
    expect((await getCourseProgress(t.db, user.id, outline)).nextLesson).toBe('what-is-change');
  });

  it('refuses lessons the course does not have, and tolerates rows for removed ones', async () => {
    const user = await makeUser(t.db);
    expect(await markLessonDone(t.db, { userId: user.id, outline, lesson: 'no-such-lesson' })).toEqual({
      ok: false,
      error: 'progress.error.unknown_lesson',
    });
    // A lesson done before the course was edited and the lesson removed.
    await t.db
      .insert(lessonProgress)
      .values({ userId: user.id, course: outline.slug, lesson: 'removed-lesson', completedAt: t0 });
    await markLessonDone(t.db, { userId: user.id, outline, lesson: 'what-is-change', now: t0 });
    expect(await getCourseProgress(t.db, user.id, outline)).toMatchObject({
      doneLessons: ['what-is-change'],
      percent: 33,
    });
  });

  it('shows an untouched course as zero without enrolling', async () => {
    const user = await makeUser(t.db);
    expect(await getCourseProgress(t.db, user.id, outline)).toMatchObject({
      enrolment: null,
      percent: 0,
      nextLesson: 'what-is-change',
      doneLessons: [],
    });
  });
});

describe('a lesson marked done', () => {
  it('enrols, points at the lesson and says whether it was new, in one batch of two statements', async () => {
    const user = await makeUser(t.db);
    const texts: string[] = [];
    const { execute, batch } = t.db.$client;
    const run = execute.bind(t.db.$client);
    const runBatch = batch.bind(t.db.$client);
    t.db.$client.execute = ((statement: InStatement) => {
      texts.push(typeof statement === 'string' ? statement : statement.sql);
      return run(statement);
    }) as typeof execute;
    t.db.$client.batch = ((statements: InStatement[], mode?: TransactionMode) => {
      texts.push(`batch of ${statements.length}`);
      return runBatch(statements, mode);
    }) as typeof batch;
    try {
      expect(await markLessonDone(t.db, { userId: user.id, outline, lesson: 'mapping', now: t0 })).toEqual({
        ok: true,
        markedNow: true,
      });
      expect(await markLessonDone(t.db, { userId: user.id, outline, lesson: 'mapping', now: at(3) })).toEqual({
        ok: true,
        markedNow: false,
      });
      expect(texts).toEqual(['batch of 2', 'batch of 2']);
    } finally {
      Object.assign(t.db.$client, { execute, batch });
    }
    expect(await getEnrolment(t.db, user.id, outline.slug)).toEqual({
      course: outline.slug,
      enrolledAt: t0,
      completedAt: null,
      lastLesson: 'mapping',
    });
    const [row] = await t.db
      .select({ at: enrollments.lastActivityAt })
      .from(enrollments)
      .where(and(eq(enrollments.userId, user.id), eq(enrollments.course, outline.slug)));
    expect(row).toEqual({ at: at(3) });
  });
});

describe("one course's progress", () => {
  it('is one statement: the enrolment, lessons done, quizzes passed, nothing of other people or courses', async () => {
    const [user, other] = [await makeUser(t.db), await makeUser(t.db)];
    await markLessonDone(t.db, { userId: user.id, outline, lesson: 'mapping', now: t0 });
    await markLessonDone(t.db, { userId: other.id, outline, lesson: 'indicators', now: t0 });
    await markLessonDone(t.db, { userId: user.id, outline: { ...outline, slug: 'elsewhere' }, lesson: 'indicators' });
    const attempt = (idempotencyKey: string, answers: unknown) =>
      submitAttempt(t.db, {
        userId: user.id,
        course: outline.slug,
        quizId: 'toc-quiz',
        quiz: sampleQuiz,
        answers,
        locale: 'en',
        idempotencyKey,
        now: at(1),
      });
    expect(await attempt('progress-facts-1', perfectAnswers)).toMatchObject({ ok: true, grade: { passed: true } });
    expect(await attempt('progress-facts-2', perfectAnswers)).toMatchObject({ ok: true, grade: { passed: true } });
    expect(await attempt('progress-facts-3', {})).toMatchObject({ ok: true, grade: { passed: false } });
    const work = (assignment: string, state: 'accepted' | 'submitted') =>
      ({
        id: `${user.id}-${assignment}`,
        userId: user.id,
        course: outline.slug,
        assignment,
        state,
        createdAt: t0,
      }) as const;
    await t.db.insert(submissions).values([work('essay', 'accepted'), work('poster', 'submitted')]);
    const statements: string[] = [];
    const execute = t.db.$client.execute.bind(t.db.$client);
    t.db.$client.execute = ((statement: InStatement) => {
      statements.push(typeof statement === 'string' ? statement : statement.sql);
      return execute(statement);
    }) as typeof execute;
    try {
      const progress = await getCourseProgress(t.db, user.id, { ...outline, assignments: ['essay', 'poster'] });
      expect(statements).toHaveLength(1);
      expect(progress).toMatchObject({
        enrolment: { course: outline.slug, enrolledAt: t0, completedAt: null, lastLesson: 'mapping' },
        doneLessons: ['mapping'],
        passedQuizzes: ['toc-quiz'],
        acceptedAssignments: ['essay'],
      });
    } finally {
      t.db.$client.execute = execute;
    }
  });
});

describe('My learning', () => {
  it('lists enrolments latest first with percent and next lesson, and courses that disappeared', async () => {
    const user = await makeUser(t.db);
    const second: CourseOutline = {
      slug: 'urban-walks',
      lessons: ['l1', 'l2'],
      quizzes: [],
      completion: { lessons: 'all', quizzes: 'all' },
    };
    await enrol(t.db, user.id, 'retired-course', t0);
    await markLessonDone(t.db, { userId: user.id, outline: second, lesson: 'l1', now: at(10) });
    await markLessonDone(t.db, { userId: user.id, outline, lesson: 'what-is-change', now: at(20) });
    const list = await listEnrolments(t.db, user.id, [outline, second]);
    expect(list.map((e) => [e.course, e.percent, e.nextLesson, e.available])).toEqual([
      [outline.slug, 33, 'mapping', true],
      ['urban-walks', 50, 'l2', true],
      ['retired-course', 0, null, false],
    ]);
  });
});

describe('completion', () => {
  it('completes when every lesson is done and the quiz passed, exactly once', async () => {
    const user = await makeUser(t.db);
    for (const lesson of outline.lessons) await markLessonDone(t.db, { userId: user.id, outline, lesson, now: t0 });
    expect(await completeIfDone(t.db, user.id, outline, at(1))).toMatchObject({
      complete: false,
      completedNow: false,
      completedAt: null,
    });
    const attempt = await submitAttempt(t.db, {
      userId: user.id,
      course: outline.slug,
      quizId: 'toc-quiz',
      quiz: sampleQuiz,
      answers: perfectAnswers,
      locale: 'en',
      idempotencyKey: 'complete-1',
      now: at(2),
    });
    expect(attempt).toMatchObject({ ok: true, grade: { passed: true } });
    expect(await completeIfDone(t.db, user.id, outline, at(3))).toMatchObject({
      complete: true,
      completedNow: true,
      completedAt: at(3),
    });
    expect(await completeIfDone(t.db, user.id, outline, at(4))).toMatchObject({
      complete: true,
      completedNow: false,
      completedAt: at(3),
    });
  });

  it('sets completed_at exactly once under 50 concurrent calls', async () => {
    const user = await makeUser(t.db);
    // A course without quizzes: reading every lesson completes it.
    const easy: CourseOutline = { ...outline, slug: 'race-course', quizzes: [] };
    for (const lesson of easy.lessons) await markLessonDone(t.db, { userId: user.id, outline: easy, lesson, now: t0 });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => completeIfDone(t.db, user.id, easy, at(10 + i))),
    );
    const winners = results.filter((r) => r.completedNow);
    expect(winners).toHaveLength(1);
    expect(results.every((r) => r.complete)).toBe(true);
    const row = await t.db
      .select()
      .from(enrollments)
      .where(and(eq(enrollments.userId, user.id), eq(enrollments.course, easy.slug)))
      .get();
    expect(row?.completedAt).toEqual(winners[0]!.completedAt);
    // Everyone reports the one stored time.
    expect(new Set(results.map((r) => r.completedAt?.getTime())).size).toBe(1);
  });

  it('completes a learner who was never explicitly enrolled', async () => {
    const user = await makeUser(t.db);
    const quizOnly: CourseOutline = {
      slug: 'quiz-only',
      lessons: ['intro'],
      quizzes: ['toc-quiz'],
      completion: { lessons: ['gone-lesson'], quizzes: 'all' },
    };
    await submitAttempt(t.db, {
      userId: user.id,
      course: 'quiz-only',
      quizId: 'toc-quiz',
      quiz: sampleQuiz,
      answers: perfectAnswers,
      locale: 'en',
      idempotencyKey: 'quiz-only-1',
      now: t0,
    });
    expect(await completeIfDone(t.db, user.id, quizOnly, at(1))).toMatchObject({ completedNow: true });
    expect(await getEnrolment(t.db, user.id, 'quiz-only')).toMatchObject({ enrolledAt: at(1), completedAt: at(1) });
  });
});
