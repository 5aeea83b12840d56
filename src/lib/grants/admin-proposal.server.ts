/**
 * One proposal as the admin reads it before deciding (decision 040): its answers, budget lines,
 * files and team with names (blind review hides names from the jury only, never from the
 * admin), which jurors declared a conflict with it, the decision if any, and once scoring is
 * closed every juror's score by name. Drafts stay the team's own: they are not shown here.
 */
import { and, eq, ne } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { grantConflicts, grantDecisions, grantProposals, grantScores, users } from '#db/schema.ts';
import type { Call } from './calls.server.ts';
import { listProposalFiles, type ProposalFile } from './files.server.ts';
import { scoresVisible } from './jury.server.ts';
import { listTeam, type ProposalRow, type TeamMember } from './proposals.server.ts';

export interface JurorScore {
  name: string;
  email: string;
  levels: Record<string, number>;
  points: number;
  comment: string;
  scoredAt: Date;
}

export interface AdminProposal {
  proposal: ProposalRow;
  team: TeamMember[];
  files: ProposalFile[];
  /** Names of the jurors who declared a conflict of interest with it. */
  conflicts: string[];
  /** Every juror's score by name, once scoring is closed; empty before (nobody sees scores earlier). */
  scores: JurorScore[];
  decision: typeof grantDecisions.$inferSelect | null;
}

/** The call's submitted or withdrawn proposal with everything the admin reads; null for a draft or another call's. */
export async function proposalForAdmin(db: Database, call: Call, proposalId: string): Promise<AdminProposal | null> {
  const [proposal] = await db
    .select()
    .from(grantProposals)
    .where(
      and(eq(grantProposals.id, proposalId), eq(grantProposals.callId, call.id), ne(grantProposals.status, 'draft')),
    );
  if (!proposal) return null;
  const [team, files, conflicts, scores, decisions] = await Promise.all([
    listTeam(db, proposal),
    listProposalFiles(db, proposal.id),
    db
      .select({ name: users.displayName })
      .from(grantConflicts)
      .innerJoin(users, eq(users.id, grantConflicts.jurorId))
      .where(eq(grantConflicts.proposalId, proposal.id))
      .orderBy(users.email),
    scoresVisible(call)
      ? db
          .select({
            name: users.displayName,
            email: users.email,
            levels: grantScores.levels,
            points: grantScores.points,
            comment: grantScores.comment,
            scoredAt: grantScores.scoredAt,
          })
          .from(grantScores)
          .innerJoin(users, eq(users.id, grantScores.jurorId))
          .where(eq(grantScores.proposalId, proposal.id))
          .orderBy(users.email)
      : Promise.resolve([]),
    db.select().from(grantDecisions).where(eq(grantDecisions.proposalId, proposal.id)),
  ]);
  return {
    proposal,
    team,
    files,
    conflicts: conflicts.map((c) => c.name),
    scores,
    decision: decisions[0] ?? null,
  };
}
