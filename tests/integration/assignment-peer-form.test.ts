/**
 * The peer pages' forms against a real libSQL file (`receivePeerForm`): the end of a round and a
 * flag go into the audit log; the author is e-mailed in their language when a round ends, as a
 * trainee is when a trainer decides; a form that is not one of the pages' is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, users } from '#db/schema.ts';
import { receivePeerForm } from '#lib/assignments/peer-form.server.ts';
import { peerReviewsOfMine } from '#lib/assignments/peer-feedback.server.ts';
import { decideFromReviewPage } from '#lib/assignments/review-decision.server.ts';
import { assignmentSchema } from '#lib/assignments/schema.ts';
import { handIn, saveDraft } from '#lib/assignments/submissions.server.ts';
import { translate } from '#lib/i18n/t.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import type { MailMessage } from '#lib/mail/mailer.server.ts';
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

const mail: MailMessage[] = [];
const context = {
  site: testSite,
  mailer: { kind: 'log' as const, send: async (m: MailMessage) => void mail.push(m) },
  siteName: () => 'Oqu',
  assignmentUrl: () => 'https://oqu.example.kz/work',
};
const course = learningCourse('peer-forms', { withQuiz: false, withAssignment: true });
const peer = assignmentSchema.parse({
  ...sampleAssignment,
  review: { by: 'peer', reviewsPerSubmission: 1, reviewsPerTrainee: 1 },
});
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

async function trainee(locale: Locale) {
  const user = await makeUser(t.db);
  await t.db.update(users).set({ locale }).where(eq(users.id, user.id));
  const key = { userId: user.id, course: course.slug, assignmentId: 'stakeholder-map', assignment: peer };
  await saveDraft(t.db, { ...key, body: `Map of ${user.id}`, link: '' });
  const handed = await handIn(t.db, key);
  if (!handed.ok) throw new Error(handed.error);
  return { user, key, actor: { id: user.id, email: user.email, ip: '203.0.113.9' } };
}

const post = (who: Awaited<ReturnType<typeof trainee>>, fields: Record<string, string>, work?: number) =>
  receivePeerForm(t.db, { key: who.key, actor: who.actor, course, form: form(fields), work }, context);

describe('receivePeerForm', () => {
  it('audits the end of a round and a flag; the author is e-mailed in Russian', async () => {
    const author = await trainee('ru');
    const reviewer = await trainee('kk');
    expect(await post(author, { intent: 'ask' })).toMatchObject({ ok: true, added: 1 });
    expect(await post(reviewer, { intent: 'ask' })).toMatchObject({ ok: true, added: 1 });
    mail.length = 0;
    const levels = { 'level-coverage': '3', 'level-interest': '3', 'level-next-steps': '2' };
    expect(await post(reviewer, { ...levels, comment: 'Good map' }, 1)).toEqual({ ok: true, done: 'reviewed' });

    const toAuthor = mail.filter((m) => m.to === author.user.email);
    expect(toAuthor.map((m) => m.subject)).toEqual([
      translate('ru', 'mail.review.subject_accepted', { site: 'Oqu', assignment: 'Stakeholder map (ru)' }),
    ]);
    expect(toAuthor[0]!.text).toContain('https://oqu.example.kz/work');
    const decided = await t.db.select().from(auditLog).where(eq(auditLog.actorId, reviewer.user.id));
    expect(decided).toMatchObject([
      { action: 'submission.peer_decide', details: { outcome: 'accept', assignment: 'stakeholder-map' } },
    ]);

    expect(await post(reviewer, { ...levels, comment: 'Again' }, 1)).toMatchObject({
      ok: false,
      error: 'peer.error.already_reviewed',
      status: 409,
      comment: 'Again',
    });
    const [review] = await peerReviewsOfMine(t.db, author.key);
    expect(await post(author, { intent: 'flag', review: review!.id, reason: 'unhelpful' })).toEqual({
      ok: true,
      done: 'flagged',
    });
    // Flagged once: a second flag changes nothing and is not audited again.
    await post(author, { intent: 'flag', review: review!.id, reason: 'abusive' });
    const flagged = await t.db.select().from(auditLog).where(eq(auditLog.actorId, author.user.id));
    expect(flagged).toMatchObject([
      { action: 'submission.peer_flag', ip: '203.0.113.9', details: { review: review!.id, reason: 'unhelpful' } },
    ]);
  });

  it('refuses a form the pages do not send, and a review without every level', async () => {
    const a = await trainee('en');
    expect(await post(a, { intent: 'delete' })).toMatchObject({ ok: false, status: 400 });
    const b = await trainee('en');
    await post(a, { intent: 'ask' });
    expect(await post(a, { 'level-coverage': '1', comment: 'Half' }, 1)).toMatchObject({
      ok: false,
      error: 'assignment.error.rubric_incomplete',
      status: 400,
      comment: 'Half',
    });
    expect(b.user.id).not.toBe(a.user.id);
  });
});

describe("a trainer's decision", () => {
  it("e-mails the trainee in their language (Kazakh), with the assignment's Kazakh title", async () => {
    const learner = await makeUser(t.db);
    await t.db.update(users).set({ locale: 'kk' }).where(eq(users.id, learner.id));
    const trainer = await makeUser(t.db, 'trainer');
    const key = {
      userId: learner.id,
      course: course.slug,
      assignmentId: 'stakeholder-map',
      assignment: sampleAssignment,
    };
    await saveDraft(t.db, { ...key, body: 'Map', link: '' });
    const handed = await handIn(t.db, key);
    if (!handed.ok) throw new Error(handed.error);
    mail.length = 0;
    const outcome = await decideFromReviewPage(
      t.db,
      {
        submissionId: handed.submission.id,
        form: form({
          revision: String(handed.submission.revision),
          decision: 'revise',
          'level-coverage': '0',
          'level-interest': '0',
          'level-next-steps': '0',
        }),
        assignment: sampleAssignment,
        course,
        reviewer: { id: trainer.id, email: trainer.email },
      },
      context,
    );
    expect(outcome).toMatchObject({ ok: true, decision: 'revise' });
    expect(mail.map((m) => [m.to, m.subject])).toEqual([
      [
        learner.email,
        translate('kk', 'mail.review.subject_revise', { site: 'Oqu', assignment: 'Stakeholder map (kk)' }),
      ],
    ]);
  });
});
