/**
 * The admin's view of a call's jury work and the decisions (decision 041): progress per juror
 * while they score; after scoring is closed, the ranking (mean and spread per proposal, jurors
 * far from the others flagged), the winners and amounts within the budget, and the public
 * results once published.
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { grantConflicts, grantDecisions, grantProposals, grantScores } from '#db/schema.ts';
import type { Result } from '#lib/result.ts';
import { listJurors, type Call } from './calls.server.ts';
import { scoresVisible } from './jury.server.ts';
import { parseTenge } from './money.ts';
import { checkAward, jurorDeviations, rankProposals, tiesWithOther, type AwardError } from './ranking.ts';
import { listTeam } from './proposals.server.ts';
import { maxCallPoints } from './rubric.ts';

/** Everything the admin's call page shows about proposals, jurors and scores. */
export async function callOverview(db: Database, call: Call) {
  const [proposals, jurors, conflicts, scores, decisions] = await Promise.all([
    db
      .select()
      .from(grantProposals)
      .where(and(eq(grantProposals.callId, call.id), ne(grantProposals.status, 'draft')))
      .orderBy(grantProposals.submittedAt),
    listJurors(db, call.id),
    db
      .select({ proposalId: grantConflicts.proposalId, jurorId: grantConflicts.jurorId })
      .from(grantConflicts)
      .innerJoin(grantProposals, eq(grantProposals.id, grantConflicts.proposalId))
      .where(eq(grantProposals.callId, call.id)),
    db
      .select({ proposalId: grantScores.proposalId, jurorId: grantScores.jurorId, points: grantScores.points })
      .from(grantScores)
      .innerJoin(grantProposals, eq(grantProposals.id, grantScores.proposalId))
      .where(and(eq(grantProposals.callId, call.id), eq(grantProposals.status, 'submitted'))),
    db.select().from(grantDecisions).where(eq(grantDecisions.callId, call.id)),
  ]);
  const submitted = proposals.filter((p) => p.status === 'submitted');
  const progress = jurors.map((j) => ({
    ...j,
    scored: scores.filter((s) => s.jurorId === j.id).length,
    toScore: submitted.length - conflicts.filter((c) => c.jurorId === j.id).length,
    conflicts: conflicts.filter((c) => c.jurorId === j.id).length,
  }));
  const visible = scoresVisible(call);
  const max = maxCallPoints(call.criteria);
  return {
    submitted,
    withdrawn: proposals.length - submitted.length,
    progress,
    /** Only once scoring is closed: nobody sees scores before. */
    ranking: visible
      ? rankProposals(
          submitted.map((p) => p.id),
          scores,
        )
      : [],
    deviations: visible
      ? jurorDeviations(
          jurors.map((j) => j.id),
          scores,
          max,
        )
      : [],
    decisions,
    maxPoints: max,
    awarded: decisions.reduce((sum, d) => sum + d.amountTenge, 0),
  };
}

/**
 * Makes a proposal a winner with `amount` whole tenge, or changes its amount, while scoring is
 * closed and before publishing. The budget is checked again in the statement itself, so two
 * admins deciding at once cannot together exceed it.
 */
export async function decideWinner(
  db: Database,
  call: Call,
  input: { proposalId: string; amount: string; reason: string; adminId: string },
  now = new Date(),
): Promise<Result<{ amount: number }, AwardError | 'grants.error.not_closed' | 'grants.error.not_found'>> {
  if (call.state !== 'closed') return { ok: false, error: 'grants.error.not_closed' };
  const overview = await callOverview(db, call);
  const proposal = overview.submitted.find((p) => p.id === input.proposalId);
  if (!proposal) return { ok: false, error: 'grants.error.not_found' };
  const amount = parseTenge(input.amount);
  const others = overview.decisions.filter((d) => d.proposalId !== proposal.id);
  const error = checkAward({
    amount,
    requested: parseTenge(proposal.answers.requested ?? '') ?? 0,
    maxPerProject: call.maxPerProjectTenge,
    budget: call.budgetTenge,
    otherAwards: others.map((d) => d.amountTenge),
  });
  if (error) return { ok: false, error };
  const reason = input.reason.trim().slice(0, 1000);
  const winners = new Set(others.map((d) => d.proposalId));
  if (!reason && tiesWithOther(overview.ranking, proposal.id, winners))
    return { ok: false, error: 'grants.error.tie_reason' };
  const written = await db.run(sql`
    INSERT INTO grant_decisions (proposal_id, call_id, amount_tenge, tie_break_reason, decided_by, decided_at)
    SELECT ${proposal.id}, ${call.id}, ${amount}, ${reason}, ${input.adminId}, ${now.getTime()}
    WHERE (SELECT coalesce(sum(amount_tenge), 0) FROM grant_decisions WHERE call_id = ${call.id}
        AND proposal_id != ${proposal.id}) + ${amount} <= ${call.budgetTenge}
      AND EXISTS (SELECT 1 FROM grant_calls WHERE id = ${call.id} AND state = 'closed')
    ON CONFLICT (proposal_id) DO UPDATE SET amount_tenge = excluded.amount_tenge,
      tie_break_reason = excluded.tie_break_reason, decided_by = excluded.decided_by,
      decided_at = excluded.decided_at`);
  if (written.rowsAffected === 0) return { ok: false, error: 'grants.error.over_budget' };
  return { ok: true, amount: amount! };
}

/** Takes a proposal off the winners (before publishing). */
export async function removeWinner(db: Database, call: Call, proposalId: string): Promise<boolean> {
  if (call.state !== 'closed') return false;
  const rows = await db
    .delete(grantDecisions)
    .where(and(eq(grantDecisions.callId, call.id), eq(grantDecisions.proposalId, proposalId)))
    .returning({ id: grantDecisions.proposalId });
  return rows.length > 0;
}

/** The published winners: title, team (when they agreed), region, amount and summary; empty before publishing. */
export async function publicWinners(db: Database, call: Call) {
  if (call.state !== 'published') return [];
  const rows = await db
    .select({ proposal: grantProposals, amount: grantDecisions.amountTenge })
    .from(grantDecisions)
    .innerJoin(grantProposals, eq(grantProposals.id, grantDecisions.proposalId))
    .where(eq(grantDecisions.callId, call.id))
    .orderBy(sql`${grantDecisions.amountTenge} DESC`, grantProposals.id);
  return Promise.all(
    rows.map(async ({ proposal, amount }) => ({
      id: proposal.id,
      title: proposal.answers.title ?? '',
      region: proposal.answers.location ?? '',
      summary: proposal.answers.problem ?? '',
      amount,
      team: proposal.showTeam ? (await listTeam(db, proposal)).map((m) => m.name).filter((n): n is string => !!n) : [],
    })),
  );
}
