/**
 * The admin reads a proposal before deciding (decision 040), on a real libSQL file through the
 * functions the admin's proposal page and the proposals CSV call: answers, budget lines, files
 * and the team with names even in blind review; the jurors in conflict; each juror's score by
 * name only once scoring is closed; drafts and other calls' proposals are not shown. The CSV
 * has one column per form field, labelled in the admin's language, and stays Excel-safe.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import {
  grantCalls,
  grantConflicts,
  grantJurors,
  grantProposalFiles,
  grantProposalMembers,
  grantProposals,
  grantScores,
} from '#db/schema.ts';
import type { User } from '#lib/auth/user.server.ts';
import { proposalForAdmin } from '#lib/grants/admin-proposal.server.ts';
import { findCall } from '#lib/grants/calls.server.ts';
import { proposalRows } from '#lib/grants/exports.server.ts';
import { DEFAULT_FORM, DEFAULT_RUBRIC, type FormField } from '#lib/grants/form-schema.ts';
import { pickText } from '#lib/i18n/pick-text.ts';
import { translate } from '#lib/i18n/t.ts';
import { toCsv } from '#lib/reports/csv.ts';
import { callRow, PROPOSAL_ANSWERS, submittedProposal } from '../hardening/lib/grants.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';

let t: TestDatabase;
const people: Record<string, User> = {};
const CALL = 'adminviewcall';
const OTHER_CALL = 'adminviewother';
const SUBMITTED = 'adminviewsubmitted';
const DRAFT = 'adminviewdraft';
const FIELD: FormField = {
  id: 'field-1',
  kind: 'choice',
  label: { en: 'Field of the project', ru: 'Сфера проекта', kk: 'Жоба саласы' },
  required: true,
  options: [
    { en: 'Public space', ru: 'Общественное пространство', kk: 'Қоғамдық кеңістік' },
    { en: 'Green planting', ru: 'Озеленение', kk: 'Көгалдандыру' },
  ],
  identifying: false,
};

beforeAll(async () => {
  t = await createTestDatabase();
  for (const name of ['lead', 'co', 'j1', 'j2', 'j3']) people[name] = await makeUser(t.db);
  const closes = Date.now() - 60_000;
  await t.db
    .insert(grantCalls)
    .values([
      { ...callRow(CALL, 'scoring', closes), blind: true, form: [...DEFAULT_FORM, FIELD] },
      callRow(OTHER_CALL, 'scoring', closes),
    ]);
  const submitted = submittedProposal(SUBMITTED, CALL, people.lead!.id);
  await t.db.insert(grantProposals).values([
    {
      ...submitted,
      answers: { ...PROPOSAL_ANSWERS, team: '=HYPERLINK("http://evil.test")', 'field-1': '1' },
      budget: [
        { item: 'Saplings', tenge: 300_000 },
        { item: 'Watering', tenge: 200_000 },
      ],
    },
    { ...submittedProposal(DRAFT, CALL, people.co!.id), status: 'draft', submittedAt: null },
  ]);
  await t.db.insert(grantProposalMembers).values({
    proposalId: SUBMITTED,
    email: people.co!.email,
    invitedAt: new Date(),
    userId: people.co!.id,
    joinedAt: new Date(),
  });
  await t.db.insert(grantProposalFiles).values({
    id: 'adminviewfile',
    proposalId: SUBMITTED,
    fieldId: 'attachments',
    name: 'plan.pdf',
    kind: 'pdf',
    size: 10,
    sha256: '',
    storedAt: new Date(),
  });
  await t.db
    .insert(grantJurors)
    .values(['j1', 'j2', 'j3'].map((j) => ({ callId: CALL, userId: people[j]!.id, addedAt: new Date() })));
  await t.db.insert(grantConflicts).values({ proposalId: SUBMITTED, jurorId: people.j3!.id, declaredAt: new Date() });
  const levels = (n: number) => Object.fromEntries(DEFAULT_RUBRIC.map((c) => [c.id, n]));
  await t.db.insert(grantScores).values([
    {
      proposalId: SUBMITTED,
      jurorId: people.j1!.id,
      levels: levels(2),
      points: 20,
      comment: 'Clear plan',
      scoredAt: new Date(),
    },
    {
      proposalId: SUBMITTED,
      jurorId: people.j2!.id,
      levels: levels(1),
      points: 12,
      comment: 'Costly',
      scoredAt: new Date(),
    },
  ]);
});
afterAll(async () => {
  await t?.cleanup();
});

test('while scoring: the content, files and team with names (blind review too), no scores', async () => {
  const call = (await findCall(t.db, CALL))!;
  expect(call.blind).toBe(true);
  const shown = (await proposalForAdmin(t.db, call, SUBMITTED))!;
  expect(shown.proposal.answers).toMatchObject({ title: PROPOSAL_ANSWERS.title, problem: PROPOSAL_ANSWERS.problem });
  expect(shown.proposal.budget.map((l) => l.tenge)).toEqual([300_000, 200_000]);
  expect(shown.files.map((f) => f.name)).toEqual(['plan.pdf']);
  expect(shown.team).toEqual([
    { email: people.lead!.email, name: people.lead!.displayName, lead: true },
    { email: people.co!.email, name: people.co!.displayName, lead: false },
  ]);
  expect(shown.conflicts).toEqual([people.j3!.displayName]);
  expect(shown.scores).toEqual([]);
  expect(shown.decision).toBeNull();
  expect(await proposalForAdmin(t.db, call, DRAFT)).toBeNull();
  expect(await proposalForAdmin(t.db, (await findCall(t.db, OTHER_CALL))!, SUBMITTED)).toBeNull();
});

test('once scoring is closed: every juror score by name, with levels and comment', async () => {
  await t.db.update(grantCalls).set({ state: 'closed' }).where(eq(grantCalls.id, CALL));
  const shown = (await proposalForAdmin(t.db, (await findCall(t.db, CALL))!, SUBMITTED))!;
  const byName = shown.scores.map((s) => [s.name, s.points, s.comment, s.levels.relevance]).sort();
  expect(byName).toEqual(
    [
      [people.j1!.displayName, 20, 'Clear plan', 2],
      [people.j2!.displayName, 12, 'Costly', 1],
    ].sort(),
  );
});

test('the proposals CSV has one column per form field, in the admin language, formulas defused', async () => {
  const call = (await findCall(t.db, CALL))!;
  const ru = (key: Parameters<typeof translate>[1]) => translate('ru', key);
  const data = await proposalRows(t.db, call, ru, (text) => pickText(text, 'ru', ['ru']));
  const fixed = 11;
  expect(data.header.slice(fixed)).toEqual(call.fields.map((f) => f.label.ru));
  expect(data.header).toHaveLength(fixed + call.fields.length);
  expect(data.rows).toHaveLength(1);
  const row = data.rows[0]!;
  const answer = (id: string) => row[fixed + call.fields.findIndex((f) => f.id === id)];
  expect(answer('title')).toBe(PROPOSAL_ANSWERS.title);
  expect(answer('problem')).toBe(PROPOSAL_ANSWERS.problem);
  expect(answer('field-1')).toBe('Озеленение');
  expect(answer('budget')).toBe('Saplings: 300\u00a0000\u00a0₸\nWatering: 200\u00a0000\u00a0₸');
  expect(answer('attachments')).toBe('plan.pdf');
  const csv = toCsv(data.header, data.rows);
  expect(csv).toContain('"\'=HYPERLINK(""http://evil.test"")"');
  expect(csv).not.toMatch(/(^|;)"=HYPERLINK/m);
  expect(csv.split('\r\n')[0]).toContain('"Сфера проекта"');
});
