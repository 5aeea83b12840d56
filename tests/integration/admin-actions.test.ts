/**
 * The admin page's forms (runAdminAction) against a real database, without a server: each
 * intent's outcome, the refusals a person can act on, and the audit record of every change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminAction } from '#lib/admin/actions.server.ts';
import { trainerCourses } from '#lib/admin/users.server.ts';
import { listAudit } from '#lib/audit/audit.server.ts';
import { findUserById } from '#lib/auth/user.server.ts';
import { certificateState, findCertificate, listCertificates } from '#lib/certificates/certificates.server.ts';
import { finishLesson } from '#lib/learning/learning.server.ts';
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

const course = learningCourse('plain', { withQuiz: false });
const context = { site: testSite, courses: [course] };
const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};
async function adminActor() {
  const admin = await makeUser(t.db, 'admin');
  return { id: admin.id, email: admin.email, ip: '192.0.2.7' };
}
async function lastAudit(actorEmail: string) {
  return (await listAudit(t.db, { actorEmail, limit: 1, offset: 0 })).rows[0];
}
/** A trainee with a certificate for the course, earned the ordinary way. */
async function certified() {
  const learner = await makeUser(t.db);
  for (const lesson of ['first', 'second']) await finishLesson(t.db, { learner, course, lesson }, { site: testSite });
  const [certificate] = await listCertificates(t.db, learner.id);
  return { learner, certificate: certificate! };
}

describe('runAdminAction', () => {
  it('revokes a certificate with a reason, and says what to fix without one', async () => {
    const actor = await adminActor();
    const { certificate } = await certified();
    expect(
      await runAdminAction(t.db, actor, form({ intent: 'revoke', code: certificate.code, reason: '  ' }), context),
    ).toEqual({ ok: false, error: 'admin.reason_required' });
    expect(
      await runAdminAction(t.db, actor, form({ intent: 'revoke', code: 'ZZZZ-ZZZZ-ZZZZ', reason: 'x' }), context),
    ).toEqual({ ok: false, error: 'admin.certificate_not_found' });
    const typed = certificate.code.toLowerCase();
    expect(
      await runAdminAction(t.db, actor, form({ intent: 'revoke', code: typed, reason: 'Issued by mistake' }), context),
    ).toEqual({ ok: true, message: 'admin.revoked', params: { code: certificate.code } });
    expect(await findCertificate(t.db, certificate.code)).toMatchObject({
      revokedReason: 'Issued by mistake',
      revokedBy: actor.id,
    });
    expect(await lastAudit(actor.email)).toMatchObject({
      action: 'certificate.revoke',
      target: certificate.code,
      ip: '192.0.2.7',
    });
  });

  it("re-issues a certificate with the holder's current name; the old one is replaced, not re-issuable", async () => {
    const actor = await adminActor();
    const { learner, certificate } = await certified();
    const outcome = await runAdminAction(t.db, actor, form({ intent: 'reissue', code: certificate.code }), context);
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.message).toBe('admin.reissued');
    const fresh = await findCertificate(t.db, outcome.params.code!);
    expect(fresh).toMatchObject({ userId: learner.id, course: 'plain', holderName: learner.displayName });
    expect(certificateState((await findCertificate(t.db, certificate.code))!)).toBe('replaced');
    expect(await runAdminAction(t.db, actor, form({ intent: 'reissue', code: certificate.code }), context)).toEqual({
      ok: false,
      error: 'admin.certificate_not_found',
    });
    expect(
      await runAdminAction(t.db, actor, form({ intent: 'reissue', code: fresh!.code }), { ...context, courses: [] }),
    ).toEqual({ ok: false, error: 'admin.certificate_not_found' });
    expect(await lastAudit(actor.email)).toMatchObject({ action: 'certificate.reissue', target: fresh!.code });
  });

  it('sets a role by e-mail, refusing a role that does not exist and an unknown person', async () => {
    const actor = await adminActor();
    const person = await makeUser(t.db);
    expect(
      await runAdminAction(
        t.db,
        actor,
        form({ intent: 'role', email: person.email.toUpperCase(), role: 'trainer' }),
        context,
      ),
    ).toEqual({ ok: true, message: 'admin.role_set', params: { email: person.email, role: 'trainer' } });
    expect((await findUserById(t.db, person.id))?.role).toBe('trainer');
    expect(await lastAudit(actor.email)).toMatchObject({ action: 'user.role', target: person.email });
    expect(
      await runAdminAction(t.db, actor, form({ intent: 'role', email: person.email, role: 'owner' }), context),
    ).toEqual({ ok: false, error: 'auth.error.role_invalid' });
    expect(
      await runAdminAction(t.db, actor, form({ intent: 'role', email: 'nobody@example.kz', role: 'admin' }), context),
    ).toEqual({ ok: false, error: 'auth.error.user_not_found' });
  });

  it('deactivates and reactivates a person, but never the admin themself', async () => {
    const actor = await adminActor();
    const person = await makeUser(t.db);
    expect(
      await runAdminAction(t.db, actor, form({ intent: 'active', userId: person.id, active: '0' }), context),
    ).toMatchObject({ ok: true, message: 'admin.deactivated' });
    expect((await findUserById(t.db, person.id))?.active).toBe(false);
    expect(
      await runAdminAction(t.db, actor, form({ intent: 'active', userId: person.id, active: '1' }), context),
    ).toMatchObject({ ok: true, message: 'admin.reactivated' });
    expect((await findUserById(t.db, person.id))?.active).toBe(true);
    expect(
      await runAdminAction(t.db, actor, form({ intent: 'active', userId: actor.id, active: '0' }), context),
    ).toEqual({ ok: false, error: 'admin.cannot_deactivate_self' });
    expect((await findUserById(t.db, actor.id))?.active).toBe(true);
  });

  it('assigns a trainer to a catalogue course and unassigns them; a learner or unknown course is refused', async () => {
    const actor = await adminActor();
    const trainer = await makeUser(t.db, 'trainer');
    const learner = await makeUser(t.db);
    expect(
      await runAdminAction(t.db, actor, form({ intent: 'assign', userId: trainer.id, course: 'ghost' }), context),
    ).toEqual({ ok: false, error: 'admin.unknown_course' });
    expect(
      await runAdminAction(t.db, actor, form({ intent: 'assign', userId: learner.id, course: 'plain' }), context),
    ).toEqual({ ok: false, error: 'admin.not_a_trainer' });
    expect(
      await runAdminAction(t.db, actor, form({ intent: 'assign', userId: trainer.id, course: 'plain' }), {
        ...context,
        locale: 'ru',
      }),
    ).toMatchObject({ ok: true, message: 'admin.assigned', params: { course: 'Theory of change (ru)' } });
    expect(await trainerCourses(t.db, trainer.id)).toEqual(['plain']);
    expect(await lastAudit(actor.email)).toMatchObject({ action: 'trainer.assign', target: trainer.email });
    expect(
      await runAdminAction(t.db, actor, form({ intent: 'unassign', userId: trainer.id, course: 'plain' }), context),
    ).toMatchObject({ ok: true, message: 'admin.unassigned', params: { course: 'Theory of change (kk)' } });
    expect(await trainerCourses(t.db, trainer.id)).toEqual([]);
  });

  it('an unknown intent or person changes nothing', async () => {
    const actor = await adminActor();
    const person = await makeUser(t.db);
    expect(await runAdminAction(t.db, actor, form({ intent: 'delete', userId: person.id }), context)).toEqual({
      ok: false,
      error: 'form.unreadable',
    });
    expect(
      await runAdminAction(t.db, actor, form({ intent: 'active', userId: 'nobody', active: '0' }), context),
    ).toEqual({ ok: false, error: 'auth.error.user_not_found' });
    expect(await lastAudit(actor.email)).toBeUndefined();
  });
});
