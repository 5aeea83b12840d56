/**
 * The admin's rubric editor on a real libSQL file, through the functions the call page calls
 * (decision 053): criteria added, edited, moved and removed while the call is open and while
 * jurors have not scored, each change audited; a juror's score counts the weights; once a juror
 * has scored the rubric is locked (a clear error, nothing written), also after scoring closes;
 * and a juror who scored against a rubric the admin changed meanwhile is refused.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, grantCalls } from '#db/schema.ts';
import type { User } from '#lib/auth/user.server.ts';
import { runCallAdminAction, runJuryAction } from '#lib/grants/actions.server.ts';
import { findCall, type Call } from '#lib/grants/calls.server.ts';
import { DEFAULT_RUBRIC } from '#lib/grants/form-schema.ts';
import { callOverview } from '#lib/grants/results.server.ts';
import { rubricLocked } from '#lib/grants/rubric-actions.server.ts';
import { seedCallWithJuror } from '../hardening/lib/grants.ts';
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
const CALL = 'rubriccall';
const PROPOSAL = 'rubricproposal';
const call = async (): Promise<Call> => (await findCall(t.db, CALL))!;
const admin = async (fields: Record<string, string>) =>
  runCallAdminAction(t.db, actor('admin'), await call(), formOf(fields));

/** The call with the lead's submitted proposal and the juror named for it. */
const seedCall = (state: 'open' | 'scoring', closesAt: number) =>
  seedCallWithJuror(
    t.db,
    { callId: CALL, proposalId: PROPOSAL, leadId: people.lead!.id, jurorId: people.juror!.id },
    state,
    closesAt,
  );

beforeAll(async () => {
  t = await createTestDatabase();
  for (const [name, role] of [
    ['admin', 'admin'],
    ['lead', 'learner'],
    ['juror', 'trainer'],
  ] as const)
    people[name] = await makeUser(t.db, role);
  await seedCall('open', Date.now() + 86_400_000);
});
afterAll(async () => {
  await t?.cleanup();
});

test('while the call is open the admin adds, edits, moves and removes criteria, each audited', async () => {
  expect(
    await admin({
      intent: 'criterion-add',
      'title-en': 'Partners',
      'title-ru': 'Партнёры',
      'title-kk': 'Серіктестер',
      'description-en': 'Who else takes part and how',
      weight: '2',
    }),
  ).toMatchObject({ ok: true, message: 'grants.rubric_changed' });
  expect(await admin({ intent: 'criterion-add', 'title-en': ' ', weight: '1' })).toMatchObject({
    ok: false,
    error: 'grants.error.criterion_title',
  });
  expect(
    await admin({
      intent: 'criterion-edit',
      criterion: 'impact',
      'title-en': 'Impact',
      'title-ru': 'Влияние',
      weight: '3',
    }),
  ).toMatchObject({ ok: true });
  await admin({ intent: 'criterion-up', criterion: 'criterion-1' });
  await admin({ intent: 'criterion-remove', criterion: 'feasibility' });
  const edited = await call();
  expect(edited.criteria.map((c) => [c.id, c.weight])).toEqual([
    ['relevance', 1],
    ['budget', 1],
    ['criterion-1', 2],
    ['impact', 3],
  ]);
  expect(edited.criteria[2]).toMatchObject({
    title: { en: 'Partners', ru: 'Партнёры', kk: 'Серіктестер' },
    description: { en: 'Who else takes part and how' },
  });
  expect(edited.criteria[3]!.title).toEqual({ en: 'Impact', ru: 'Влияние' });
  const audited = await t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'grant.rubric'), eq(auditLog.target, CALL)));
  expect(audited).toHaveLength(4);
  expect(await rubricLocked(t.db, edited)).toBe(false);
});

test('a score counts the weights; once a juror has scored, the rubric is locked and stays as it was', async () => {
  await t.db.update(grantCalls).set({ state: 'scoring' }).where(eq(grantCalls.id, CALL));
  // Still editable in scoring until somebody scores.
  expect(await admin({ intent: 'criterion-down', criterion: 'relevance' })).toMatchObject({ ok: true });
  expect((await call()).criteria.map((c) => c.id)).toEqual(['budget', 'relevance', 'criterion-1', 'impact']);
  const juror = actor('juror');
  const levels = { 'level-budget': '2', 'level-relevance': '1', 'level-criterion-1': '2', 'level-impact': '0' };
  const scored = await runJuryAction(t.db, juror, await call(), PROPOSAL, formOf({ intent: 'score', ...levels }));
  expect(scored).toMatchObject({ ok: true, params: { points: 5 + 3 + 5 * 2 + 1 * 3 } });
  expect((await callOverview(t.db, await call())).maxPoints).toBe(5 + 5 + 10 + 15);

  const before = (await call()).criteria;
  expect(await rubricLocked(t.db, await call())).toBe(true);
  const attempts: Record<string, string>[] = [
    { intent: 'criterion-add', 'title-en': 'Late', weight: '1' },
    { intent: 'criterion-edit', criterion: 'impact', 'title-en': 'Changed', weight: '9' },
    { intent: 'criterion-remove', criterion: 'impact' },
    { intent: 'criterion-up', criterion: 'impact' },
  ];
  for (const fields of attempts)
    expect(await admin(fields)).toEqual({ ok: false, error: 'grants.error.rubric_locked' });
  expect((await call()).criteria).toEqual(before);

  await t.db.update(grantCalls).set({ state: 'closed' }).where(eq(grantCalls.id, CALL));
  expect(await admin({ intent: 'criterion-up', criterion: 'impact' })).toEqual({
    ok: false,
    error: 'grants.error.rubric_locked',
  });
});

test('a score given against a rubric the admin changed meanwhile is refused, and the edit stands', async () => {
  await t.db.delete(grantCalls).where(eq(grantCalls.id, CALL));
  await seedCall('scoring', Date.now() - 1000);
  const seen = await call();
  expect(
    await admin({ intent: 'criterion-edit', criterion: 'budget', 'title-en': 'Value', weight: '5' }),
  ).toMatchObject({ ok: true });
  const juror = actor('juror');
  const levels = Object.fromEntries(DEFAULT_RUBRIC.map((c) => [`level-${c.id}`, '2']));
  expect(await runJuryAction(t.db, juror, seen, PROPOSAL, formOf({ intent: 'score', ...levels }))).toEqual({
    ok: false,
    error: 'grants.error.rubric_changed',
  });
  expect(await rubricLocked(t.db, await call())).toBe(false);
  expect(
    await runJuryAction(t.db, juror, await call(), PROPOSAL, formOf({ intent: 'score', ...levels })),
  ).toMatchObject({ ok: true, params: { points: 5 * 3 + 5 * 5 } });
});
