/**
 * A call's CSV exports for its admins: the proposals (with team, status, request, once
 * scoring is closed the mean, spread and award, then one column per form field with the
 * answer, labelled in the admin's language) and the scores (per juror and criterion, only
 * once scoring is closed: before that, no export shows a score).
 */
import { and, eq, ne } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { grantProposals, grantScores, users } from '#db/schema.ts';
import type { Localized } from '#lib/i18n/pick-text.ts';
import type { MessageKey } from '#lib/i18n/t.ts';
import type { CsvValue } from '#lib/reports/csv.ts';
import type { Call } from './calls.server.ts';
import { scoresVisible } from './jury.server.ts';
import { parseTenge } from './money.ts';
import { listProposalFiles } from './files.server.ts';
import { answerText, budgetTotal } from './proposal.ts';
import { listTeam } from './proposals.server.ts';
import { levelPoints } from './rubric.ts';
import { callOverview } from './results.server.ts';

export const GRANT_TABLES = ['proposals', 'scores'] as const;
export type GrantTable = (typeof GRANT_TABLES)[number];

type Translate = (key: MessageKey) => string;

/** `pick` shows a text written per language (a field's label, a choice's option) in the admin's language. */
export async function proposalRows(
  db: Database,
  call: Call,
  t: Translate,
  pick: (text: Localized<string> | undefined) => string,
) {
  const proposals = await db
    .select()
    .from(grantProposals)
    .where(and(eq(grantProposals.callId, call.id), ne(grantProposals.status, 'draft')))
    .orderBy(grantProposals.submittedAt);
  const overview = await callOverview(db, call);
  const ranked = new Map(overview.ranking.map((r) => [r.proposalId, r]));
  const awards = new Map(overview.decisions.map((d) => [d.proposalId, d.amountTenge]));
  const rows: CsvValue[][] = [];
  for (const p of proposals) {
    const team = await listTeam(db, p);
    const r = ranked.get(p.id);
    const files = call.fields.some((f) => f.kind === 'file') ? await listProposalFiles(db, p.id) : [];
    rows.push([
      p.id,
      p.answers.title,
      team.map((m) => m.email).join(', '),
      t(`grants.status.${p.status}`),
      p.submittedAt,
      p.answers.location,
      parseTenge(p.answers.requested ?? ''),
      budgetTotal(p.budget),
      r && r.count ? Number(r.mean.toFixed(2)) : null,
      r && r.count ? r.spread : null,
      awards.get(p.id) ?? null,
      ...call.fields.map((f) =>
        answerText(
          f,
          p,
          pick,
          files.filter((file) => file.fieldId === f.id).map((file) => file.name),
        ),
      ),
    ]);
  }
  const header = [
    'csv.grants.proposal',
    'csv.grants.title',
    'csv.grants.team',
    'csv.grants.status',
    'csv.grants.submitted',
    'csv.grants.location',
    'csv.grants.requested',
    'csv.grants.budget_total',
    'csv.grants.mean',
    'csv.grants.spread',
    'csv.grants.awarded',
  ] as const;
  return { header: [...header.map((k) => t(k)), ...call.fields.map((f) => pick(f.label))], rows };
}

/** Null before scoring is closed: nobody sees scores until then. */
export async function scoreRows(db: Database, call: Call, t: Translate) {
  if (!scoresVisible(call)) return null;
  const scores = await db
    .select({ score: grantScores, title: grantProposals.answers, juror: users.email })
    .from(grantScores)
    .innerJoin(grantProposals, eq(grantProposals.id, grantScores.proposalId))
    .innerJoin(users, eq(users.id, grantScores.jurorId))
    .where(and(eq(grantProposals.callId, call.id), eq(grantProposals.status, 'submitted')))
    .orderBy(grantProposals.id, users.email);
  const rows = scores.map(({ score, title, juror }) => [
    score.proposalId,
    title.title,
    juror,
    ...call.criteria.map((c) => {
      const level = c.levels[score.levels[c.id] ?? -1];
      return level ? levelPoints(c, level) : null;
    }),
    score.points,
    score.comment,
  ]);
  const header = [
    t('csv.grants.proposal'),
    t('csv.grants.title'),
    t('csv.grants.juror'),
    ...call.criteria.map((c) => c.id),
    t('csv.grants.points'),
    t('csv.grants.comment'),
  ];
  return { header, rows };
}
