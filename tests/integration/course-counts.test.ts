/**
 * The counts the database keeps on write for dashboards (db/migrations/0004_course_counts.sql and
 * 0011_enrolment_last_active.sql, src/lib/reports/course-counts.server.ts), against a real
 * migrated database: a seeded random walk of trainees enrolling, marking lessons done,
 * submitting quizzes through the app's own functions, and rows being deleted (attempts,
 * progress, whole users), with a change of the course in the middle. After every few steps
 * the kept counts must equal a full recount from the stored rows, and the course's quiz
 * statistics must equal those counted from every attempt (the way a cohort's are).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { enrollments, lessonProgress, quizAttempts, users } from '#db/schema.ts';
import { quizSchema, type Quiz } from '#lib/courses/schema.ts';
import { enrol, markLessonDone } from '#lib/progress/progress.server.ts';
import { seededRandom } from '#lib/quiz/public.ts';
import { submitAttempt } from '#lib/quiz/attempts.server.ts';
import { ensureCourseCounts, syncCourseCounts, type CourseContent } from '#lib/reports/course-counts.server.ts';
import { countQuizTally, quizStats } from '#lib/reports/quiz-stats.server.ts';
import { assembleQuizStats } from '#lib/reports/quiz-stats.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const t = (en: string) => ({ en, ru: `${en} (ru)`, kk: `${en} (kk)` });
const choice = (id: string, correct = false) => ({ id, text: t(id), correct });
const quizA: Quiz = quizSchema.parse({
  title: t('A'),
  passPercent: 60,
  questions: [
    { id: 'one', type: 'single', prompt: t('One'), choices: [choice('a'), choice('b', true), choice('c')] },
    {
      id: 'many',
      type: 'multiple',
      prompt: t('Many'),
      choices: [choice('w', true), choice('x', true), choice('y'), choice('z')],
    },
    { id: 'tf', type: 'truefalse', prompt: t('TF'), choices: [choice('true', true), choice('false')] },
    { id: 'word', type: 'text', prompt: t('Word'), accept: { en: ['park'], ru: ['парк'], kk: ['саябақ'] } },
    { id: 'seq', type: 'order', prompt: t('Order'), choices: [choice('p'), choice('q'), choice('r')] },
  ],
});
const quizB: Quiz = quizSchema.parse({
  title: t('B'),
  passPercent: 50,
  questions: [
    { id: 'pick', type: 'single', prompt: t('Pick'), choices: [choice('m', true), choice('n'), choice('o')] },
  ],
});
const first: CourseContent = { slug: 'walk', lessons: ['l1', 'l2', 'l3', 'l4', 'l5'], quizzes: { a: quizA, b: quizB } };
// The course after an edit: l5 gone, l6 new; "tf" becomes a text question; quiz b gone.
const edited: CourseContent = {
  slug: 'walk',
  lessons: ['l1', 'l2', 'l3', 'l4', 'l6'],
  quizzes: {
    a: quizSchema.parse({
      ...quizA,
      questions: quizA.questions.map((q) =>
        q.id === 'tf'
          ? { id: 'tf', type: 'text', prompt: t('TF'), accept: { en: ['yes'], ru: ['да'], kk: ['иә'] } }
          : q,
      ),
    }),
  },
};

let db: TestDatabase;
const random = seededRandom(20261127);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
let keys = 0;

function randomAnswers(quiz: Quiz): Record<string, string | string[]> {
  const answers: Record<string, string | string[]> = {};
  for (const q of quiz.questions) {
    if (random() < 0.15) continue; // left blank
    const ids = (q.choices ?? []).map((c) => c.id);
    if (q.type === 'text') answers[q.id] = pick(['park', 'Park', 'square', 'yes']);
    else if (q.type === 'multiple' || q.type === 'order') answers[q.id] = ids.filter(() => random() < 0.5);
    else answers[q.id] = pick(ids);
  }
  return answers;
}

/** Everything the triggers keep for the course, rows of all zeros left out (a recount drops them). */
async function keptCounts(course: string) {
  const rows = async (query: ReturnType<typeof sql>) =>
    (await db.db.all<Record<string, unknown>>(query)).map((r) => JSON.stringify(r));
  return {
    enrolments: await rows(
      sql`SELECT user_id, lessons_done, round(score_total, 6) AS score, last_active_at FROM enrollments
        WHERE course = ${course} ORDER BY user_id`,
    ),
    quizzes: await rows(
      sql`SELECT quiz, attempts, learners, passed_learners FROM quiz_counts WHERE course = ${course} AND attempts <>
        0 ORDER BY quiz`,
    ),
    questions: await rows(
      sql`SELECT quiz, question, answered, graded, correct FROM quiz_question_counts WHERE course = ${course} AND
        (answered <> 0 OR graded <> 0) ORDER BY quiz, question`,
    ),
    choices: await rows(
      sql`SELECT quiz, question, choice, picked FROM quiz_choice_counts WHERE course = ${course} AND picked <> 0
        ORDER BY quiz, question, choice`,
    ),
  };
}

async function expectCountsRight(content: CourseContent): Promise<void> {
  const counted = await ensureCourseCounts(db.db, content);
  const kept = await keptCounts(content.slug);
  const stats = await quizStats(db.db, { course: content.slug }, counted);
  expect(stats).toEqual(
    assembleQuizStats(content.quizzes, await countQuizTally(db.db, { course: content.slug }, content.quizzes)),
  );
  await syncCourseCounts(db.db, content, { force: true });
  expect(kept).toEqual(await keptCounts(content.slug));
}

beforeAll(async () => {
  db = await createTestDatabase();
  await db.db.insert(users).values(
    Array.from({ length: 14 }, (_, i) => ({
      id: `u${i}`,
      email: `u${i}@example.kz`,
      displayName: `Trainee ${i}`,
      passwordHash: 'x',
      locale: 'kk' as const,
      createdAt: new Date('2026-01-01'),
    })),
  );
});
afterAll(async () => {
  await db?.cleanup();
});

describe('counts kept on write', () => {
  it("equal a full recount and every attempt's statistics through a random walk with a course change", async () => {
    let content = first;
    let alive = Array.from({ length: 14 }, (_, i) => `u${i}`);
    // Some progress and attempts exist before the database first knows the course.
    await markLessonDone(db.db, {
      userId: 'u0',
      outline: {
        slug: 'walk',
        lessons: first.lessons,
        quizzes: ['a', 'b'],
        completion: { lessons: 'all', quizzes: 'all' },
      },
      lesson: 'l1',
    });
    await submitAttempt(db.db, {
      userId: 'u0',
      course: 'walk',
      quizId: 'a',
      quiz: quizA,
      answers: randomAnswers(quizA),
      locale: 'en',
      idempotencyKey: `walk-key-${++keys}`,
    });
    await expectCountsRight(content);

    for (let step = 1; step <= 240; step++) {
      if (step === 120) content = edited; // the course changes: ensureCourseCounts below recounts
      const userId = pick(alive);
      const roll = random();
      const quizIds = Object.keys(content.quizzes);
      if (roll < 0.35) {
        const quizId = pick(quizIds);
        const quiz = content.quizzes[quizId]!;
        const result = await submitAttempt(db.db, {
          userId,
          course: 'walk',
          quizId,
          quiz,
          answers: randomAnswers(quiz),
          locale: 'en',
          idempotencyKey: `walk-key-${++keys}`,
        });
        expect(result.ok).toBe(true);
      } else if (roll < 0.65) {
        const outline = {
          slug: 'walk',
          lessons: content.lessons,
          quizzes: quizIds,
          completion: { lessons: 'all' as const, quizzes: 'all' as const },
        };
        await markLessonDone(db.db, { userId, outline, lesson: pick(content.lessons) });
      } else if (roll < 0.7) {
        // A row for a lesson the course does not have (an older edition's).
        await db.db
          .insert(lessonProgress)
          .values({ userId, course: 'walk', lesson: pick(['l5', 'l6', 'retired']), completedAt: new Date() })
          .onConflictDoNothing();
      } else if (roll < 0.78) {
        await enrol(db.db, userId, pick(['walk', 'other']));
      } else if (roll < 0.88) {
        const [row] = await db.db
          .select({ id: quizAttempts.id })
          .from(quizAttempts)
          .where(eq(quizAttempts.userId, userId))
          .limit(1);
        if (row) await db.db.delete(quizAttempts).where(eq(quizAttempts.id, row.id));
      } else if (roll < 0.96) {
        const [row] = await db.db.select().from(lessonProgress).where(eq(lessonProgress.userId, userId)).limit(1);
        if (row)
          await db.db
            .delete(lessonProgress)
            .where(sql`user_id = ${row.userId} AND course = ${row.course} AND lesson = ${row.lesson}`);
      } else if (alive.length > 6) {
        await db.db.delete(users).where(eq(users.id, userId));
        alive = alive.filter((id) => id !== userId);
      }
      if (step % 20 === 0) await expectCountsRight(content);
    }
    // The walk did reach every kind of row.
    const totals = await db.db.all<{ enrolled: number; attempts: number; progress: number }>(sql`SELECT
      (SELECT count(*) FROM enrollments WHERE course = 'walk') AS enrolled,
      (SELECT count(*) FROM quiz_attempts WHERE course = 'walk') AS attempts,
      (SELECT count(*) FROM lesson_progress WHERE course = 'walk') AS progress`);
    expect(totals[0]!.enrolled).toBeGreaterThan(4);
    expect(totals[0]!.attempts).toBeGreaterThan(20);
    expect(totals[0]!.progress).toBeGreaterThan(10);
    expect(
      (
        await db.db
          .select()
          .from(enrollments)
          .where(sql`lessons_done > 0`)
      ).length,
    ).toBeGreaterThan(0);
    const active = await db.db.all<{ n: number }>(
      sql`SELECT count(*) AS n FROM enrollments WHERE course = 'walk' AND last_active_at IS NOT NULL`,
    );
    expect(active[0]!.n).toBeGreaterThan(0);
  });

  it('checks a course once per process and outline, and recounts only when the outline changed', async () => {
    expect(await syncCourseCounts(db.db, edited)).toBe(false);
    expect(await syncCourseCounts(db.db, first)).toBe(true);
    expect(await syncCourseCounts(db.db, first)).toBe(false);
    // Concurrent callers share one check.
    const [a, b] = [ensureCourseCounts(db.db, edited), ensureCourseCounts(db.db, edited)];
    expect(a).toBe(b);
    await a;
    expect(await syncCourseCounts(db.db, edited)).toBe(false);
  });
});
