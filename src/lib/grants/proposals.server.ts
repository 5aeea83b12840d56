/**
 * Proposals (decision 040): a lead starts one for a call they may apply to, invites
 * co-applicants by e-mail (a one-time link: the account that follows it signed in edits the
 * draft too, invitations.server.ts), saves
 * drafts, and submits while the call is open; only the lead submits or withdraws. The
 * deadline is judged by the database clock inside the one statement that submits, so a
 * proposal a second late is refused and stays a draft, whatever the server's own clock says.
 */
import { and, eq, inArray, ne, or, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { createId } from '#db/ids.ts';
import { grantCalls, grantProposalMembers, grantProposals, users } from '#db/schema.ts';
import { generateSecretToken, hashToken } from '#lib/auth/token.ts';
import type { Result } from '#lib/result.ts';
import { isEligible, readCall, type Call } from './calls.server.ts';
import type { ProposalContent } from './proposal.ts';

export type ProposalRow = typeof grantProposals.$inferSelect;
export type ProposalError =
  | 'grants.error.not_open'
  | 'grants.error.not_eligible'
  | 'grants.error.one_per_team'
  | 'grants.error.late'
  | 'grants.error.withdraw_late'
  | 'grants.error.not_lead'
  | 'grants.error.not_draft'
  | 'grants.error.incomplete'
  | 'grants.error.changed'
  | 'grants.error.team_full';

const NOW = sql`CAST(unixepoch('subsec') * 1000 AS INTEGER)`;
export const MAX_CO_APPLICANTS = 9;

/** Starts a draft for the user as lead, if the call is open now, they are eligible and under the call's limit. */
export async function startProposal(
  db: Database,
  call: Call,
  userId: string,
): Promise<Result<{ proposal: ProposalRow }, ProposalError>> {
  if (call.state !== 'open') return { ok: false, error: 'grants.error.not_open' };
  if (!(await isEligible(db, call, userId))) return { ok: false, error: 'grants.error.not_eligible' };
  const id = createId();
  const inserted = await db.run(sql`
    INSERT INTO grant_proposals (id, call_id, lead_id, status, answers, budget, show_team, created_at, updated_at)
    SELECT ${id}, c.id, ${userId}, 'draft', '{}', '[]', 0, ${NOW}, ${NOW} FROM grant_calls c
    WHERE c.id = ${call.id} AND c.state = 'open' AND c.opens_at <= ${NOW} AND ${NOW} < c.closes_at
      AND (SELECT count(*) FROM grant_proposals p WHERE p.call_id = c.id AND p.lead_id = ${userId}
        AND p.status != 'withdrawn') < c.proposals_per_lead`);
  if (inserted.rowsAffected === 0) {
    const mine = await db
      .select({ id: grantProposals.id })
      .from(grantProposals)
      .where(
        and(
          eq(grantProposals.callId, call.id),
          eq(grantProposals.leadId, userId),
          ne(grantProposals.status, 'withdrawn'),
        ),
      );
    const full = mine.length >= call.proposalsPerLead;
    return { ok: false, error: full ? 'grants.error.one_per_team' : 'grants.error.not_open' };
  }
  const [proposal] = await db.select().from(grantProposals).where(eq(grantProposals.id, id));
  return { ok: true, proposal: proposal! };
}

export interface ProposalAccess {
  proposal: ProposalRow;
  call: Call;
  role: 'lead' | 'member';
}

/** Whether the user is a co-applicant who joined the proposal (followed the invitation's link). */
const joinedBy = (userId: string) =>
  sql`EXISTS (SELECT 1 FROM ${grantProposalMembers} m WHERE m.proposal_id = ${grantProposals.id}
    AND m.user_id = ${userId})`;

/**
 * The proposal for a member of its team (the lead, or a co-applicant who joined through the
 * invitation's link), else null: nobody else sees it here, not even an account with an invited
 * address that has not followed the link (registration does not prove the address).
 */
export async function proposalForTeam(
  db: Database,
  proposalId: string,
  user: { id: string },
): Promise<ProposalAccess | null> {
  const [row] = await db
    .select({ proposal: grantProposals, call: grantCalls })
    .from(grantProposals)
    .innerJoin(grantCalls, eq(grantCalls.id, grantProposals.callId))
    .where(and(eq(grantProposals.id, proposalId), or(eq(grantProposals.leadId, user.id), joinedBy(user.id))));
  if (!row) return null;
  return {
    proposal: row.proposal,
    call: readCall(row.call),
    role: row.proposal.leadId === user.id ? 'lead' : 'member',
  };
}

/** Saves the draft's answers; refused once it is submitted or withdrawn. */
export async function saveProposal(
  db: Database,
  proposalId: string,
  content: Pick<ProposalContent, 'answers' | 'budget'> & { showTeam: boolean },
): Promise<ProposalRow | null> {
  const [row] = await db
    .update(grantProposals)
    .set({ answers: content.answers, budget: content.budget, showTeam: content.showTeam, updatedAt: sql`${NOW}` })
    .where(and(eq(grantProposals.id, proposalId), eq(grantProposals.status, 'draft')))
    .returning();
  return row ?? null;
}

/**
 * Submits the lead's draft if, by the database clock, the call is open at this instant and the
 * draft is the one that was checked (`updatedAt`: nobody changed it since). A late one stays a draft.
 */
export async function submitProposal(
  db: Database,
  access: ProposalAccess,
  checked: ProposalRow,
): Promise<Result<{ submittedAt: Date }, ProposalError>> {
  if (access.role !== 'lead') return { ok: false, error: 'grants.error.not_lead' };
  const [row] = await db
    .update(grantProposals)
    .set({ status: 'submitted', submittedAt: sql`${NOW}` })
    .where(
      and(
        eq(grantProposals.id, checked.id),
        eq(grantProposals.status, 'draft'),
        eq(grantProposals.updatedAt, checked.updatedAt),
        sql`EXISTS (SELECT 1 FROM ${grantCalls} c WHERE c.id = ${grantProposals.callId} AND c.state = 'open'
          AND c.opens_at <= ${NOW} AND ${NOW} < c.closes_at)`,
      ),
    )
    .returning({ submittedAt: grantProposals.submittedAt });
  if (row?.submittedAt) return { ok: true, submittedAt: row.submittedAt };
  const [now] = await db.select().from(grantProposals).where(eq(grantProposals.id, checked.id));
  if (now?.status !== 'draft') return { ok: false, error: 'grants.error.not_draft' };
  if (now.updatedAt.getTime() !== checked.updatedAt.getTime()) return { ok: false, error: 'grants.error.changed' };
  return { ok: false, error: 'grants.error.late' };
}

/**
 * The lead withdraws a draft or a submitted proposal, only while the call is open and before the
 * deadline (database clock). Once the jury may be scoring (starting the scoring moves the deadline
 * to that instant) it is refused: conflicts and scores stay with a proposal that stays in the call.
 */
export async function withdrawProposal(db: Database, access: ProposalAccess): Promise<Result<object, ProposalError>> {
  if (access.role !== 'lead') return { ok: false, error: 'grants.error.not_lead' };
  const rows = await db
    .update(grantProposals)
    .set({ status: 'withdrawn', updatedAt: sql`${NOW}` })
    .where(
      and(
        eq(grantProposals.id, access.proposal.id),
        inArray(grantProposals.status, ['draft', 'submitted']),
        sql`EXISTS (SELECT 1 FROM ${grantCalls} c WHERE c.id = ${grantProposals.callId} AND c.state = 'open'
          AND ${NOW} < c.closes_at)`,
      ),
    )
    .returning({ id: grantProposals.id });
  return rows.length ? { ok: true } : { ok: false, error: 'grants.error.withdraw_late' };
}

/**
 * The lead invites a co-applicant by address (kept lower-cased) with a new one-time token for the
 * e-mail's link; only its hash is stored. Inviting an address again replaces its token (the old
 * link stops working); `token` is null when that address's account already joined. Refused when
 * the team is full or the proposal is not a draft.
 */
export async function inviteCoApplicant(
  db: Database,
  access: ProposalAccess,
  email: string,
  now = new Date(),
): Promise<Result<{ email: string; token: string | null }, ProposalError>> {
  if (access.role !== 'lead') return { ok: false, error: 'grants.error.not_lead' };
  if (access.proposal.status !== 'draft') return { ok: false, error: 'grants.error.not_draft' };
  const address = email.trim().toLowerCase();
  const token = generateSecretToken();
  const written = await db.run(sql`
    INSERT INTO grant_proposal_members (proposal_id, email, invited_at, token_hash)
    SELECT ${access.proposal.id}, ${address}, ${now.getTime()}, ${hashToken(token)}
    WHERE (SELECT count(*) FROM grant_proposal_members WHERE proposal_id = ${access.proposal.id}) < ${MAX_CO_APPLICANTS}
    ON CONFLICT (proposal_id, email) DO UPDATE SET token_hash = excluded.token_hash, invited_at = excluded.invited_at
      WHERE grant_proposal_members.user_id IS NULL`);
  if (written.rowsAffected > 0) return { ok: true, email: address, token };
  const team = await listTeam(db, access.proposal);
  if (!team.some((m) => m.email === address)) return { ok: false, error: 'grants.error.team_full' };
  return { ok: true, email: address, token: null };
}

export interface TeamMember {
  /** The lead's address, or the address a co-applicant was invited at. */
  email: string;
  /** The account's name once the co-applicant joined (the lead's always); null before. */
  name: string | null;
  lead: boolean;
}

/** The lead and the invited co-applicants, with names where they joined with an account. */
export async function listTeam(db: Database, proposal: Pick<ProposalRow, 'id' | 'leadId'>): Promise<TeamMember[]> {
  const [lead] = await db
    .select({ email: users.email, name: users.displayName })
    .from(users)
    .where(eq(users.id, proposal.leadId));
  const members = await db
    .select({ email: grantProposalMembers.email, name: users.displayName })
    .from(grantProposalMembers)
    .leftJoin(users, eq(users.id, grantProposalMembers.userId))
    .where(eq(grantProposalMembers.proposalId, proposal.id))
    .orderBy(grantProposalMembers.invitedAt);
  return [{ email: lead!.email, name: lead!.name, lead: true }, ...members.map((m) => ({ ...m, lead: false }))];
}

/** The proposals the user is in the team of, with their calls. */
export async function listMyProposals(db: Database, user: { id: string }) {
  return db
    .select({ proposal: grantProposals, call: grantCalls })
    .from(grantProposals)
    .innerJoin(grantCalls, eq(grantCalls.id, grantProposals.callId))
    .where(or(eq(grantProposals.leadId, user.id), joinedBy(user.id)))
    .orderBy(grantProposals.createdAt);
}
