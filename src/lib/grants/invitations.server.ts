/**
 * A co-applicant joins a team through the one-time link of the lead's invitation (decision 040):
 * the token in the link proves the invited mailbox was read, and the account that follows it,
 * signed in, becomes the member. Registration does not verify addresses, so an account that only
 * carries the invited address does not see the draft. Only the token's SHA-256 is stored; using
 * it clears it, so a link works once.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { grantCalls, grantProposalMembers, grantProposals } from '#db/schema.ts';
import { hashToken, isWellFormedToken } from '#lib/auth/token.ts';
import type { Result } from '#lib/result.ts';
import { readCall, type Call } from './calls.server.ts';
import type { ProposalRow } from './proposals.server.ts';

export type JoinError = 'grants.error.invitation_invalid' | 'grants.error.already_in_team';

export interface Invitation {
  proposal: ProposalRow;
  call: Call;
  /** The address the invitation went to. */
  email: string;
}

/** The unused invitation a token stands for, else null (malformed, used, replaced or never issued). */
export async function findInvitation(db: Database, token: unknown): Promise<Invitation | null> {
  if (!isWellFormedToken(token)) return null;
  const [row] = await db
    .select({ email: grantProposalMembers.email, proposal: grantProposals, call: grantCalls })
    .from(grantProposalMembers)
    .innerJoin(grantProposals, eq(grantProposals.id, grantProposalMembers.proposalId))
    .innerJoin(grantCalls, eq(grantCalls.id, grantProposals.callId))
    .where(and(eq(grantProposalMembers.tokenHash, hashToken(token)), isNull(grantProposalMembers.userId)));
  return row ? { email: row.email, proposal: row.proposal, call: readCall(row.call) } : null;
}

/**
 * The signed-in user joins the team the token invites to, once: the token is cleared in the same
 * statement that records the account, so two uses at once cannot both succeed. The lead, or an
 * account already in the team, is refused (and the link stays for the invitee).
 */
export async function joinProposal(
  db: Database,
  token: unknown,
  userId: string,
  now = new Date(),
): Promise<Result<{ proposalId: string }, JoinError>> {
  const invitation = await findInvitation(db, token);
  if (!invitation) return { ok: false, error: 'grants.error.invitation_invalid' };
  const proposalId = invitation.proposal.id;
  const [joined] = await db
    .update(grantProposalMembers)
    .set({ userId, joinedAt: now, tokenHash: null })
    .where(
      and(
        eq(grantProposalMembers.tokenHash, hashToken(token as string)),
        isNull(grantProposalMembers.userId),
        sql`NOT EXISTS (SELECT 1 FROM ${grantProposals} p WHERE p.id = ${proposalId} AND p.lead_id = ${userId})`,
        sql`NOT EXISTS (SELECT 1 FROM ${grantProposalMembers} m WHERE m.proposal_id = ${proposalId}
          AND m.user_id = ${userId})`,
      ),
    )
    .returning({ proposalId: grantProposalMembers.proposalId });
  if (joined) return { ok: true, proposalId: joined.proposalId };
  return (await findInvitation(db, token))
    ? { ok: false, error: 'grants.error.already_in_team' }
    : { ok: false, error: 'grants.error.invitation_invalid' };
}
