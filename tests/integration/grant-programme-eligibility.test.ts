/**
 * "Those who completed the chosen programmes" may apply to a call (decision 047's programme
 * certificate is what completed means): a trainee who completed the programme's course path
 * is eligible, one who did not is not, and a revoked programme certificate no longer counts; the
 * same for "certified in chosen courses" with a course certificate earned through the lessons and quiz.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { certificates } from '#db/schema.ts';
import type { CatalogCourse, CatalogProgramme } from '#lib/courses/catalog.ts';
import { programmeSchema } from '#lib/courses/programme-schema.ts';
import { readCallInput } from '#lib/grants/call-input.ts';
import { isEligible } from '#lib/grants/calls.server.ts';
import { finishLesson, submitQuiz } from '#lib/learning/learning.server.ts';
import { programmeCertificate } from '#lib/programmes/award.server.ts';
import { sampleQuiz } from '../fixtures/quiz.ts';
import { rightAnswers } from '../helpers/quiz-answers.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';
import { learningCourse, testSite, useTemporarySigningKeys } from './learning-course.ts';

let t: TestDatabase;
beforeAll(async () => {
  useTemporarySigningKeys();
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

const three = (en: string) => ({ kk: `${en} (kk)`, ru: `${en} (ru)`, en });

/** A two-course path (a programme needs at least two courses). */
function twoCoursePath(id: string): CatalogProgramme {
  const courses: CatalogCourse[] = [`${id}-a`, `${id}-b`].map((slug) => structuredClone(learningCourse(slug)));
  const programme: CatalogProgramme = {
    id,
    data: programmeSchema.parse({
      version: '1',
      title: three('Grant path'),
      description: three('Two courses, then a grant.'),
      field: 'urbanism',
      courses: courses.map((c) => c.slug),
      hours: 4,
    }),
    courses,
  };
  for (const c of courses) c.programmes = [programme];
  return programme;
}

test('completing a chosen programme makes a trainee eligible; a revoked certificate does not', async () => {
  const form = new FormData();
  for (const [k, v] of Object.entries({
    'title-en': 'Grants for graduates',
    eligibility: 'programmes',
    programme: 'grant-path',
    opens: '2026-12-01T09:00',
    closes: '2026-12-20T18:00',
    budget: '1000000',
    max: '500000',
  }))
    form.append(k, v);
  const read = readCallInput(form);
  expect(read).toMatchObject({ ok: true, input: { eligibility: { kind: 'programmes', ids: ['grant-path'] } } });
  const call = { eligibility: { kind: 'programmes', ids: ['grant-path'] } };

  const programme = twoCoursePath('grant-path');
  const graduate = await makeUser(t.db);
  const other = await makeUser(t.db);
  expect(await isEligible(t.db, call, graduate.id)).toBe(false);
  for (const course of programme.courses) {
    await finishLesson(t.db, { learner: graduate, course, lesson: 'first' }, { site: testSite });
    const fields = rightAnswers(sampleQuiz);
    const quiz = { learner: graduate, course, quizId: 'toc-quiz', lesson: 'second', locale: 'en', fields } as const;
    await submitQuiz(t.db, quiz, { site: testSite });
  }
  const certificate = await programmeCertificate(t.db, graduate.id, programme.id);
  expect(certificate).not.toBeNull();
  expect(await isEligible(t.db, call, graduate.id)).toBe(true);
  expect(await isEligible(t.db, call, other.id)).toBe(false);
  expect(await isEligible(t.db, { eligibility: { kind: 'programmes', ids: ['another-path'] } }, graduate.id)).toBe(
    false,
  );
  await t.db.update(certificates).set({ revokedAt: new Date() }).where(eq(certificates.code, certificate!.code));
  expect(await isEligible(t.db, call, graduate.id)).toBe(false);
});

test('"certified in chosen courses": a real course certificate makes one eligible; a revoked one not', async () => {
  const course = structuredClone(learningCourse('grant-course'));
  const call = { eligibility: { kind: 'courses' as const, ids: ['grant-course'] } };
  const certified = await makeUser(t.db);
  const halfway = await makeUser(t.db);
  await finishLesson(t.db, { learner: halfway, course, lesson: 'first' }, { site: testSite });
  await finishLesson(t.db, { learner: certified, course, lesson: 'first' }, { site: testSite });
  expect(await isEligible(t.db, call, certified.id)).toBe(false);
  const fields = rightAnswers(sampleQuiz);
  const quiz = { learner: certified, course, quizId: 'toc-quiz', lesson: 'second', locale: 'en', fields } as const;
  await submitQuiz(t.db, quiz, { site: testSite });
  const [certificate] = await t.db.select().from(certificates).where(eq(certificates.userId, certified.id));
  expect(certificate).toMatchObject({ course: 'grant-course', revokedAt: null });
  expect(await isEligible(t.db, call, certified.id)).toBe(true);
  expect(await isEligible(t.db, call, halfway.id)).toBe(false);
  expect(await isEligible(t.db, { eligibility: { kind: 'courses', ids: ['another-course'] } }, certified.id)).toBe(
    false,
  );
  expect(await isEligible(t.db, { eligibility: { kind: 'courses', ids: [] } }, certified.id)).toBe(false);
  await t.db.update(certificates).set({ revokedAt: new Date() }).where(eq(certificates.code, certificate!.code));
  expect(await isEligible(t.db, call, certified.id)).toBe(false);
});
