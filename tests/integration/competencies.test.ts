/**
 * A trainee's competencies against a real libSQL file (decision 035): quiz attempts and accepted
 * work become evidence and states, a trainer's setting by hand wins with its comment and lands
 * in the audit log, and the cohort form refuses a trainee outside the cohort.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decideFromReviewPage } from '#lib/assignments/review-decision.server.ts';
import type { DecisionContext } from '#lib/assignments/reviews.server.ts';
import { handIn, saveDraft } from '#lib/assignments/submissions.server.ts';
import { listAudit } from '#lib/audit/audit.server.ts';
import { runCompetencySetting } from '#lib/competencies/cohort.server.ts';
import { setCompetencyByHand, traineeCompetencies } from '#lib/competencies/evidence.server.ts';
import { submitAttempt } from '#lib/quiz/attempts.server.ts';
import { perfectAnswers } from '../fixtures/quiz.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';
import { framework, courseWithCompetencies } from './competency-course.ts';
import { testSite, useTemporarySigningKeys } from './learning-course.ts';

let t: TestDatabase;
beforeAll(async () => {
  useTemporarySigningKeys();
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

const context: DecisionContext & { site: typeof testSite } = {
  mailer: { kind: 'log', send: async () => undefined },
  siteName: () => 'Oqu',
  assignmentUrl: () => 'https://oqu.example.kz/',
  site: testSite,
};

it('derives states and evidence from a passed quiz and accepted work, then a trainer overrides', async () => {
  const course = courseWithCompetencies('civic-course');
  const learner = await makeUser(t.db);
  const trainer = await makeUser(t.db, 'trainer');
  const states = async () =>
    Object.fromEntries(
      (await traineeCompetencies(t.db, learner.id, framework, [course])).map((s) => [s.competency, s]),
    );
  expect((await states()).civic?.state).toBe('not-started');

  // A passed attempt with `term` wrong: civic's questions are right, but its criterion is not met yet.
  const attempt = (answers: object, key: string) =>
    submitAttempt(t.db, {
      userId: learner.id,
      course: course.slug,
      quizId: 'toc-quiz',
      quiz: course.quizzes['toc-quiz']!,
      answers,
      locale: 'en',
      idempotencyKey: key,
      now: new Date('2026-12-01T10:00:00Z'),
    });
  expect(await attempt({ ...perfectAnswers, term: 'impact' }, 'competency-attempt-0001')).toMatchObject({ ok: true });
  let now = await states();
  expect(now.civic).toMatchObject({ state: 'developing', evidence: [{ item: 'capital' }, { item: 'sdg' }] });
  expect(now.maps).toMatchObject({ state: 'developing', evidence: [] });
  expect(now.untouched?.state).toBe('not-started');

  // Accepted work whose `coverage` reaches 60 % of its top points: civic is demonstrated.
  const key = { userId: learner.id, course: course.slug, assignmentId: 'stakeholder-map' };
  await saveDraft(t.db, { ...key, assignment: course.assignments['stakeholder-map']!, body: 'Map', link: '' });
  const handed = (await handIn(t.db, { ...key, assignment: course.assignments['stakeholder-map']! })) as {
    ok: true;
    submission: { id: string; revision: number };
  };
  const form = new FormData();
  for (const [k, v] of Object.entries({
    revision: String(handed.submission.revision),
    decision: 'accept',
    'level-coverage': '2',
    'level-interest': '2',
    'level-next-steps': '2',
  }))
    form.set(k, v);
  const decided = await decideFromReviewPage(
    t.db,
    {
      submissionId: handed.submission.id,
      form,
      assignment: course.assignments['stakeholder-map']!,
      course,
      reviewer: trainer,
    },
    context,
  );
  expect(decided).toMatchObject({ ok: true, decision: 'accept' });
  now = await states();
  expect(now.civic).toMatchObject({ state: 'demonstrated', derived: 'demonstrated' });
  expect(now.civic?.evidence.map((e) => `${e.kind}:${e.item}`)).toEqual([
    'question:capital',
    'question:sdg',
    'criterion:coverage',
  ]);

  // The trainer sets `maps` by hand; an empty comment is refused; the setting is audited.
  const actor = { id: trainer.id, email: trainer.email };
  const input = { userId: learner.id, competency: 'maps', state: 'demonstrated' as const, comment: '  ' };
  expect(await setCompetencyByHand(t.db, actor, input)).toEqual({ ok: false, error: 'competencies.error.comment' });
  const at = new Date('2026-12-03T09:00:00Z');
  await setCompetencyByHand(t.db, actor, { ...input, comment: 'Mapped the district at the seminar' }, at);
  now = await states();
  expect(now.maps).toMatchObject({
    state: 'demonstrated',
    derived: 'developing',
    override: { comment: 'Mapped the district at the seminar', by: trainer.id, at },
  });
  const audit = await listAudit(t.db, { action: 'competency.set', limit: 10, offset: 0 });
  expect(JSON.stringify(audit)).toContain('Mapped the district at the seminar');
});

it("refuses to set the competency of someone outside the trainer's cohort", async () => {
  const trainer = await makeUser(t.db, 'trainer');
  const stranger = await makeUser(t.db);
  const form = new FormData();
  for (const [k, v] of Object.entries({
    trainee: stranger.id,
    competency: 'civic',
    state: 'demonstrated',
    comment: 'x',
  }))
    form.set(k, v);
  const outcome = await runCompetencySetting(
    t.db,
    { id: trainer.id, email: trainer.email },
    { cohortId: 'no-such-cohort', known: ['civic'] },
    form,
  );
  expect(outcome).toEqual({ ok: false, error: 'competencies.error.unknown' });
  expect(await traineeCompetencies(t.db, stranger.id, framework, [courseWithCompetencies('civic-course')])).toEqual(
    expect.arrayContaining([expect.objectContaining({ competency: 'civic', state: 'not-started' })]),
  );
});
