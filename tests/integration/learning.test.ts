/**
 * What happens when a trainee finishes something, against a real migrated database and
 * without a server: a lesson marked done, a quiz submitted (also one posted while signed out),
 * and the one step after both that completes the course and issues its certificate, exactly
 * once, however many requests race.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submissions, type SubmissionState } from '#db/schema.ts';
import { completeAndCertify } from '#lib/certificates/award.server.ts';
import { listCertificates } from '#lib/certificates/certificates.server.ts';
import {
  finishLesson,
  recordAssignmentAccepted,
  recordAssignmentHandedIn,
  submitPendingQuiz,
  submitQuiz,
} from '#lib/learning/learning.server.ts';
import { describeCompletionRule } from '#lib/progress/completion-text.ts';
import { toCourseOutline } from '#lib/progress/completion.ts';
import { getCourseProgress, getEnrolment } from '#lib/progress/progress.server.ts';
import { listAttempts } from '#lib/quiz/attempts.server.ts';
import { sampleQuiz } from '../fixtures/quiz.ts';
import { rightAnswers, wrongAnswers } from '../helpers/quiz-answers.ts';
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

const course = learningCourse();
const context = { site: testSite };
const right = () => rightAnswers(sampleQuiz);
const wrong = () => wrongAnswers(sampleQuiz);
const quizOf = (learner: Awaited<ReturnType<typeof makeUser>>, fields: URLSearchParams) => ({
  learner,
  course,
  quizId: 'toc-quiz',
  lesson: 'second',
  locale: 'en' as const,
  fields,
});

describe('finishLesson', () => {
  it('records the lesson, names the next one, and completes the course once, on the last thing missing', async () => {
    const learner = await makeUser(t.db);
    const first = await finishLesson(t.db, { learner, course, lesson: 'first' }, context);
    expect(first).toMatchObject({ ok: true, complete: false, completedNow: false, next: { slug: 'second' } });
    expect(first.ok && first.certificate).toBeUndefined();

    const second = await finishLesson(t.db, { learner, course, lesson: 'second' }, context);
    expect(second).toMatchObject({ ok: true, complete: false, completedNow: false, next: undefined });

    const passed = await submitQuiz(t.db, quizOf(learner, right()), context);
    expect(passed).toMatchObject({ ok: true, grade: { passed: true }, courseCompletedNow: true });
    const [certificate] = await listCertificates(t.db, learner.id);
    expect(certificate).toMatchObject({ userId: learner.id, course: 'toc', holderName: learner.displayName });

    const again = await finishLesson(t.db, { learner, course, lesson: 'second' }, context);
    expect(again).toMatchObject({
      ok: true,
      complete: true,
      completedNow: false,
      certificate: { code: certificate!.code },
    });
    expect(await listCertificates(t.db, learner.id)).toHaveLength(1);
  });

  it('20 concurrent "mark as done" of the last lesson complete the course and certify it once', async () => {
    const learner = await makeUser(t.db);
    await submitQuiz(t.db, quizOf(learner, right()), context);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => finishLesson(t.db, { learner, course, lesson: 'first' }, context)),
    );
    expect(results.filter((r) => r.ok && r.completedNow)).toHaveLength(1);
    expect(new Set(results.map((r) => r.ok && r.certificate?.code)).size).toBe(1);
    expect(await listCertificates(t.db, learner.id)).toHaveLength(1);
  });

  it('refuses a lesson the course does not have, and records nothing', async () => {
    const learner = await makeUser(t.db);
    expect(await finishLesson(t.db, { learner, course, lesson: 'no-such-lesson' }, context)).toEqual({
      ok: false,
      error: 'progress.error.unknown_lesson',
    });
    expect(await getEnrolment(t.db, learner.id, course.slug)).toBeNull();
  });
});

describe('submitQuiz', () => {
  it('stores a failed attempt without completing anything, and counts it against the limit', async () => {
    const learner = await makeUser(t.db);
    await finishLesson(t.db, { learner, course, lesson: 'first' }, context);
    await finishLesson(t.db, { learner, course, lesson: 'second' }, context);
    const failed = await submitQuiz(t.db, quizOf(learner, wrong()), context);
    expect(failed).toMatchObject({ ok: true, replayed: false, grade: { passed: false }, courseCompletedNow: false });
    expect((await getEnrolment(t.db, learner.id, course.slug))?.completedAt).toBeNull();
    await submitQuiz(t.db, quizOf(learner, new URLSearchParams([['q.capital', 'almaty']])), context);
    await submitQuiz(t.db, quizOf(learner, new URLSearchParams([['q.capital', 'shymkent']])), context);
    expect(await submitQuiz(t.db, quizOf(learner, right()), context)).toEqual({
      ok: false,
      error: 'quiz.error.attempts_exhausted',
    });
    expect(await listAttempts(t.db, learner.id, course.slug, 'toc-quiz')).toHaveLength(sampleQuiz.maxAttempts!);
  });

  it('a pass finishes the quiz lesson (no "Mark as done" needed); a failed attempt does not', async () => {
    const learner = await makeUser(t.db);
    await submitQuiz(t.db, quizOf(learner, wrong()), context);
    expect((await getCourseProgress(t.db, learner.id, toCourseOutline(course))).doneLessons).toEqual([]);
    await submitQuiz(t.db, quizOf(learner, right()), context);
    const progress = await getCourseProgress(t.db, learner.id, toCourseOutline(course));
    expect(progress).toMatchObject({ doneLessons: ['second'], missingLessons: ['first'], complete: false });
  });

  it("a pass that was the last thing missing completes the course; certificate in the trainee's language", async () => {
    const learner = await makeUser(t.db);
    await finishLesson(t.db, { learner, course, lesson: 'first' }, context);
    await finishLesson(t.db, { learner, course, lesson: 'second' }, context);
    const passed = await submitQuiz(t.db, quizOf(learner, right()), context);
    expect(passed).toMatchObject({ ok: true, grade: { passed: true }, courseCompletedNow: true });
    const [certificate] = await listCertificates(t.db, learner.id);
    expect(certificate).toMatchObject({
      course: 'toc',
      locale: learner.locale,
      courseTitle: course.data.title[learner.locale],
    });
    expect((await getCourseProgress(t.db, learner.id, toCourseOutline(course))).complete).toBe(true);
  });

  it('a resent form (same key) is stored once and replayed, and completes nothing twice', async () => {
    const learner = await makeUser(t.db);
    const fields = right();
    fields.set('idempotencyKey', 'resent-form-key-1');
    const [a, b] = await Promise.all([
      submitQuiz(t.db, quizOf(learner, fields), context),
      submitQuiz(t.db, quizOf(learner, fields), context),
    ]);
    if (!a.ok || !b.ok) throw new Error('refused');
    expect(a.attemptId).toBe(b.attemptId);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect(await listAttempts(t.db, learner.id, course.slug, 'toc-quiz')).toHaveLength(1);
  });

  it('refuses a quiz the course does not have', async () => {
    const learner = await makeUser(t.db);
    expect(await submitQuiz(t.db, { ...quizOf(learner, right()), quizId: 'ghost' }, context)).toEqual({
      ok: false,
      error: 'quiz.error.unknown_quiz',
    });
  });
});

describe('submitPendingQuiz (a quiz posted while signed out)', () => {
  const catalog = [learningCourse('other'), course];
  it('submits the answers to the quiz of the lesson in the path and returns the attempt', async () => {
    const learner = await makeUser(t.db);
    const attemptId = await submitPendingQuiz(
      t.db,
      { learner, quizPath: '/ru/courses/toc/second/quiz', body: right().toString(), locale: 'ru', catalog },
      context,
    );
    expect(attemptId).toEqual(expect.any(String));
    const attempts = await listAttempts(t.db, learner.id, 'toc', 'toc-quiz');
    expect(attempts.map((a) => a.id)).toEqual([attemptId]);
  });

  it('does nothing for a path that names no quiz', async () => {
    const learner = await makeUser(t.db);
    for (const quizPath of [
      '/en/courses/toc/first/quiz',
      '/en/courses/ghost/second/quiz',
      '/en/courses/toc/second',
      'https://evil.example/en/courses/toc/second/quiz',
    ]) {
      expect(
        await submitPendingQuiz(t.db, { learner, quizPath, body: right().toString(), locale: 'en', catalog }, context),
      ).toBeUndefined();
    }
    expect(await listAttempts(t.db, learner.id, 'toc', 'toc-quiz')).toHaveLength(0);
  });
});

describe('assignments: handed in finishes the lesson, accepted completes the course', () => {
  const practice = learningCourse('practice', { withAssignment: true });
  const submission = (userId: string, state: SubmissionState) =>
    t.db.insert(submissions).values({
      id: randomUUID(),
      userId,
      course: 'practice',
      assignment: 'stakeholder-map',
      state,
      createdAt: new Date(),
      submittedAt: new Date(),
    });

  it('handing in finishes the lesson that shows the assignment, but the course waits for acceptance', async () => {
    const learner = await makeUser(t.db);
    await submitQuiz(t.db, { ...quizOf(learner, right()), course: practice }, context);
    await submission(learner.id, 'submitted');
    const handedIn = await recordAssignmentHandedIn(
      t.db,
      { learner, course: practice, assignmentId: 'stakeholder-map', locale: 'ru' },
      context,
    );
    expect(handedIn).toMatchObject({ lesson: 'first', complete: false, completedNow: false });
    const progress = await getCourseProgress(t.db, learner.id, toCourseOutline(practice));
    expect(progress).toMatchObject({
      doneLessons: ['first', 'second'],
      missingAssignments: ['stakeholder-map'],
      percent: 99,
      complete: false,
    });
    expect(await listCertificates(t.db, learner.id)).toHaveLength(0);
  });

  it('acceptance of the last thing missing completes the course and issues one certificate naming it', async () => {
    const learner = await makeUser(t.db);
    await submitQuiz(t.db, { ...quizOf(learner, right()), course: practice }, context);
    await recordAssignmentHandedIn(
      t.db,
      { learner, course: practice, assignmentId: 'stakeholder-map', locale: 'en' },
      context,
    );
    await submission(learner.id, 'needs_revision');
    expect(await recordAssignmentAccepted(t.db, { learner, course: practice }, context)).toMatchObject({
      complete: false,
    });
    await t.db.update(submissions).set({ state: 'accepted' }).where(eq(submissions.userId, learner.id));
    const results = await Promise.all(
      Array.from({ length: 5 }, () => recordAssignmentAccepted(t.db, { learner, course: practice }, context)),
    );
    expect(results.filter((r) => r.completedNow)).toHaveLength(1);
    const [certificate] = await listCertificates(t.db, learner.id);
    const vc = JSON.parse(Buffer.from(certificate!.credential.split('.')[1]!, 'base64url').toString()).vc;
    expect(vc.credentialSubject.achievement.criteria.narrative).toBe(
      'To complete the course: read every lesson, pass every quiz and have 1 assignment accepted.',
    );
    expect(await getCourseProgress(t.db, learner.id, toCourseOutline(practice))).toMatchObject({
      complete: true,
      percent: 100,
      acceptedAssignments: ['stakeholder-map'],
    });
  });
});

describe('completeAndCertify', () => {
  it('does nothing while the rule is unmet', async () => {
    const learner = await makeUser(t.db);
    await finishLesson(t.db, { learner, course, lesson: 'first' }, context);
    expect(await completeAndCertify(t.db, learner, course, testSite)).toEqual({
      complete: false,
      completedNow: false,
      issuedNow: false,
    });
    expect(await listCertificates(t.db, learner.id)).toHaveLength(0);
  });

  it('completes at the given time; one certificate, with the rule in words and this copy as issuer', async () => {
    const learner = await makeUser(t.db);
    const lessonsOnly = learningCourse('plain', { withQuiz: false });
    for (const lesson of ['first', 'second'])
      await finishLesson(t.db, { learner, course: lessonsOnly, lesson }, context);
    // finishLesson already completed it; a call at another time changes nothing.
    const when = new Date('2027-01-02T03:04:05Z');
    const again = await completeAndCertify(t.db, learner, lessonsOnly, testSite, when);
    expect(again).toMatchObject({ complete: true, completedNow: false, issuedNow: false });
    expect((await getEnrolment(t.db, learner.id, 'plain'))?.completedAt).not.toEqual(when);

    const fresh = await makeUser(t.db);
    await finishLesson(t.db, { learner: fresh, course: lessonsOnly, lesson: 'first' }, { site: testSite, now: when });
    const done = await finishLesson(
      t.db,
      { learner: fresh, course: lessonsOnly, lesson: 'second' },
      { site: testSite, now: when },
    );
    expect(done).toMatchObject({ ok: true, completedNow: true });
    expect((await getEnrolment(t.db, fresh.id, 'plain'))?.completedAt).toEqual(when);
    const [certificate] = await listCertificates(t.db, fresh.id);
    expect(certificate).toMatchObject({
      issuerName: 'City Development Centre',
      signatoryName: 'Айгерім Сейітова',
      signatoryTitle: 'Programme Director',
      hours: 4,
    });
    const vc = JSON.parse(Buffer.from(certificate!.credential.split('.')[1]!, 'base64url').toString()).vc;
    expect(vc.credentialSubject.achievement.criteria.narrative).toBe(describeCompletionRule(lessonsOnly, fresh.locale));
    expect(vc.credentialSubject.achievement.criteria.narrative).toBe(
      'To complete the course: read every lesson and no quiz to pass.',
    );
  });
});
