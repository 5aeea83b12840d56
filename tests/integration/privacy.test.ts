/**
 * A trainee's own data (decision 026): the download holds their rows and no one else's, never
 * the password hash; deleting the account signs them out for good, frees the e-mail, removes
 * their submissions and cohort places, and leaves issued certificates verifiable.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, cohortMembers, submissionFiles, submissions, submissionVersions, users } from '#db/schema.ts';
import { registerAccount, signIn } from '#lib/auth/account.server.ts';
import { findCertificate, issueCertificate } from '#lib/certificates/certificates.server.ts';
import { loadSigningKeys, type SigningKeys } from '#lib/certificates/keys.ts';
import { findRevocationList } from '#lib/certificates/revocation-list.server.ts';
import { createCohort, joinCohort } from '#lib/cohorts/cohorts.server.ts';
import { createThread, replyToThread } from '#lib/discussions/posting.server.ts';
import { courseBoard } from '#lib/discussions/board.ts';
import { reportPost } from '#lib/discussions/moderation.server.ts';
import { setMailMode } from '#lib/discussions/settings.server.ts';
import { deleteOwnAccount } from '#lib/privacy/delete-account.server.ts';
import { exportPersonalData } from '#lib/privacy/export.server.ts';
import { enrol } from '#lib/progress/progress.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser, registerAndSignIn, registrationContext, registrationForm } from './fixtures.ts';

const baseUrl = 'https://oqu.example.kz';
const COHORT = {
  course: 'toc',
  name: 'Spring group',
  startsOn: '',
  endsOn: '',
  applicationsOpenOn: '',
  applicationsCloseOn: '',
};
const issuer = { baseUrl, name: 'Centre', signatoryName: 'Signatory', signatoryTitle: 'Director' };

let t: TestDatabase;
let keys: SigningKeys;
beforeAll(async () => {
  t = await createTestDatabase();
  keys = await loadSigningKeys(join(mkdtempSync(join(tmpdir(), 'oqu-keys-')), 'keys'));
});
afterAll(async () => {
  await t?.cleanup();
});

/** A trainee with an enrolment, a cohort place, a submission with a file, and a certificate. */
async function busyTrainee(form = registrationForm()) {
  const { user } = await registerAndSignIn(t.db, form);
  const trainer = await makeUser(t.db, 'trainer');
  await enrol(t.db, user.id, 'toc');
  const made = await createCohort(t.db, { ...COHORT }, trainer.id);
  if (!made.ok) throw new Error('cohort');
  await joinCohort(t.db, made.cohort, user.id, { hidden: [], archived: [] });
  const now = new Date();
  await t.db
    .insert(submissions)
    .values({ id: `s-${user.id}`, userId: user.id, course: 'toc', assignment: 'plan', createdAt: now });
  await t.db.insert(submissionVersions).values({
    id: `v-${user.id}`,
    submissionId: `s-${user.id}`,
    number: 1,
    body: 'My plan',
    link: 'https://example.kz/p',
    createdAt: now,
  });
  await t.db.insert(submissionFiles).values({
    id: `f-${user.id}`,
    versionId: `v-${user.id}`,
    name: 'plan.pdf',
    kind: 'pdf',
    size: 3,
    sha256: 'x',
    storedAt: now,
  });
  const subject = { userId: user.id, email: user.email, holderName: user.displayName, locale: 'en' as const };
  const { certificate } = await issueCertificate(
    t.db,
    { ...subject, course: 'toc', courseTitle: 'Theory of change', hours: 4 },
    issuer,
    keys.current,
  );
  return { user, password: form.password, certificate };
}

describe('the download of one’s own data', () => {
  it('holds the account without the password hash, and every kind of record, and only theirs', async () => {
    const { user, certificate } = await busyTrainee();
    const other = await busyTrainee();
    const result = await exportPersonalData(t.db, user.id);
    if (!result.ok) throw new Error(result.error);
    const json = JSON.stringify(result.data);
    expect(result.data.account).toMatchObject({ id: user.id, email: user.email, displayName: user.displayName });
    expect(json).not.toContain('argon2');
    expect(json).not.toMatch(/passwordHash/);
    expect(json).not.toContain(other.user.email);
    expect(json).not.toContain(other.certificate.code);
    expect(result.data.enrolments).toEqual([expect.objectContaining({ course: 'toc' })]);
    expect(result.data.certificates).toEqual([expect.objectContaining({ code: certificate.code })]);
    expect(result.data.cohorts).toEqual([expect.objectContaining({ cohort: 'Spring group', state: 'member' })]);
    expect(result.data.submissions).toEqual([
      expect.objectContaining({
        assignment: 'plan',
        versions: [expect.objectContaining({ body: 'My plan', files: [{ name: 'plan.pdf', size: 3 }] })],
      }),
    ]);
  });

  it('holds their discussion posts, follows, reports and mail choice, and not others’ posts', async () => {
    const [user, other] = [await makeUser(t.db), await makeUser(t.db)];
    const as = (u: typeof user) => ({ id: u.id, createdAt: u.createdAt, ip: null, staff: false });
    const made = await createThread(t.db, {
      board: courseBoard('toc'),
      author: as(user),
      title: 'Менің сұрағым',
      body: 'Where is the map?',
    });
    if (!made.ok) throw new Error(made.error);
    const reply = await replyToThread(t.db, {
      threadId: made.threadId,
      author: as(other),
      body: 'Someone else’s words',
    });
    if (!reply.ok) throw new Error(reply.error);
    await reportPost(t.db, { postId: reply.postId, course: 'toc', reporterId: user.id, reason: 'Off topic' });
    await setMailMode(t.db, user.id, 'digest');
    const result = await exportPersonalData(t.db, user.id);
    if (!result.ok) throw new Error(result.error);
    expect(result.data.discussions).toMatchObject({
      mail: 'digest',
      posts: [{ thread: 'Менің сұрағым', board: 'course:toc', number: 1, body: 'Where is the map?' }],
      follows: [{ thread: 'Менің сұрағым' }],
      reports: [{ course: 'toc', reason: 'Off topic' }],
    });
    expect(JSON.stringify(result.data)).not.toContain('Someone else’s words');
  });

  it('is rate-limited per account', async () => {
    const user = await makeUser(t.db);
    const now = new Date();
    for (let i = 0; i < 10; i++) expect((await exportPersonalData(t.db, user.id, now)).ok).toBe(true);
    expect(await exportPersonalData(t.db, user.id, now)).toMatchObject({ ok: false, error: 'auth.error.rate_limited' });
  });
});

describe('deleting one’s own account', () => {
  it('needs the password, then ends sign-in, frees the e-mail and keeps the certificate verifiable', async () => {
    const form = registrationForm();
    const { user, password, certificate } = await busyTrainee(form);
    expect(await deleteOwnAccount(t.db, { userId: user.id, password: 'not my password' })).toMatchObject({
      ok: false,
      error: 'auth.error.wrong_current_password',
    });
    expect(await deleteOwnAccount(t.db, { userId: user.id, password })).toEqual({ ok: true });

    expect(await signIn(t.db, { email: user.email, password })).toMatchObject({ ok: false });
    const row = await t.db.select().from(users).where(eq(users.id, user.id)).get();
    expect(row).toMatchObject({ email: `deleted:${user.id}`, displayName: '', active: false });
    expect(await t.db.select().from(submissions).where(eq(submissions.userId, user.id))).toEqual([]);
    expect(
      await t.db
        .select()
        .from(submissionFiles)
        .where(eq(submissionFiles.id, `f-${user.id}`)),
    ).toEqual([]);
    expect(await t.db.select().from(cohortMembers).where(eq(cohortMembers.userId, user.id))).toEqual([]);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.target, user.id));
    expect(audit).toEqual([expect.objectContaining({ action: 'user.delete_self', actorEmail: null })]);
    expect(JSON.stringify(audit)).not.toContain(user.email);

    const kept = await findCertificate(t.db, certificate.code);
    expect(kept).toMatchObject({ holderName: certificate.holderName, revokedAt: null });
    expect(await findRevocationList(t.db, baseUrl, certificate.code)).toMatchObject({ revokedCredential: [] });

    const again = await registerAccount(t.db, { ...form, name: 'Someone New' }, registrationContext);
    expect(again).toMatchObject({ ok: true });
    expect(await signIn(t.db, { email: user.email, password })).toMatchObject({ ok: true });
  });

  it('is refused to trainers and administrators, who ask an administrator', async () => {
    const trainer = await makeUser(t.db, 'trainer');
    expect(await deleteOwnAccount(t.db, { userId: trainer.id, password: 'test user password' })).toMatchObject({
      ok: false,
      error: 'privacy.error.staff_account',
    });
  });
});
