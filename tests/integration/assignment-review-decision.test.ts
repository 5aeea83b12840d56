/**
 * The review page's decision against a real libSQL file: the form read into levels, a request
 * for revision, a resubmission, then acceptance, which completes the course and issues the
 * certificate; a stale form is told who decided what meanwhile.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decideFromReviewPage } from '#lib/assignments/review-decision.server.ts';
import type { DecisionContext } from '#lib/assignments/reviews.server.ts';
import { handIn, openDraft, saveDraft, findSubmission } from '#lib/assignments/submissions.server.ts';
import { listCertificates } from '#lib/certificates/certificates.server.ts';
import { finishLesson } from '#lib/learning/learning.server.ts';
import { sampleAssignment } from '../fixtures/assignment.ts';
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

const course = learningCourse('review-practice', {
  withQuiz: false,
  withAssignment: true,
  completion: { lessons: 'all', assignments: 'all' },
});
const mail: string[] = [];
const context: DecisionContext & { site: typeof testSite } = {
  mailer: { kind: 'log', send: async (m) => void mail.push(m.to) },
  siteName: () => 'Oqu',
  assignmentUrl: () => 'https://oqu.example.kz/',
  site: testSite,
};
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

it('asks for revision, then accepts the resubmission, which completes the course', async () => {
  const learner = await makeUser(t.db);
  const trainer = await makeUser(t.db, 'trainer');
  const key = {
    userId: learner.id,
    course: course.slug,
    assignmentId: 'stakeholder-map',
    assignment: sampleAssignment,
  };
  for (const lesson of ['first', 'second']) await finishLesson(t.db, { learner, course, lesson }, context);
  await saveDraft(t.db, { ...key, body: 'First try', link: '' });
  let submission = (await handIn(t.db, key)) as { ok: true; submission: { id: string; revision: number } };
  const decide = (fields: Record<string, string>) =>
    decideFromReviewPage(
      t.db,
      {
        submissionId: submission.submission.id,
        form: form(fields),
        assignment: sampleAssignment,
        course,
        reviewer: trainer,
      },
      context,
    );
  const revision = String(submission.submission.revision);
  expect(await decide({ revision, decision: 'revise', 'level-coverage': '1' })).toMatchObject({
    error: 'assignment.error.rubric_incomplete',
  });
  const levels = { 'level-coverage': '1', 'level-interest': '0', 'level-next-steps': '1' };
  expect(await decide({ revision, decision: 'accept', ...levels })).toMatchObject({
    error: 'assignment.error.below_pass_mark',
  });
  expect(await decide({ revision, decision: 'revise', comment: 'Add the akimat.', ...levels })).toEqual({
    ok: true,
    decision: 'revise',
    completedNow: false,
  });
  // The same page posted again (its revision is stale): told who decided what, nothing stored.
  expect(
    await decide({
      revision,
      decision: 'accept',
      'level-coverage': '3',
      'level-interest': '2',
      'level-next-steps': '2',
    }),
  ).toEqual({
    ok: false,
    error: 'assignment.error.decided_meanwhile',
    meanwhile: { reviewer: trainer.displayName, decision: 'revise', at: expect.any(Date) },
  });
  expect(await listCertificates(t.db, learner.id)).toHaveLength(0);
  await openDraft(t.db, key);
  await saveDraft(t.db, { ...key, body: 'Second try, with the akimat', link: '' });
  submission = (await handIn(t.db, key)) as typeof submission;
  const accepted = await decide({
    revision: String(submission.submission.revision),
    decision: 'accept',
    'level-coverage': '3',
    'level-interest': '2',
    'level-next-steps': '2',
  });
  expect(accepted).toEqual({ ok: true, decision: 'accept', completedNow: true });
  expect(await findSubmission(t.db, key)).toMatchObject({ state: 'accepted', version: 2 });
  expect(await listCertificates(t.db, learner.id)).toHaveLength(1);
  expect(mail.filter((to) => to === learner.email)).toHaveLength(2);
});

it('refuses a form the page does not send', async () => {
  const trainer = await makeUser(t.db, 'trainer');
  const result = await decideFromReviewPage(
    t.db,
    {
      submissionId: 'x',
      form: form({ revision: 'abc', decision: 'maybe' }),
      assignment: sampleAssignment,
      course,
      reviewer: trainer,
    },
    context,
  );
  expect(result).toEqual({ ok: false, error: 'form.unreadable' });
});
