/**
 * The admin's decisions on a real libSQL file, through the forms the call page posts (decision
 * 041): a winner tied with another proposal needs a reason, which is kept with the decision and
 * in the audit log; awards over the budget are refused, also when two decisions are sent at
 * once (only the database's own check sees both); and a juror far from the rest of the jury,
 * scoring through the jury's form, is the one flagged.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, grantCalls, grantDecisions, grantJurors, grantProposals, grantScores } from '#db/schema.ts';
import type { User } from '#lib/auth/user.server.ts';
import { runCallAdminAction, runJuryAction } from '#lib/grants/actions.server.ts';
import { findCall, type Call } from '#lib/grants/calls.server.ts';
import { DEFAULT_RUBRIC } from '#lib/grants/form-schema.ts';
import { callOverview } from '#lib/grants/results.server.ts';
import { callRow, submittedProposal } from '../hardening/lib/grants.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';

let t: TestDatabase;
const people: Record<string, User> = {};
const actor = (name: string) => ({ id: people[name]!.id, email: people[name]!.email, ip: '127.0.0.1' });
const formOf = (fields: Record<string, string>) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
};
const levels = (n: number) => Object.fromEntries(DEFAULT_RUBRIC.map((c) => [c.id, n]));

beforeAll(async () => {
  t = await createTestDatabase();
  people.admin = await makeUser(t.db, 'admin');
  people.lead = await makeUser(t.db);
  for (const j of ['j1', 'j2', 'j3']) people[j] = await makeUser(t.db);
});
afterAll(async () => {
  await t?.cleanup();
});

/** A call in `state` with the lead's submitted proposals (each requesting 500 000 ₸) and jurors j1..j3. */
async function seedCall(id: string, proposals: string[], state: 'scoring' | 'closed', budgetTenge = 1_000_000) {
  await t.db.insert(grantCalls).values({ ...callRow(id, state, Date.now() - 60_000), budgetTenge });
  await t.db.insert(grantProposals).values(proposals.map((p) => submittedProposal(p, id, people.lead!.id)));
  await t.db
    .insert(grantJurors)
    .values(['j1', 'j2', 'j3'].map((j) => ({ callId: id, userId: people[j]!.id, addedAt: new Date() })));
  return (await findCall(t.db, id))!;
}
const score = (proposalId: string, juror: string, level: number) =>
  t.db.insert(grantScores).values({
    proposalId,
    jurorId: people[juror]!.id,
    levels: levels(level),
    points: [4, 12, 20][level]!,
    comment: '',
    scoredAt: new Date(),
  });
const decide = (call: Call, proposal: string, amount: string, reason = '') =>
  runCallAdminAction(t.db, actor('admin'), call, formOf({ intent: 'decide', proposal, amount, reason }));

test('a winner tied with another proposal needs a reason, kept with the decision and in the audit log', async () => {
  const call = await seedCall('tiecall', ['tiea', 'tieb', 'tiec'], 'closed');
  await score('tiea', 'j1', 2);
  await score('tieb', 'j1', 2);
  await score('tiec', 'j1', 1);
  expect(await decide(call, 'tiea', '400000')).toEqual({ ok: false, error: 'grants.error.tie_reason' });
  expect(await decide(call, 'tiea', '400000', '   ')).toEqual({ ok: false, error: 'grants.error.tie_reason' });
  expect(await t.db.select().from(grantDecisions).where(eq(grantDecisions.callId, call.id))).toEqual([]);
  // The third is not tied with anyone: no reason needed.
  expect(await decide(call, 'tiec', '100000')).toMatchObject({ ok: true });
  const reason = 'Closer to the district plan for 2027';
  expect(await decide(call, 'tiea', '400000', reason)).toMatchObject({ ok: true, message: 'grants.decided' });
  const [stored] = await t.db.select().from(grantDecisions).where(eq(grantDecisions.proposalId, 'tiea'));
  expect(stored).toMatchObject({ amountTenge: 400_000, tieBreakReason: reason, decidedBy: people.admin!.id });
  const audited = await t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'grant.decide'), eq(auditLog.target, call.id)));
  expect(audited.map((a) => a.details)).toEqual([
    { proposal: 'tiec', amountTenge: 100_000, reason: '' },
    { proposal: 'tiea', amountTenge: 400_000, reason },
  ]);
  expect(audited[1]).toMatchObject({ actorId: people.admin!.id, ip: '127.0.0.1' });
  // Once the tied one is a winner, the other no longer ties with a non-winner.
  expect(await decide(call, 'tieb', '400000')).toMatchObject({ ok: true });
});

test('an award over the budget is refused and nothing is written or audited', async () => {
  const call = await seedCall('budgetcall', ['budgeta', 'budgetb', 'budgetc'], 'closed');
  await score('budgeta', 'j1', 2);
  await score('budgetb', 'j1', 1);
  await score('budgetc', 'j1', 0);
  expect(await decide(call, 'budgeta', '500000')).toMatchObject({ ok: true });
  expect(await decide(call, 'budgetb', '500000')).toMatchObject({ ok: true });
  expect(await decide(call, 'budgetc', '1')).toEqual({ ok: false, error: 'grants.error.over_budget' });
  // Lowering an award makes room: its own amount is not counted twice.
  expect(await decide(call, 'budgetb', '499999')).toMatchObject({ ok: true });
  expect(await decide(call, 'budgetc', '2')).toEqual({ ok: false, error: 'grants.error.over_budget' });
  expect(await decide(call, 'budgetc', '1')).toMatchObject({ ok: true });
  const rows = await t.db.select().from(grantDecisions).where(eq(grantDecisions.callId, call.id));
  expect(rows.reduce((sum, d) => sum + d.amountTenge, 0)).toBe(1_000_000);
  const audited = await t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'grant.decide'), eq(auditLog.target, call.id)));
  expect(audited).toHaveLength(4);
});

test('two decisions sent at once that together exceed the budget: exactly one lands', async () => {
  for (let round = 0; round < 5; round++) {
    const call = await seedCall(`racecall${round}`, [`racea${round}`, `raceb${round}`], 'closed', 800_000);
    await score(`racea${round}`, 'j1', 2);
    await score(`raceb${round}`, 'j1', 1);
    const outcomes = await Promise.all([
      decide(call, `racea${round}`, '500000'),
      decide(call, `raceb${round}`, '500000'),
    ]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.find((o) => !o.ok)).toEqual({ ok: false, error: 'grants.error.over_budget' });
    const rows = await t.db.select().from(grantDecisions).where(eq(grantDecisions.callId, call.id));
    expect(rows.map((r) => r.amountTenge)).toEqual([500_000]);
  }
});

test('the juror far from the rest of the jury is the one flagged, on scores given through the jury form', async () => {
  const call = await seedCall('outliercall', ['outa', 'outb'], 'scoring');
  const give = (juror: string, proposal: string, level: number) =>
    runJuryAction(
      t.db,
      actor(juror),
      call,
      proposal,
      formOf({
        intent: 'score',
        comment: '',
        ...Object.fromEntries(call.criteria.map((c) => [`level-${c.id}`, String(level)])),
      }),
    );
  for (const p of ['outa', 'outb']) {
    expect(await give('j1', p, 2)).toMatchObject({ ok: true, params: { points: 20 } });
    expect(await give('j2', p, 2)).toMatchObject({ ok: true });
    expect(await give('j3', p, 0)).toMatchObject({ ok: true, params: { points: 4 } });
  }
  expect((await callOverview(t.db, call)).deviations).toEqual([]);
  await runCallAdminAction(t.db, actor('admin'), call, formOf({ intent: 'advance', from: 'scoring' }));
  const overview = await callOverview(t.db, (await findCall(t.db, call.id))!);
  expect(overview.maxPoints).toBe(20);
  const flagged = Object.fromEntries(
    overview.deviations.map((d) => [Object.keys(people).find((k) => people[k]!.id === d.jurorId), d]),
  );
  expect(flagged.j3).toMatchObject({ scored: 2, deviation: -16, outlier: true });
  expect(flagged.j1).toMatchObject({ scored: 2, outlier: false });
  expect(flagged.j2).toMatchObject({ scored: 2, outlier: false });
});
