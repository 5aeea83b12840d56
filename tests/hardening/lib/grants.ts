/**
 * Grant competitions for the hardening worlds, written straight into the database before the
 * server starts (as the domain would store them): a call in jury scoring whose one juror is the
 * trainer and whose submitted proposal is the learner's (scored by the trainer, with an attached
 * file), another learner's proposal there with a file that the trainer declared a conflict
 * with, and a published call whose winner is another proposal of the learner's. The rows are
 * shared with the other suites' grant tests (callRow, submittedProposal, seedCallWithJuror).
 */
import {
  grantCalls,
  grantConflicts,
  grantDecisions,
  grantJurors,
  grantProposalFileChunks,
  grantProposalFiles,
  grantProposals,
  grantScores,
  type GrantCallState,
} from '#db/schema.ts';
import { DEFAULT_FORM, DEFAULT_RUBRIC } from '#lib/grants/form-schema.ts';
import type { Database } from './db.ts';

export const GRANTS = {
  scoringCall: 'authzgrantscoring',
  publishedCall: 'authzgrantpublished',
  /** The learner's proposal in the call being scored. */
  proposal: 'authzgrantproposal',
  winner: 'authzgrantwinner',
  /** The other learner's proposal in the call being scored; the trainer declared a conflict with it. */
  conflicted: 'authzgrantconflicted',
  /** A PDF attached to the learner's proposal, and one attached to the conflicted proposal. */
  file: 'authzgrantfile',
  conflictedFile: 'authzgrantfileconflicted',
};

export const PROPOSAL_ANSWERS = {
  title: 'Shade for the Auezov courtyards',
  problem: 'No shade where older people sit',
  'target-group': 'Older residents',
  location: 'Almaty, Auezov district',
  activities: 'Plant 40 trees',
  timeline: 'April to June',
  requested: '500000',
  team: 'Two trainees',
  results: 'Trees alive after a year',
};

/** A call row as the admin page would create it, in `state`. */
export function callRow(id: string, state: GrantCallState, closesAt: number) {
  return {
    id,
    title: { en: `Call ${id}`, ru: `Конкурс ${id}`, kk: `Конкурс ${id}` },
    description: { en: 'Small urban projects' },
    eligibility: { kind: 'everyone', ids: [] },
    opensAt: new Date(closesAt - 86_400_000),
    closesAt: new Date(closesAt),
    budgetTenge: 1_000_000,
    maxPerProjectTenge: 600_000,
    form: DEFAULT_FORM,
    rubric: DEFAULT_RUBRIC,
    state,
    createdAt: new Date(),
    publishedAt: state === 'published' ? new Date() : null,
  };
}

/** A proposal of `leadId`'s as the proposal page stores it once submitted (at `at`). */
export function submittedProposal(id: string, callId: string, leadId: string, at = new Date()) {
  return {
    id,
    callId,
    leadId,
    status: 'submitted' as const,
    answers: PROPOSAL_ANSWERS,
    budget: [{ item: 'Saplings', tenge: 500_000 }],
    showTeam: true,
    createdAt: at,
    updatedAt: at,
    submittedAt: at,
  };
}

/** A call in `state` with one submitted proposal of the lead's and one juror named for it. */
export async function seedCallWithJuror(
  db: Database,
  ids: { callId: string; proposalId: string; leadId: string; jurorId: string },
  state: GrantCallState,
  closesAt: number,
): Promise<void> {
  await db.insert(grantCalls).values(callRow(ids.callId, state, closesAt));
  await db.insert(grantProposals).values(submittedProposal(ids.proposalId, ids.callId, ids.leadId));
  await db.insert(grantJurors).values({ callId: ids.callId, userId: ids.jurorId, addedAt: new Date() });
}

export async function seedGrants(
  db: Database,
  ids: { learnerId: string; otherLearnerId: string; trainerId: string },
): Promise<void> {
  const now = Date.now();
  const proposal = (id: string, callId: string, leadId = ids.learnerId) =>
    submittedProposal(id, callId, leadId, new Date(now - 3_600_000));
  await db
    .insert(grantCalls)
    .values([
      callRow(GRANTS.scoringCall, 'scoring', now - 60_000),
      callRow(GRANTS.publishedCall, 'published', now - 86_400_000),
    ]);
  await db
    .insert(grantProposals)
    .values([
      proposal(GRANTS.proposal, GRANTS.scoringCall),
      proposal(GRANTS.winner, GRANTS.publishedCall),
      proposal(GRANTS.conflicted, GRANTS.scoringCall, ids.otherLearnerId),
    ]);
  await db
    .insert(grantConflicts)
    .values({ proposalId: GRANTS.conflicted, jurorId: ids.trainerId, declaredAt: new Date() });
  const data = Buffer.concat([Buffer.from('%PDF-1.4\n', 'latin1'), Buffer.alloc(500, 0x20)]);
  for (const [fileId, proposalId] of [
    [GRANTS.file, GRANTS.proposal],
    [GRANTS.conflictedFile, GRANTS.conflicted],
  ] as const) {
    await db.insert(grantProposalFiles).values({
      id: fileId,
      proposalId,
      fieldId: 'attachments',
      name: 'plan.pdf',
      kind: 'pdf',
      size: data.length,
      sha256: '',
      storedAt: new Date(),
    });
    await db.insert(grantProposalFileChunks).values({ fileId, seq: 0, data });
  }
  await db.insert(grantJurors).values([
    { callId: GRANTS.scoringCall, userId: ids.trainerId, addedAt: new Date() },
    { callId: GRANTS.publishedCall, userId: ids.trainerId, addedAt: new Date() },
  ]);
  const levels = Object.fromEntries(DEFAULT_RUBRIC.map((c) => [c.id, 2]));
  await db.insert(grantScores).values([
    {
      proposalId: GRANTS.proposal,
      jurorId: ids.trainerId,
      levels,
      points: 20,
      comment: 'SECRET-SCORE-COMMENT',
      scoredAt: new Date(),
    },
    {
      proposalId: GRANTS.winner,
      jurorId: ids.trainerId,
      levels,
      points: 20,
      comment: 'Well argued',
      scoredAt: new Date(),
    },
  ]);
  await db.insert(grantDecisions).values({
    proposalId: GRANTS.winner,
    callId: GRANTS.publishedCall,
    amountTenge: 500_000,
    decidedAt: new Date(),
  });
}
