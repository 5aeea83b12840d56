/**
 * Peer review against a real database: who is given what (never their own, never twice, within
 * the cohort, the least reviewed first, concurrent requests), when the author may read the
 * reviews, flags, and how a round ends for `peer` and `peer-then-trainer`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { cohortMembers, peerAllocations, submissionReviews, submissions } from '#db/schema.ts';
import { createCohort } from '#lib/cohorts/cohorts.server.ts';
import { assignmentSchema, type Assignment } from '#lib/assignments/schema.ts';
import { handIn, saveDraft } from '#lib/assignments/submissions.server.ts';
import { findPeerWork, givePeerReview, peerStatus, requestPeerWork } from '#lib/assignments/peer.server.ts';
import { flagPeerReview, peerReviewsOfMine } from '#lib/assignments/peer-feedback.server.ts';
import { makeUser } from './fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

function peerAssignment(review: Record<string, unknown>): Assignment {
  const levels = [0, 1, 2].map((points) => ({ points, description: { en: `${points}` } }));
  return assignmentSchema.parse({
    title: { en: 'Street audit' },
    brief: { en: 'Audit a street.' },
    rubric: [
      { id: 'a', title: { en: 'A' }, levels },
      { id: 'b', title: { en: 'B' }, levels },
    ],
    passPercent: 50,
    review,
  });
}

let round = 0;
/** Trainees who each hand in `assignment` in a fresh assignment id, one second apart (oldest first). */
async function handedIn(assignment: Assignment, howMany: number, cohortId: string | null = null) {
  const assignmentId = `audit-${++round}`;
  const users = [];
  for (let i = 0; i < howMany; i++) {
    const user = await makeUser(t.db);
    const key = { userId: user.id, course: 'toc', assignmentId, assignment };
    await saveDraft(t.db, { ...key, body: `Work of trainee ${i}`, link: '' });
    const done = await handIn(t.db, { ...key, cohortId, now: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) });
    if (!done.ok) throw new Error(done.error);
    users.push(user);
  }
  return { assignmentId, users, key: (userId: string) => ({ userId, course: 'toc', assignmentId, assignment }) };
}

const allOnes = { a: 1, b: 1 };

describe('allocation', () => {
  const two = peerAssignment({ by: 'peer', reviewsPerSubmission: 2, reviewsPerTrainee: 2 });

  it('refuses a trainee who has not handed in, and an assignment reviewed by trainers', async () => {
    const { key } = await handedIn(two, 2);
    const stranger = await makeUser(t.db);
    expect(await requestPeerWork(t.db, key(stranger.id))).toEqual({ ok: false, error: 'peer.error.not_handed_in' });
    const trainerOnly = peerAssignment({ by: 'trainer' });
    const r = await requestPeerWork(t.db, { ...key(stranger.id), assignment: trainerOnly });
    expect(r).toEqual({ ok: false, error: 'peer.error.not_peer' });
  });

  it('never gives a trainee their own work nor the same work twice, and stops at reviewsPerTrainee', async () => {
    const { users, key } = await handedIn(two, 4);
    const me = users[0]!;
    const first = await requestPeerWork(t.db, key(me.id));
    expect(first.ok && first.added).toBe(2);
    const again = await requestPeerWork(t.db, key(me.id));
    expect(again.ok && again.added).toBe(0);
    const mine = await t.db.select().from(peerAllocations).where(eq(peerAllocations.reviewerId, me.id));
    const owners = await Promise.all(
      mine.map(async (a) => (await t.db.select().from(submissions).where(eq(submissions.id, a.submissionId)))[0]!),
    );
    expect(owners.map((s) => s.userId)).not.toContain(me.id);
    expect(new Set(mine.map((a) => a.submissionId)).size).toBe(2);
    // The two oldest others (handed in at seconds 1 and 2).
    expect(owners.map((s) => s.userId).sort()).toEqual([users[1]!.id, users[2]!.id].sort());
  });

  it('gives what there is when too few others have handed in, and more when they do', async () => {
    const { users, key } = await handedIn(two, 2);
    const r = await requestPeerWork(t.db, key(users[0]!.id));
    expect(r.ok && r.added).toBe(1);
    expect(r.ok && r.status).toMatchObject({ owed: 1, available: 0, mayRead: false });
  });

  it('keeps a round within the cohort; one outside it gets none of it', async () => {
    const cohort = await handedIn(two, 2, 'cohort-1');
    const outsider = await makeUser(t.db);
    const key = cohort.key(outsider.id);
    await saveDraft(t.db, { ...key, body: 'Mine', link: '' });
    await handIn(t.db, key);
    const r = await requestPeerWork(t.db, key);
    expect(r.ok && r.added).toBe(0);
    const inside = await requestPeerWork(t.db, cohort.key(cohort.users[0]!.id));
    expect(inside.ok && inside.added).toBe(1);
  });

  it("a hand-in naming no cohort takes the trainee's cohort in the course (as the draft form does)", async () => {
    const admin = await makeUser(t.db, 'admin');
    const made = await createCohort(
      t.db,
      { name: 'Spring', course: 'toc', startsOn: '', endsOn: '', applicationsOpenOn: '', applicationsCloseOn: '' },
      admin.id,
    );
    if (!made.ok) throw new Error('cohort');
    const assignmentId = `audit-${++round}`;
    const key = (userId: string) => ({ userId, course: 'toc', assignmentId, assignment: two });
    const [a, b, outsider] = [await makeUser(t.db), await makeUser(t.db), await makeUser(t.db)];
    const joinedAt = new Date();
    for (const u of [a, b])
      await t.db.insert(cohortMembers).values({ cohortId: made.cohort.id, userId: u.id, state: 'member', joinedAt });
    for (const u of [outsider, a, b]) {
      await saveDraft(t.db, { ...key(u.id), body: 'Work', link: '' });
      expect((await handIn(t.db, key(u.id))).ok).toBe(true);
    }
    const rows = await t.db.select().from(submissions).where(eq(submissions.assignment, assignmentId));
    const cohortOf = new Map(rows.map((r) => [r.userId, r.cohortId]));
    expect([cohortOf.get(a.id), cohortOf.get(b.id), cohortOf.get(outsider.id)]).toEqual([
      made.cohort.id,
      made.cohort.id,
      null,
    ]);
    const inside = await requestPeerWork(t.db, key(a.id));
    expect(inside.ok && inside.added).toBe(1);
    expect((await requestPeerWork(t.db, key(outsider.id))).ok && 'none').toBe('none');
    expect((await peerStatus(t.db, key(outsider.id))).allocations).toEqual([]);
  });

  it('prefers the least reviewed submissions, so every one gets its reviews', async () => {
    const { users, key } = await handedIn(two, 5);
    for (const u of users) await requestPeerWork(t.db, key(u.id));
    const counts = await Promise.all(
      users.map(async (u) => {
        const s = await t.db.select().from(submissions).where(eq(submissions.userId, u.id));
        return (await t.db.select().from(peerAllocations).where(eq(peerAllocations.submissionId, s[0]!.id))).length;
      }),
    );
    expect(counts).toEqual([2, 2, 2, 2, 2]);
  });

  it('stays fair when every trainee asks at once', async () => {
    const { users, key } = await handedIn(two, 6);
    const results = await Promise.all(users.map((u) => requestPeerWork(t.db, key(u.id))));
    expect(results.every((r) => r.ok)).toBe(true);
    const all = await t.db.select().from(peerAllocations);
    const ids = new Set(
      (await t.db.select().from(submissions)).filter((s) => users.some((u) => u.id === s.userId)).map((s) => s.id),
    );
    const mine = all.filter((a) => ids.has(a.submissionId));
    const per = new Map<string, number>();
    for (const a of mine) per.set(a.submissionId, (per.get(a.submissionId) ?? 0) + 1);
    expect(mine).toHaveLength(12);
    // Each asked for two, nobody got a duplicate or their own; the least reviewed went first, so
    // at most the last to ask, left with only their own work short, tops up another (3 and 1).
    const spread = [...per.values()].sort();
    expect(spread.length).toBe(6);
    expect(spread[0]).toBeGreaterThanOrEqual(1);
    expect(spread[5]).toBeLessThanOrEqual(3);
    expect(results.map((r) => r.ok && r.status.allocations.length)).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('gives a trainee who asks several times at once no more than their share', async () => {
    const { users, key } = await handedIn(two, 5);
    const me = key(users[4]!.id);
    const results = await Promise.all([1, 2, 3, 4].map(() => requestPeerWork(t.db, me)));
    expect(results.reduce((sum, r) => sum + (r.ok ? r.added : 0), 0)).toBe(2);
    expect((await peerStatus(t.db, me)).allocations).toHaveLength(2);
  });
});

describe('reviews and the outcome', () => {
  it('peer: accepted when the average reaches the pass mark; the author reads them after giving theirs', async () => {
    const a = peerAssignment({ by: 'peer', reviewsPerSubmission: 2, reviewsPerTrainee: 2 });
    const { users, key } = await handedIn(a, 3);
    for (const u of users) await requestPeerWork(t.db, key(u.id));
    const [u0, u1, u2] = users as [(typeof users)[0], (typeof users)[0], (typeof users)[0]];
    // u0 reviews u1 and u2; u1 reviews u0 and u2; u2 reviews u0 and u1.
    expect((await peerStatus(t.db, key(u0.id))).mayRead).toBe(false);
    const work = await findPeerWork(t.db, key(u0.id), 1);
    expect(work?.version.body).toMatch(/^Work of trainee [12]$/);
    expect(await givePeerReview(t.db, key(u0.id), { n: 1, levels: { a: 2 }, comment: '' })).toEqual({
      ok: false,
      error: 'assignment.error.rubric_incomplete',
    });
    for (const u of [u0, u1, u2])
      for (const n of [1, 2]) {
        const r = await givePeerReview(t.db, key(u.id), {
          n,
          levels: u === u2 ? { a: 0, b: 0 } : allOnes,
          comment: 'ok',
        });
        expect(r.ok).toBe(true);
      }
    expect(await givePeerReview(t.db, key(u0.id), { n: 1, levels: allOnes, comment: '' })).toEqual({
      ok: false,
      error: 'peer.error.already_reviewed',
    });
    const state = async (u: { id: string }) =>
      (await t.db.select().from(submissions).where(eq(submissions.userId, u.id)))[0]!.state;
    // u2's work got 2 and 2 points of 4 (50 %: the mark); u0's got 2 from u1 and 0 from u2 (25 %).
    expect(await state(u2)).toBe('accepted');
    expect(await state(u0)).toBe('needs_revision');
    expect((await peerStatus(t.db, key(u0.id))).mayRead).toBe(true);
    const mine = await peerReviewsOfMine(t.db, key(u0.id));
    expect(mine.map((r) => r.number)).toEqual([1, 2]);
    expect(JSON.stringify(mine)).not.toContain(u1.id);
  });

  it('peer: needs revision below the pass mark; peer-then-trainer goes to the trainer', async () => {
    const a = peerAssignment({ by: 'peer', reviewsPerSubmission: 1, reviewsPerTrainee: 1 });
    const { users, key } = await handedIn(a, 2);
    for (const u of users) await requestPeerWork(t.db, key(u.id));
    const r = await givePeerReview(t.db, key(users[0]!.id), { n: 1, levels: { a: 0, b: 1 }, comment: 'More.' });
    expect(r.ok && r.settled?.outcome).toBe('revise');
    expect(r.ok && r.settled?.submission.state).toBe('needs_revision');

    const b = peerAssignment({ by: 'peer-then-trainer', reviewsPerSubmission: 1, reviewsPerTrainee: 1 });
    const round2 = await handedIn(b, 2);
    for (const u of round2.users) await requestPeerWork(t.db, round2.key(u.id));
    const s = await givePeerReview(t.db, round2.key(round2.users[0]!.id), { n: 1, levels: allOnes, comment: '' });
    expect(s.ok && s.settled?.submission.state).toBe('submitted');
  });

  it('lets the author flag a review of their own work once, and nobody else', async () => {
    const a = peerAssignment({ by: 'peer', reviewsPerSubmission: 1, reviewsPerTrainee: 1 });
    const { users, key } = await handedIn(a, 2);
    for (const u of users) await requestPeerWork(t.db, key(u.id));
    await givePeerReview(t.db, key(users[0]!.id), { n: 1, levels: allOnes, comment: 'Rude words' });
    const [review] = await peerReviewsOfMine(t.db, key(users[1]!.id));
    const flag = { reviewId: review!.id, reason: 'abusive' as const };
    expect(await flagPeerReview(t.db, { ...key(users[0]!.id), ...flag })).toEqual({
      ok: false,
      error: 'peer.error.not_found',
    });
    expect(await flagPeerReview(t.db, { ...key(users[1]!.id), ...flag })).toMatchObject({ ok: true, flagged: true });
    expect(await flagPeerReview(t.db, { ...key(users[1]!.id), ...flag, reason: 'unhelpful' })).toMatchObject({
      ok: true,
      flagged: false,
    });
    const [row] = await t.db.select().from(submissionReviews).where(eq(submissionReviews.id, review!.id));
    expect(row).toMatchObject({ flagReason: 'abusive', role: 'peer' });
    expect(row!.flaggedAt).toBeInstanceOf(Date);
  });
});
