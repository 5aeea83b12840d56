/**
 * "My learning"'s assignments against a real libSQL file: a draft and a revision asked wait on
 * the trainee, as do peer reviews owed and work still to ask for; handed-in work and a peer
 * round under way wait on a reviewer; accepted work and assignments a course dropped are left out.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { submissions } from '#db/schema.ts';
import { listMyWork } from '#lib/assignments/my-work.server.ts';
import { requestPeerWork } from '#lib/assignments/peer.server.ts';
import { assignmentSchema, type Assignment } from '#lib/assignments/schema.ts';
import { handIn, saveDraft } from '#lib/assignments/submissions.server.ts';
import { sampleAssignment } from '../fixtures/assignment.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

const peer = assignmentSchema.parse({
  ...sampleAssignment,
  review: { by: 'peer', reviewsPerSubmission: 2, reviewsPerTrainee: 2 },
});
const catalogue: Record<string, Assignment> = {
  drafted: sampleAssignment,
  revise: sampleAssignment,
  handed: sampleAssignment,
  done: sampleAssignment,
  peer,
};
const lookup = (course: string, id: string) => (course === 'toc' ? catalogue[id] : undefined);

async function write(userId: string, assignmentId: string, hand = true) {
  const key = { userId, course: 'toc', assignmentId, assignment: catalogue[assignmentId]! };
  await saveDraft(t.db, { ...key, body: 'Work', link: '' });
  if (hand && !(await handIn(t.db, key)).ok) throw new Error('hand-in');
  return key;
}

it('lists what waits on the trainee, then what waits on a reviewer', async () => {
  const me = await makeUser(t.db);
  const other = await makeUser(t.db);
  await write(me.id, 'drafted', false);
  await write(me.id, 'revise');
  await write(me.id, 'handed');
  await write(me.id, 'done');
  await t.db.update(submissions).set({ state: 'needs_revision' }).where(eq(submissions.assignment, 'revise'));
  await t.db.update(submissions).set({ state: 'accepted' }).where(eq(submissions.assignment, 'done'));
  await write(other.id, 'peer');
  const mine = await write(me.id, 'peer');
  // Work of a course that no longer has the assignment is not listed.
  await saveDraft(t.db, {
    userId: me.id,
    course: 'gone',
    assignmentId: 'x',
    assignment: sampleAssignment,
    body: 'x',
    link: '',
  });

  const before = await listMyWork(t.db, me.id, lookup);
  expect(before.map((i) => [i.assignmentId, i.reason, i.count ?? null, i.waitingOn])).toEqual([
    ['drafted', 'draft', null, 'trainee'],
    ['revise', 'needs_revision', null, 'trainee'],
    ['peer', 'peer_ask', 2, 'trainee'],
    ['handed', 'submitted', null, 'reviewer'],
    ['peer', 'in_review', null, 'reviewer'],
  ]);
  expect((await requestPeerWork(t.db, mine)).ok).toBe(true);
  const after = await listMyWork(t.db, me.id, lookup);
  expect(after.filter((i) => i.assignmentId === 'peer').map((i) => [i.reason, i.count ?? null])).toEqual([
    ['peer_owed', 1],
    ['peer_ask', 1],
    ['in_review', null],
  ]);
  expect(await listMyWork(t.db, (await makeUser(t.db)).id, lookup)).toEqual([]);
});
