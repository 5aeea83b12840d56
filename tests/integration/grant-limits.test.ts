/**
 * A call's limit of proposals per team (its lead) and withdrawal, on a real libSQL file through
 * the functions the pages call: one proposal per lead unless the call allows more, a withdrawn
 * one not counted; a proposal cannot be withdrawn once the jury may be scoring it, and its
 * conflicts and scores stay.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { grantConflicts, grantJurors, grantProposals, grantScores } from '#db/schema.ts';
import { createUser, type User } from '#lib/auth/user.server.ts';
import { runCreateCall } from '#lib/grants/actions.server.ts';
import { readCallInput } from '#lib/grants/call-input.ts';
import { advanceCall, findCall } from '#lib/grants/calls.server.ts';
import { DEFAULT_RUBRIC } from '#lib/grants/form-schema.ts';
import { listForJuror } from '#lib/grants/jury.server.ts';
import { proposalForTeam, startProposal, withdrawProposal } from '#lib/grants/proposals.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
const people: Record<string, User> = {};
const almaty = (ms: number) => new Date(ms + 5 * 3600_000).toISOString().slice(0, 16);
const callForm = (extra: Record<string, string> = {}) => {
  const form = new FormData();
  const fields: Record<string, string> = {
    'title-en': 'Bike parking',
    eligibility: 'everyone',
    opens: almaty(Date.now() - 3600_000),
    closes: almaty(Date.now() + 86_400_000),
    budget: '1 000 000',
    max: '500 000',
    ...extra,
  };
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
};
async function openCall(extra: Record<string, string> = {}) {
  const admin = { id: people.admin!.id, email: people.admin!.email, ip: '127.0.0.1' };
  const created = await runCreateCall(t.db, admin, callForm(extra));
  if (!created.ok) throw new Error(created.error);
  const id = (created as unknown as { callId: string }).callId;
  await advanceCall(t.db, id, 'draft');
  return (await findCall(t.db, id))!;
}

beforeAll(async () => {
  t = await createTestDatabase();
  for (const [name, role] of [
    ['admin', 'admin'],
    ['lead', 'learner'],
    ['juror', 'trainer'],
  ] as const)
    people[name] = (await createUser(t.db, {
      name,
      email: `${name}@grant-limits.test`,
      password: 'x'.repeat(12),
      locale: 'en',
      region: null,
      organisation: null,
      role,
    }))!;
});
afterAll(async () => {
  await t?.cleanup();
});

test('the admin sets how many proposals a team may submit: 1 by default, 1 to 10', () => {
  const read = (perLead?: string) => readCallInput(callForm(perLead === undefined ? {} : { 'per-lead': perLead }));
  expect(read()).toMatchObject({ ok: true, input: { proposalsPerLead: 1 } });
  expect(read('3')).toMatchObject({ ok: true, input: { proposalsPerLead: 3 } });
  for (const bad of ['0', '11', '-1', '2.5', 'two'])
    expect(read(bad), bad).toMatchObject({ ok: false, error: 'grants.error.per_lead' });
});

test('one proposal per lead unless the call allows more; a withdrawn one does not count', async () => {
  const single = await openCall();
  const lead = people.lead!.id;
  const first = await startProposal(t.db, single, lead);
  expect(first).toMatchObject({ ok: true });
  expect(await startProposal(t.db, single, lead)).toEqual({ ok: false, error: 'grants.error.one_per_team' });
  const access = (await proposalForTeam(t.db, (first as { proposal: { id: string } }).proposal.id, people.lead!))!;
  expect(await withdrawProposal(t.db, access)).toEqual({ ok: true });
  expect(await startProposal(t.db, single, lead)).toMatchObject({ ok: true });

  const double = await openCall({ 'per-lead': '2' });
  expect(double.proposalsPerLead).toBe(2);
  expect(await startProposal(t.db, double, lead)).toMatchObject({ ok: true });
  expect(await startProposal(t.db, double, lead)).toMatchObject({ ok: true });
  expect(await startProposal(t.db, double, lead)).toEqual({ ok: false, error: 'grants.error.one_per_team' });
});

test('once scoring starts a proposal cannot be withdrawn; its conflict and scores stay', async () => {
  const call = await openCall();
  const started = await startProposal(t.db, call, people.lead!.id);
  if (!started.ok) throw new Error(started.error);
  const id = started.proposal.id;
  await t.db
    .update(grantProposals)
    .set({ status: 'submitted', submittedAt: new Date() })
    .where(eq(grantProposals.id, id));
  await advanceCall(t.db, call.id, 'open');
  await t.db.insert(grantJurors).values({ callId: call.id, userId: people.juror!.id, addedAt: new Date() });
  await t.db.insert(grantScores).values({
    proposalId: id,
    jurorId: people.juror!.id,
    levels: Object.fromEntries(DEFAULT_RUBRIC.map((c) => [c.id, 2])),
    points: 20,
    comment: 'Clear plan',
    scoredAt: new Date(),
  });
  await t.db.insert(grantConflicts).values({ proposalId: id, jurorId: people.admin!.id, declaredAt: new Date() });
  const access = (await proposalForTeam(t.db, id, people.lead!))!;
  expect(await withdrawProposal(t.db, access)).toEqual({ ok: false, error: 'grants.error.withdraw_late' });
  const [row] = await t.db.select().from(grantProposals).where(eq(grantProposals.id, id));
  expect(row!.status).toBe('submitted');
  expect(await t.db.select().from(grantScores).where(eq(grantScores.proposalId, id))).toHaveLength(1);
  expect(await t.db.select().from(grantConflicts).where(eq(grantConflicts.proposalId, id))).toHaveLength(1);
  const scoring = (await findCall(t.db, call.id))!;
  expect((await listForJuror(t.db, scoring, people.juror!.id)).map((r) => r.proposal.id)).toEqual([id]);
});
