/**
 * The programme report's grant section on a real libSQL file against figures computed by hand:
 * calls (not drafts) in the period of their deadline, submitted proposals only, winners and the
 * tenge awarded, by call and by the call's field and the lead's region.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { cohorts, grantCalls, grantDecisions, grantProposals } from '#db/schema.ts';
import { createUser } from '#lib/auth/user.server.ts';
import { DEFAULT_FORM, DEFAULT_RUBRIC } from '#lib/grants/form-schema.ts';
import { programmeGrants } from '#lib/reports/programme-grants.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
const courseFields = { urbanism: 'urbanism', 'social-entrepreneurship': 'social-entrepreneurship' };

beforeAll(async () => {
  t = await createTestDatabase();
  const ids: Record<string, string> = {};
  for (const [name, region] of [
    ['a', 'Almaty'],
    ['b', 'Shymkent'],
    ['c', null],
    ['d', 'Almaty'],
  ] as const)
    ids[name] = (await createUser(t.db, {
      name,
      email: `${name}@report-grants.test`,
      password: 'x'.repeat(12),
      locale: 'en',
      region,
      organisation: null,
      role: 'learner',
    }))!.id;
  await t.db
    .insert(cohorts)
    .values({ id: 'k', course: 'urbanism', name: 'Spring', joinCode: 'SPRING', createdAt: new Date() });
  const call = (id: string, state: 'draft' | 'scoring' | 'published', closes: string, eligibility: object) => ({
    id,
    title: { en: `Call ${id}` },
    description: {},
    eligibility: eligibility as { kind: string; ids: string[] },
    opensAt: new Date(Date.parse(closes) - 86_400_000),
    // Noon in Almaty on the day given.
    closesAt: new Date(`${closes}T07:00:00Z`),
    budgetTenge: 1_000_000,
    maxPerProjectTenge: 600_000,
    form: DEFAULT_FORM,
    rubric: DEFAULT_RUBRIC,
    state,
    createdAt: new Date(),
  });
  await t.db
    .insert(grantCalls)
    .values([
      call('c1', 'published', '2026-03-10', { kind: 'cohorts', ids: ['k'] }),
      call('c2', 'scoring', '2026-04-20', { kind: 'courses', ids: ['urbanism', 'social-entrepreneurship'] }),
      call('c3', 'draft', '2026-04-20', { kind: 'everyone', ids: [] }),
      call('c4', 'published', '2025-12-31', { kind: 'everyone', ids: [] }),
    ]);
  const proposal = (id: string, callId: string, lead: string, status: 'draft' | 'submitted' | 'withdrawn') => ({
    id,
    callId,
    leadId: ids[lead]!,
    status,
    answers: {},
    budget: [],
    createdAt: new Date(),
    updatedAt: new Date(),
  });
  await t.db
    .insert(grantProposals)
    .values([
      proposal('p1', 'c1', 'a', 'submitted'),
      proposal('p2', 'c1', 'b', 'submitted'),
      proposal('p3', 'c1', 'c', 'submitted'),
      proposal('p4', 'c1', 'd', 'draft'),
      proposal('p5', 'c1', 'a', 'withdrawn'),
      proposal('p6', 'c2', 'd', 'submitted'),
      proposal('p7', 'c2', 'c', 'submitted'),
      proposal('p8', 'c3', 'a', 'submitted'),
      proposal('p9', 'c4', 'b', 'submitted'),
    ]);
  const decision = (proposalId: string, callId: string, amountTenge: number) => ({
    proposalId,
    callId,
    amountTenge,
    decidedAt: new Date(),
  });
  await t.db
    .insert(grantDecisions)
    .values([decision('p1', 'c1', 400_000), decision('p2', 'c1', 350_000), decision('p9', 'c4', 100_000)]);
});
afterAll(async () => {
  await t?.cleanup();
});

test('every call but the draft: by call, and by field and region, with totals', async () => {
  const report = await programmeGrants(t.db, { courseFields });
  expect(report.totals).toEqual({ calls: 3, proposals: 6, winners: 3, awardedTenge: 850_000 });
  expect(report.calls.map((c) => [c.id, c.field, c.proposals, c.winners, c.awardedTenge])).toEqual([
    ['c1', 'urbanism', 3, 2, 750_000],
    ['c2', '', 2, 0, 0],
    ['c4', '', 1, 1, 100_000],
  ]);
  expect(report.byFieldRegion.map((r) => [r.field, r.region, r.proposals, r.winners, r.awardedTenge])).toEqual([
    ['', 'Almaty', 1, 0, 0],
    ['', 'Shymkent', 1, 1, 100_000],
    ['', null, 1, 0, 0],
    ['urbanism', 'Almaty', 1, 1, 400_000],
    ['urbanism', 'Shymkent', 1, 1, 350_000],
    ['urbanism', null, 1, 0, 0],
  ]);
});

test('a period counts the calls whose deadline falls in it (Almaty months)', async () => {
  const report = await programmeGrants(t.db, { courseFields, from: '2026-01', to: '2026-03' });
  expect(report.totals).toEqual({ calls: 1, proposals: 3, winners: 2, awardedTenge: 750_000 });
  expect(report.calls.map((c) => c.id)).toEqual(['c1']);
});
