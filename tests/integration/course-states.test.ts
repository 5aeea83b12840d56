/**
 * Hidden and archived courses (decision 030) against a real migrated database: an archived
 * course takes nobody new by any way in (enrol, a lesson marked done, a quiz) while its
 * enrolled trainees finish it; a hidden one stays open; the programme report covers both, and a
 * course removed from courses/ keeps its enrolments and certificates there under the title its
 * certificate gave it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificates, enrollments, users } from '#db/schema.ts';
import { enrolInCourse, finishLesson, submitQuiz } from '#lib/learning/learning.server.ts';
import { getEnrolment } from '#lib/progress/progress.server.ts';
import { programmeCourseReport, programmeCourses } from '#lib/reports/programme.server.ts';
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

const archived = learningCourse('old');
const hidden = learningCourse('pilot');
const context = { site: { ...testSite, courses: { hidden: ['pilot'], archived: ['old'] } } };

describe('an archived course', () => {
  it('refuses enrolment, a lesson done and a quiz from someone not enrolled, and enrols nobody', async () => {
    const learner = await makeUser(t.db);
    expect(await enrolInCourse(t.db, { learner, course: archived }, context)).toEqual({
      ok: false,
      error: 'course.error.archived',
    });
    expect(await finishLesson(t.db, { learner, course: archived, lesson: 'first' }, context)).toEqual({
      ok: false,
      error: 'course.error.archived',
    });
    const quiz = { learner, course: archived, quizId: 'toc-quiz', lesson: 'second', locale: 'en' as const };
    const fields = rightAnswers(sampleQuiz);
    expect(await submitQuiz(t.db, { ...quiz, fields }, context)).toEqual({
      ok: false,
      error: 'course.error.archived',
    });
    expect(await getEnrolment(t.db, learner.id, 'old')).toBeNull();
  });

  it('lets a trainee enrolled before it was archived finish it, certificate included', async () => {
    const learner = await makeUser(t.db);
    expect(await enrolInCourse(t.db, { learner, course: archived }, { site: testSite })).toMatchObject({ ok: true });
    expect(await finishLesson(t.db, { learner, course: archived, lesson: 'first' }, context)).toMatchObject({
      ok: true,
    });
    const quiz = { learner, course: archived, quizId: 'toc-quiz', lesson: 'second', locale: 'en' as const };
    const passed = await submitQuiz(t.db, { ...quiz, fields: rightAnswers(sampleQuiz) }, context);
    expect(passed).toMatchObject({ ok: true, courseCompletedNow: true });
  });
});

describe('a hidden course', () => {
  it('still takes enrolments (it is only left out of the lists)', async () => {
    const learner = await makeUser(t.db);
    expect(await enrolInCourse(t.db, { learner, course: hidden }, context)).toEqual({ ok: true, enrolledNow: true });
    expect(await getEnrolment(t.db, learner.id, 'pilot')).not.toBeNull();
  });
});

describe('the programme report', () => {
  it('covers hidden, archived and removed courses, a removed one under its certificate title', async () => {
    await t.db.insert(users).values({
      id: 'gone-1',
      email: 'gone-1@example.kz',
      displayName: 'Gone',
      passwordHash: 'x',
      locale: 'ru',
      createdAt: new Date('2026-01-01'),
    });
    const when = new Date('2026-03-02T09:00:00Z');
    await t.db.insert(enrollments).values({
      userId: 'gone-1',
      course: 'retired',
      enrolledAt: when,
      completedAt: when,
      lastActivityAt: when,
    });
    await t.db.insert(certificates).values({
      code: 'GONE-GONE-GON1',
      userId: 'gone-1',
      course: 'retired',
      locale: 'ru',
      holderName: 'Gone',
      courseTitle: 'Городская мобильность',
      hours: 4,
      issuedAt: when,
      issuerName: 'Oqu',
      signatoryName: 'S',
      signatoryTitle: 'T',
      credential: 'test',
    });
    const shelf = [
      { slug: 'old', field: 'urbanism', title: 'Old' },
      { slug: 'pilot', field: 'urbanism', title: 'Pilot' },
    ];
    const covered = await programmeCourses(t.db, shelf, context.site.courses);
    expect(covered).toEqual([
      { course: 'old', field: 'urbanism', title: 'Old', state: 'archived' },
      { course: 'pilot', field: 'urbanism', title: 'Pilot', state: 'hidden' },
      { course: 'retired', field: '', title: 'Городская мобильность', state: 'removed' },
    ]);
    const courseFields = Object.fromEntries(covered.map((c) => [c.course, c.field]));
    const report = await programmeCourseReport(t.db, { courseFields });
    expect(report.rows).toEqual([
      { course: 'old', field: 'urbanism', enrolments: 1, completions: 1, certificates: 1 }, // nobody new
      { course: 'pilot', field: 'urbanism', enrolments: 1, completions: 0, certificates: 0 },
      { course: 'retired', field: '', enrolments: 1, completions: 1, certificates: 1 },
    ]);
  });
});
