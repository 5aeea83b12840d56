/**
 * The jury's side (decision 040): a juror sees the submitted proposals of the calls they were
 * named for, declares a conflict of interest with any of them (after which that proposal is
 * neither shown to them nor scored by them, and a score they gave is removed), and scores the
 * others with the rubric and a comment while the call is in scoring. Other jurors' scores stay
 * hidden from everyone until the admin closes scoring.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { grantCalls, grantConflicts, grantProposals, grantScores } from '#db/schema.ts';
import type { Result } from '#lib/result.ts';
import { isJuror, type Call } from './calls.server.ts';
import { scoreCall } from './rubric.ts';

export type JuryError =
  | 'grants.error.not_scoring'
  | 'grants.error.rubric_incomplete'
  | 'grants.error.conflict'
  | 'grants.error.not_found'
  | 'grants.error.rubric_changed';

/** Whether the scores of a call may be seen by anyone (after the admin closed scoring). */
export function scoresVisible(call: Pick<Call, 'state'>): boolean {
  return call.state === 'closed' || call.state === 'published';
}

/** The submitted proposals of the call, each with whether the juror declared a conflict and their own score. */
export async function listForJuror(db: Database, call: Call, jurorId: string) {
  const rows = await db
    .select({
      proposal: grantProposals,
      conflict: sql<number>`EXISTS (SELECT 1 FROM ${grantConflicts} c WHERE c.proposal_id = ${grantProposals.id}
        AND c.juror_id = ${jurorId})`,
      points: sql<number | null>`(SELECT s.points FROM ${grantScores} s WHERE s.proposal_id = ${grantProposals.id}
        AND s.juror_id = ${jurorId})`,
    })
    .from(grantProposals)
    .where(and(eq(grantProposals.callId, call.id), eq(grantProposals.status, 'submitted')))
    .orderBy(grantProposals.submittedAt);
  return rows.map((r) => ({ ...r, conflict: Boolean(r.conflict) }));
}

/**
 * The proposal for a juror of its call who has not declared a conflict with it, else null (the
 * route answers 404: a proposal in conflict is as if it did not exist for them).
 */
export async function proposalForJuror(db: Database, call: Call, proposalId: string, jurorId: string) {
  if (!(await isJuror(db, call.id, jurorId))) return null;
  const [row] = await db
    .select()
    .from(grantProposals)
    .where(
      and(
        eq(grantProposals.id, proposalId),
        eq(grantProposals.callId, call.id),
        eq(grantProposals.status, 'submitted'),
        sql`NOT EXISTS (SELECT 1 FROM ${grantConflicts} c WHERE c.proposal_id = ${grantProposals.id}
          AND c.juror_id = ${jurorId})`,
      ),
    );
  return row ?? null;
}

/** Declares a conflict; the juror's score of it, if any, no longer counts. */
export async function declareConflict(db: Database, call: Call, proposalId: string, jurorId: string, now = new Date()) {
  const proposal = await proposalForJuror(db, call, proposalId, jurorId);
  if (!proposal) return false;
  await db.batch([
    db.insert(grantConflicts).values({ proposalId, jurorId, declaredAt: now }).onConflictDoNothing(),
    db.delete(grantScores).where(and(eq(grantScores.proposalId, proposalId), eq(grantScores.jurorId, jurorId))),
  ]);
  return true;
}

/** The juror's score (a level per criterion, a comment), replacing their earlier one, while the call is in scoring. */
export async function scoreProposal(
  db: Database,
  call: Call,
  input: { proposalId: string; jurorId: string; chosen: Record<string, unknown>; comment: string },
  now = new Date(),
): Promise<Result<{ points: number }, JuryError>> {
  if (call.state !== 'scoring') return { ok: false, error: 'grants.error.not_scoring' };
  const proposal = await proposalForJuror(db, call, input.proposalId, input.jurorId);
  if (!proposal) return { ok: false, error: 'grants.error.not_found' };
  const scored = scoreCall(call.criteria, input.chosen);
  if (!scored) return { ok: false, error: 'grants.error.rubric_incomplete' };
  const values = { ...scored, comment: input.comment.slice(0, 5000).trim(), scoredAt: now };
  // The conflict, state and rubric are checked again in the statement: a conflict declared or a
  // rubric changed meanwhile wins (the score was given against the rubric the juror saw).
  const rows = await db.run(sql`
    INSERT INTO grant_scores (proposal_id, juror_id, levels, points, comment, scored_at)
    SELECT ${input.proposalId}, ${input.jurorId}, ${JSON.stringify(values.levels)}, ${values.points},
      ${values.comment}, ${now.getTime()}
    WHERE NOT EXISTS (SELECT 1 FROM grant_conflicts c WHERE c.proposal_id = ${input.proposalId}
        AND c.juror_id = ${input.jurorId})
      AND EXISTS (SELECT 1 FROM grant_calls WHERE id = ${call.id} AND state = 'scoring'
        AND json(rubric) = json(${JSON.stringify(call.rubric)}))
    ON CONFLICT (proposal_id, juror_id) DO UPDATE SET levels = excluded.levels, points = excluded.points,
      comment = excluded.comment, scored_at = excluded.scored_at`);
  if (rows.rowsAffected === 0) {
    const [stored] = await db.select({ rubric: grantCalls.rubric }).from(grantCalls).where(eq(grantCalls.id, call.id));
    const changed = JSON.stringify(stored?.rubric) !== JSON.stringify(call.rubric);
    return { ok: false, error: changed ? 'grants.error.rubric_changed' : 'grants.error.conflict' };
  }
  return { ok: true, points: scored.points };
}

/** The juror's own score of a proposal, if any. */
export async function ownScore(db: Database, proposalId: string, jurorId: string) {
  const [row] = await db
    .select()
    .from(grantScores)
    .where(and(eq(grantScores.proposalId, proposalId), eq(grantScores.jurorId, jurorId)));
  return row ?? null;
}

/**
 * Every score of a proposal, anonymised (no juror id, in a fixed order), once scoring is
 * closed; an empty list before (nobody sees scores before closing).
 */
export async function anonymisedScores(db: Database, call: Pick<Call, 'state'>, proposalId: string) {
  if (!scoresVisible(call)) return [];
  const rows = await db
    .select({ levels: grantScores.levels, points: grantScores.points, comment: grantScores.comment })
    .from(grantScores)
    .where(eq(grantScores.proposalId, proposalId))
    .orderBy(grantScores.scoredAt, grantScores.jurorId);
  return rows;
}
