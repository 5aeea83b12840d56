/**
 * A co-applicant's one-time invitation link (decision 040) on a real libSQL file: an account
 * registered with the invited address sees neither the draft nor its files until it follows
 * the link; inviting again replaces the link; the lead cannot use it; a link works once, also
 * when two accounts follow it at the same moment; names show in the team once joined.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { grantCalls, grantProposalFileChunks, grantProposalFiles, grantProposals } from '#db/schema.ts';
import type { User } from '#lib/auth/user.server.ts';
import { proposalFileFor } from '#lib/grants/files.server.ts';
import { findInvitation, joinProposal } from '#lib/grants/invitations.server.ts';
import { inviteCoApplicant, listTeam, proposalForTeam } from '#lib/grants/proposals.server.ts';
import { callRow, submittedProposal } from '../hardening/lib/grants.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';

let t: TestDatabase;
const people: Record<string, User> = {};
const PROPOSAL = 'invitedraft';

beforeAll(async () => {
  t = await createTestDatabase();
  for (const name of ['lead', 'invitee', 'other', 'third']) people[name] = await makeUser(t.db);
  await t.db.insert(grantCalls).values(callRow('invitecall', 'open', Date.now() + 86_400_000));
  await t.db
    .insert(grantProposals)
    .values({ ...submittedProposal(PROPOSAL, 'invitecall', people.lead!.id), status: 'draft', submittedAt: null });
  await t.db.insert(grantProposalFiles).values({
    id: 'invitefile',
    proposalId: PROPOSAL,
    fieldId: 'attachments',
    name: 'plan.pdf',
    kind: 'pdf',
    size: 4,
    sha256: '',
    storedAt: new Date(),
  });
  await t.db.insert(grantProposalFileChunks).values({ fileId: 'invitefile', seq: 0, data: Buffer.from('%PDF') });
});
afterAll(async () => {
  await t?.cleanup();
});

const lead = async () => (await proposalForTeam(t.db, PROPOSAL, people.lead!))!;
const invite = async (email: string) => {
  const invited = await inviteCoApplicant(t.db, await lead(), email);
  if (!invited.ok) throw new Error(invited.error);
  return invited.token;
};
const viewer = (name: string) => ({ id: people[name]!.id, email: people[name]!.email, role: 'learner' });

test('the invited address alone opens nothing; the link does, once; inviting again replaces it', async () => {
  const first = (await invite(people.invitee!.email.toUpperCase()))!;
  expect(await proposalForTeam(t.db, PROPOSAL, people.invitee!)).toBeNull();
  expect(await proposalFileFor(t.db, viewer('invitee'), 'invitefile')).toBeNull();
  expect((await listTeam(t.db, (await lead()).proposal)).map((m) => [m.email, m.name])).toEqual([
    [people.lead!.email, people.lead!.displayName],
    [people.invitee!.email, null],
  ]);
  const second = (await invite(people.invitee!.email))!;
  expect(second).not.toBe(first);
  expect(await findInvitation(t.db, first)).toBeNull();
  expect(await joinProposal(t.db, first, people.invitee!.id)).toEqual({
    ok: false,
    error: 'grants.error.invitation_invalid',
  });
  for (const junk of ['', 'x', 'A'.repeat(32), undefined, second.slice(0, -1)])
    expect(await joinProposal(t.db, junk, people.invitee!.id)).toMatchObject({ ok: false });
  // The lead following the link does not use it up.
  expect(await joinProposal(t.db, second, people.lead!.id)).toEqual({
    ok: false,
    error: 'grants.error.already_in_team',
  });
  expect(await findInvitation(t.db, second)).toMatchObject({ email: people.invitee!.email });
  expect(await joinProposal(t.db, second, people.invitee!.id)).toEqual({ ok: true, proposalId: PROPOSAL });
  expect(await proposalForTeam(t.db, PROPOSAL, people.invitee!)).toMatchObject({ role: 'member' });
  expect(await proposalFileFor(t.db, viewer('invitee'), 'invitefile')).toMatchObject({ name: 'plan.pdf' });
  expect((await listTeam(t.db, (await lead()).proposal))[1]).toEqual({
    email: people.invitee!.email,
    name: people.invitee!.displayName,
    lead: false,
  });
  // Inviting a member who joined sends no new link.
  expect(await inviteCoApplicant(t.db, await lead(), people.invitee!.email)).toEqual({
    ok: true,
    email: people.invitee!.email,
    token: null,
  });
  // A member already in the team cannot take another invitee's place.
  const forThird = (await invite(people.third!.email))!;
  expect(await joinProposal(t.db, forThird, people.invitee!.id)).toEqual({
    ok: false,
    error: 'grants.error.already_in_team',
  });
});

test('two accounts following one link at the same moment: exactly one joins', async () => {
  const token = (await invite('shared-link@example.kz'))!;
  const outcomes = await Promise.all([
    joinProposal(t.db, token, people.other!.id),
    joinProposal(t.db, token, people.third!.id),
  ]);
  expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
  const members = await Promise.all(['other', 'third'].map((n) => proposalForTeam(t.db, PROPOSAL, people[n]!)));
  expect(members.filter(Boolean)).toHaveLength(1);
});
