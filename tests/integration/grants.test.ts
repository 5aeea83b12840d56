/**
 * Grant competitions on a real libSQL file, through the same functions the pages call: an admin's
 * call for a cohort, a team with a co-applicant (invited by e-mail over real SMTP on loopback,
 * joining through the mail's one-time link), what is missing before submitting, the receipt, the
 * deadline judged by the database clock (late: refused and kept as a draft), withdrawal, a jury
 * with a conflict, scores hidden until scoring closes, the ranking, winners within the budget
 * (exact tenge), the public results and the losing team's anonymised feedback; every admin and
 * jury action audited.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { auditLog, cohortMembers, grantCalls, grantProposalMembers, grantProposals } from '#db/schema.ts';
import { hashToken } from '#lib/auth/token.ts';
import { createUser, type User } from '#lib/auth/user.server.ts';
import { createCohort } from '#lib/cohorts/cohorts.server.ts';
import { runCallAdminAction, runCreateCall, runJuryAction } from '#lib/grants/actions.server.ts';
import { findCall, type Call } from '#lib/grants/calls.server.ts';
import { anonymisedScores, listForJuror, proposalForJuror } from '#lib/grants/jury.server.ts';
import { runProposalAction, type ProposalActionContext } from '#lib/grants/proposal-actions.server.ts';
import { joinProposal } from '#lib/grants/invitations.server.ts';
import { listMyProposals, proposalForTeam, startProposal } from '#lib/grants/proposals.server.ts';
import { callOverview, publicWinners } from '#lib/grants/results.server.ts';
import { proposalRows, scoreRows } from '#lib/grants/exports.server.ts';
import { translate } from '#lib/i18n/t.ts';
import { createMailer } from '#lib/mail/mailer.server.ts';
import { startTestSmtp, type TestSmtp } from '../fixtures/smtp.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
let smtp: TestSmtp;
const people: Record<string, User> = {};
const actor = (name: string) => ({ id: people[name]!.id, email: people[name]!.email, ip: '127.0.0.1' });
const formOf = (fields: Record<string, string | string[]>) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) form.append(k, one);
  return form;
};
let ctx: ProposalActionContext;

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startTestSmtp();
  for (const [name, role] of [
    ['admin', 'admin'],
    ['lead', 'learner'],
    ['co', 'learner'],
    ['solo', 'learner'],
    ['outsider', 'learner'],
    ['j1', 'trainer'],
    ['j2', 'learner'],
    ['j3', 'learner'],
  ] as const)
    people[name] = (await createUser(t.db, {
      name: `Person ${name}`,
      email: `${name}@grants.test`,
      password: 'x'.repeat(12),
      locale: 'ru',
      region: null,
      organisation: null,
      role,
    }))!;
  ctx = {
    locale: 'en',
    mailer: createMailer({ smtpUrl: smtp.url }),
    siteName: 'Oqu',
    callTitle: 'Green Almaty',
    url: 'http://oqu.test/en/grants/proposals/x',
    joinUrl: (token) => `http://oqu.test/en/grants/join?token=${token}`,
    label: (f) => f.label.en ?? f.id,
    formatTime: (d) => d.toISOString(),
    userName: 'Person lead',
  };
});
afterAll(async () => {
  await smtp?.close();
  await t?.cleanup();
});

const ANSWERS = (title: string, requested: string, lines: [string, string][]) => ({
  'answer-title': title,
  'answer-problem': 'Few shaded places to rest.',
  'answer-target-group': 'Older residents',
  'answer-location': 'Almaty, Auezov district',
  'answer-activities': 'Plant 40 trees',
  'answer-timeline': 'April to June',
  'answer-requested': requested,
  'answer-team': 'Two trainees',
  'answer-results': 'Trees alive after a year, counted',
  ...Object.fromEntries(
    lines.flatMap(([item, tenge], n) => [
      [`budget-item-${n}`, item],
      [`budget-tenge-${n}`, tenge],
    ]),
  ),
});

describe('a call from opening to published results', () => {
  let call: Call;
  let cohortId: string;
  let teamProposal: string;
  let soloProposal: string;

  test('an admin opens a call for a cohort; only its members may apply', async () => {
    const made = await createCohort(
      t.db,
      { course: 'urbanism', name: 'Spring', startsOn: '', endsOn: '', applicationsOpenOn: '', applicationsCloseOn: '' },
      people.admin!.id,
    );
    cohortId = made.ok ? made.cohort.id : '';
    for (const who of ['lead', 'solo'])
      await t.db
        .insert(cohortMembers)
        .values({ cohortId, userId: people[who]!.id, state: 'member', joinedAt: new Date() });
    const now = Date.now();
    const almaty = (ms: number) => new Date(ms + 5 * 3600_000).toISOString().slice(0, 16);
    const created = await runCreateCall(
      t.db,
      actor('admin'),
      formOf({
        'title-en': 'Green Almaty',
        'title-ru': 'Зелёный Алматы',
        'title-kk': 'Жасыл Алматы',
        eligibility: 'cohorts',
        cohort: cohortId,
        opens: almaty(now - 3600_000),
        closes: almaty(now + 24 * 3600_000),
        budget: '1 000 000',
        max: '600 000',
      }),
    );
    expect(created).toMatchObject({ ok: true });
    call = (await findCall(t.db, (created as { callId: string }).callId))!;
    expect(call.state).toBe('draft');
    expect(await startProposal(t.db, call, people.lead!.id)).toMatchObject({
      ok: false,
      error: 'grants.error.not_open',
    });
    for (const j of ['j1', 'j2', 'j3'])
      expect(
        await runCallAdminAction(t.db, actor('admin'), call, formOf({ intent: 'juror', email: `${j}@grants.test` })),
      ).toMatchObject({ ok: true });
    expect(
      await runCallAdminAction(t.db, actor('admin'), call, formOf({ intent: 'juror', email: 'nobody@grants.test' })),
    ).toMatchObject({ ok: false, error: 'grants.error.no_such_user' });
    // While the call is a draft the admin adds, moves and removes form fields.
    const draft = (await findCall(t.db, call.id))!;
    const add = await runCallAdminAction(
      t.db,
      actor('admin'),
      draft,
      formOf({
        intent: 'field-add',
        kind: 'choice',
        'label-en': 'Field of the project',
        'label-ru': 'Сфера проекта',
        'options-en': 'Public space\nGreen planting',
        'options-ru': 'Общественное пространство\nОзеленение',
        required: 'yes',
      }),
    );
    expect(add).toMatchObject({ ok: true, message: 'grants.form_changed' });
    let edited = (await findCall(t.db, call.id))!;
    expect(edited.fields.at(-1)).toMatchObject({ id: 'field-1', kind: 'choice', required: true });
    await runCallAdminAction(t.db, actor('admin'), edited, formOf({ intent: 'field-up', field: 'field-1' }));
    edited = (await findCall(t.db, call.id))!;
    expect(edited.fields.map((f) => f.id).slice(-3)).toEqual(['results', 'field-1', 'attachments']);
    expect(
      await runCallAdminAction(t.db, actor('admin'), edited, formOf({ intent: 'field-remove', field: 'title' })),
    ).toMatchObject({ ok: false, error: 'grants.error.field_fixed' });
    await runCallAdminAction(t.db, actor('admin'), edited, formOf({ intent: 'field-remove', field: 'field-1' }));
    expect((await findCall(t.db, call.id))!.fields.map((f) => f.id)).not.toContain('field-1');
    expect(
      await runCallAdminAction(t.db, actor('admin'), call, formOf({ intent: 'advance', from: 'draft' })),
    ).toMatchObject({
      ok: true,
    });
    call = (await findCall(t.db, call.id))!;
    expect(
      await runCallAdminAction(t.db, actor('admin'), call, formOf({ intent: 'field-up', field: 'problem' })),
    ).toMatchObject({ ok: false, error: 'grants.error.not_draft_call' });
    expect(await startProposal(t.db, call, people.outsider!.id)).toMatchObject({ error: 'grants.error.not_eligible' });
    const started = await startProposal(t.db, call, people.lead!.id);
    expect(started.ok).toBe(true);
    teamProposal = (started as { proposal: { id: string } }).proposal.id;
    expect(await startProposal(t.db, call, people.lead!.id)).toMatchObject({ error: 'grants.error.one_per_team' });
    soloProposal = ((await startProposal(t.db, call, people.solo!.id)) as { proposal: { id: string } }).proposal.id;
  });

  test('the lead invites a co-applicant, who edits the draft but cannot submit', async () => {
    const lead = (await proposalForTeam(t.db, teamProposal, people.lead!))!;
    expect(await proposalForTeam(t.db, teamProposal, people.co!)).toBeNull();
    expect(
      await runProposalAction(t.db, lead, formOf({ intent: 'invite', email: ' CO@grants.test ' }), ctx),
    ).toMatchObject({
      ok: true,
      params: { email: 'co@grants.test' },
    });
    const mail = await smtp.nextMessage();
    expect(mail.to).toEqual(['co@grants.test']);
    expect(mail.text).toContain('Person lead invites you');
    // An account with the invited address does not see the draft: registration does not prove the address.
    expect(await proposalForTeam(t.db, teamProposal, people.co!)).toBeNull();
    expect((await listMyProposals(t.db, people.co!)).map((r) => r.proposal.id)).toEqual([]);
    const link = /http:\/\/oqu\.test\/en\/grants\/join\?token=([a-z2-7]+)/.exec(mail.text);
    expect(link, mail.text).not.toBeNull();
    expect(mail.html).toContain(link![0]);
    const [member] = await t.db
      .select()
      .from(grantProposalMembers)
      .where(eq(grantProposalMembers.proposalId, teamProposal));
    expect(member).toMatchObject({ email: 'co@grants.test', userId: null, tokenHash: hashToken(link![1]!) });
    expect(JSON.stringify(member)).not.toContain(link![1]!);
    expect(await joinProposal(t.db, link![1], people.co!.id)).toEqual({ ok: true, proposalId: teamProposal });
    // The link works once.
    expect(await joinProposal(t.db, link![1], people.outsider!.id)).toEqual({
      ok: false,
      error: 'grants.error.invitation_invalid',
    });
    expect(await proposalForTeam(t.db, teamProposal, people.outsider!)).toBeNull();
    expect((await listMyProposals(t.db, people.co!)).map((r) => r.proposal.id)).toEqual([teamProposal]);
    const co = (await proposalForTeam(t.db, teamProposal, people.co!))!;
    expect(co.role).toBe('member');
    const saved = await runProposalAction(
      t.db,
      co,
      formOf({
        intent: 'save',
        ...ANSWERS('Shade for Auezov', '500000', [
          ['Saplings', '300 000'],
          ['Watering', '150000'],
        ]),
      }),
      ctx,
    );
    expect(saved).toMatchObject({ ok: true, message: 'grants.saved' });
    expect(await runProposalAction(t.db, co, formOf({ intent: 'submit' }), ctx)).toMatchObject({
      error: 'grants.error.not_lead',
    });
    expect(await proposalForTeam(t.db, teamProposal, people.outsider!)).toBeNull();
  });

  test('what is missing is listed, then the lead submits and the team gets a receipt', async () => {
    const lead = (await proposalForTeam(t.db, teamProposal, people.lead!))!;
    const lines: [string, string][] = [
      ['Saplings', '300 000'],
      ['Watering', '150000'],
    ];
    const short = await runProposalAction(
      t.db,
      lead,
      formOf({ intent: 'submit', ...ANSWERS('Shade', '500000', lines) }),
      ctx,
    );
    expect(short).toMatchObject({ ok: false, error: 'grants.error.incomplete' });
    expect((short as { missing: { key: string }[] }).missing.map((m) => m.key)).toEqual(['grants.missing.budget_sum']);
    const over = await runProposalAction(
      t.db,
      lead,
      formOf({ intent: 'submit', ...ANSWERS('Shade', '700000', [['Saplings', '700000']]) }),
      ctx,
    );
    expect((over as { missing: { key: string }[] }).missing.map((m) => m.key)).toEqual(['grants.missing.budget_max']);
    lines.push(['Signs', '50 000']);
    const done = await runProposalAction(
      t.db,
      lead,
      formOf({ intent: 'submit', 'show-team': 'yes', ...ANSWERS('Shade for Auezov', '500 000 ₸', lines) }),
      ctx,
    );
    expect(done).toMatchObject({ ok: true, message: 'grants.submitted' });
    const receipts = [await smtp.nextMessage(), await smtp.nextMessage()];
    expect(receipts.map((m) => m.to[0]).sort()).toEqual(['co@grants.test', 'lead@grants.test']);
    expect(receipts[0]!.subject).toBe('Proposal received: Shade for Auezov');
  });

  test('a proposal sent after the deadline (by the database clock) is refused and stays a draft', async () => {
    const solo = (await proposalForTeam(t.db, soloProposal, people.solo!))!;
    const answers = ANSWERS('Bike racks', '400000', [['Racks', '400000']]);
    // The deadline moves to one second ago by the database's own clock.
    await t.db.run(sql`UPDATE grant_calls SET closes_at = CAST(unixepoch('subsec') * 1000 AS INTEGER) - 1000`);
    const late = await runProposalAction(t.db, solo, formOf({ intent: 'submit', ...answers }), ctx);
    expect(late).toMatchObject({ ok: false, error: 'grants.error.late' });
    const [row] = await t.db.select().from(grantProposals).where(eq(grantProposals.id, soloProposal));
    expect(row).toMatchObject({ status: 'draft', submittedAt: null });
    expect(row!.answers.title).toBe('Bike racks');
    // Refused with its own message (it said "not submitted, kept as a draft", which is about submitting).
    expect(await runProposalAction(t.db, solo, formOf({ intent: 'withdraw' }), ctx)).toMatchObject({
      error: 'grants.error.withdraw_late',
    });
    await t.db.update(grantCalls).set({ closesAt: new Date(Date.now() + 3600_000) });
    expect(await runProposalAction(t.db, solo, formOf({ intent: 'submit', ...answers }), ctx)).toMatchObject({
      ok: true,
    });
    await smtp.nextMessage();
  });

  test('the jury: a conflict hides the proposal, scores stay hidden until scoring closes', async () => {
    expect(
      await runCallAdminAction(t.db, actor('admin'), call, formOf({ intent: 'advance', from: 'open' })),
    ).toMatchObject({
      ok: true,
    });
    call = (await findCall(t.db, call.id))!;
    expect(call.closesAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(await proposalForJuror(t.db, call, teamProposal, people.outsider!.id)).toBeNull();
    expect(await runJuryAction(t.db, actor('j3'), call, teamProposal, formOf({ intent: 'conflict' }))).toMatchObject({
      ok: true,
    });
    expect(await proposalForJuror(t.db, call, teamProposal, people.j3!.id)).toBeNull();
    const score = (juror: string, proposal: string, levels: number[], comment: string) =>
      runJuryAction(
        t.db,
        actor(juror),
        call,
        proposal,
        formOf({
          intent: 'score',
          comment,
          ...Object.fromEntries(call.criteria.map((c, i) => [`level-${c.id}`, String(levels[i])])),
        }),
      );
    expect(await score('j3', teamProposal, [2, 2, 2, 2], 'conflicted')).toMatchObject({
      error: 'grants.error.not_found',
    });
    expect(await score('j1', teamProposal, [1, 1, 1], 'partial')).toMatchObject({
      error: 'grants.error.rubric_incomplete',
    });
    expect(await score('j1', teamProposal, [2, 2, 2, 1], 'Strong, cost the watering')).toMatchObject({ ok: true });
    expect(await score('j2', teamProposal, [2, 2, 1, 2], 'Good')).toMatchObject({ ok: true });
    expect(await score('j1', soloProposal, [1, 1, 1, 1], 'Racks exist nearby')).toMatchObject({ ok: true });
    expect(await score('j2', soloProposal, [1, 0, 1, 1], 'Unclear timeline')).toMatchObject({ ok: true });
    expect(await score('j3', soloProposal, [0, 0, 0, 0], 'Not convinced')).toMatchObject({ ok: true });
    expect((await listForJuror(t.db, call, people.j3!.id)).map((r) => r.conflict).sort()).toEqual([false, true]);
    expect(await anonymisedScores(t.db, call, teamProposal)).toEqual([]);
    const en = (key: Parameters<typeof translate>[1]) => translate('en', key);
    expect(await scoreRows(t.db, call, en)).toBeNull();
    const exported = await proposalRows(t.db, call, en, (text) => text?.en ?? '');
    expect(exported.rows.map((r) => [r[1], r[6], r[8]])).toEqual([
      ['Shade for Auezov', 500000, null],
      ['Bike racks', 400000, null],
    ]);
    const during = await callOverview(t.db, call);
    expect(during.ranking).toEqual([]);
    expect(during.progress.map((p) => [p.email, p.scored, p.toScore])).toEqual([
      ['j1@grants.test', 2, 2],
      ['j2@grants.test', 2, 2],
      ['j3@grants.test', 1, 1],
    ]);
  });

  test('after closing: ranking, a winner within the budget, public results, anonymised feedback', async () => {
    await runCallAdminAction(t.db, actor('admin'), call, formOf({ intent: 'advance', from: 'scoring' }));
    call = (await findCall(t.db, call.id))!;
    const overview = await callOverview(t.db, call);
    expect(overview.ranking.map((r) => [r.proposalId, r.sum, r.count])).toEqual([
      [teamProposal, 36, 2],
      [soloProposal, 12 + 10 + 4, 3],
    ]);
    const decide = (proposal: string, amount: string) =>
      runCallAdminAction(t.db, actor('admin'), call, formOf({ intent: 'decide', proposal, amount, reason: '' }));
    expect(await decide(teamProposal, '500 001')).toMatchObject({ error: 'grants.error.amount_above_request' });
    expect(await decide(teamProposal, '499999.5')).toMatchObject({ error: 'grants.error.amount' });
    expect(await decide(teamProposal, '500000')).toMatchObject({ ok: true });
    expect(await decide(soloProposal, '400000')).toMatchObject({ ok: true });
    expect(
      await runCallAdminAction(t.db, actor('admin'), call, formOf({ intent: 'undecide', proposal: soloProposal })),
    ).toMatchObject({ ok: true });
    expect(await publicWinners(t.db, call)).toEqual([]);
    await runCallAdminAction(t.db, actor('admin'), call, formOf({ intent: 'advance', from: 'closed' }));
    call = (await findCall(t.db, call.id))!;
    expect(await publicWinners(t.db, call)).toEqual([
      expect.objectContaining({
        title: 'Shade for Auezov',
        amount: 500000,
        region: 'Almaty, Auezov district',
        team: ['Person lead', 'Person co'],
      }),
    ]);
    const en = (key: Parameters<typeof translate>[1]) => translate('en', key);
    const scoresCsv = (await scoreRows(t.db, call, en))!;
    expect(scoresCsv.header).toEqual([
      'Proposal',
      'Title',
      'Juror',
      'relevance',
      'feasibility',
      'budget',
      'impact',
      'Points',
      'Comment',
    ]);
    expect(scoresCsv.rows).toHaveLength(5);
    expect((await proposalRows(t.db, call, en, (text) => text?.en ?? '')).rows.map((r) => [r[8], r[9], r[10]])).toEqual(
      [
        [18, 0, 500000],
        [8.67, 8, null],
      ],
    );
    const feedback = await anonymisedScores(t.db, call, soloProposal);
    expect(feedback.map((f) => f.comment).sort()).toEqual(['Not convinced', 'Racks exist nearby', 'Unclear timeline']);
    expect(JSON.stringify(feedback)).not.toMatch(/j[123]@|Person j/);
    const audited = await t.db.select({ action: auditLog.action }).from(auditLog);
    expect(new Set(audited.map((a) => a.action))).toEqual(
      new Set([
        'grant.create',
        'grant.juror',
        'grant.advance',
        'grant.conflict',
        'grant.score',
        'grant.decide',
        'grant.undecide',
        'grant.form',
      ]),
    );
  });
});
