/**
 * Grant competitions (decision 040): an admin's call for project proposals, the proposals of
 * trainees' teams, the jury that scores them with a rubric, and the admin's decisions. Money is
 * integer tenge everywhere (never floating point); times are milliseconds since the epoch, and
 * the deadline is compared with the database's own clock when a proposal is submitted.
 */
import { sql } from 'drizzle-orm';
import { blob, check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from '../schema.ts';

export const GRANT_CALL_STATES = ['draft', 'open', 'scoring', 'closed', 'published'] as const;
export type GrantCallState = (typeof GRANT_CALL_STATES)[number];
export const GRANT_PROPOSAL_STATES = ['draft', 'submitted', 'withdrawn'] as const;
export type GrantProposalState = (typeof GRANT_PROPOSAL_STATES)[number];

/** A text per language, as the admin typed it (`{ kk?, ru?, en? }`). */
type LocalizedJson = Partial<Record<'kk' | 'ru' | 'en', string>>;

/** A call for proposals. The form and rubric are JSON validated by zod (src/lib/grants/call-schema.ts). */
export const grantCalls = sqliteTable(
  'grant_calls',
  {
    id: text('id').primaryKey(),
    title: text('title', { mode: 'json' }).notNull().$type<LocalizedJson>(),
    description: text('description', { mode: 'json' }).notNull().$type<LocalizedJson>(),
    /** Who may apply: `{ kind: 'everyone' | 'cohorts' | 'courses', ids: [...] }`. */
    eligibility: text('eligibility', { mode: 'json' }).notNull().$type<{ kind: string; ids: string[] }>(),
    opensAt: integer('opens_at', { mode: 'timestamp_ms' }).notNull(),
    /** The deadline: a proposal is accepted only while the database clock is before it. */
    closesAt: integer('closes_at', { mode: 'timestamp_ms' }).notNull(),
    /** The total the call may award, in whole tenge. */
    budgetTenge: integer('budget_tenge').notNull(),
    /** The most one project may ask for and receive, in whole tenge. */
    maxPerProjectTenge: integer('max_per_project_tenge').notNull(),
    form: text('form', { mode: 'json' }).notNull().$type<unknown[]>(),
    rubric: text('rubric', { mode: 'json' }).notNull().$type<unknown[]>(),
    /** Blind review: the jury never sees applicants' names or team. */
    blind: integer('blind', { mode: 'boolean' }).notNull().default(false),
    /** How many proposals one team (its lead) may submit to the call. */
    proposalsPerLead: integer('proposals_per_lead').notNull().default(1),
    state: text('state', { enum: GRANT_CALL_STATES }).notNull().default('draft'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    check('grant_calls_money_check', sql`${t.budgetTenge} >= 0 AND ${t.maxPerProjectTenge} >= 0`),
    check('grant_calls_times_check', sql`${t.opensAt} < ${t.closesAt}`),
  ],
);

/** A team's proposal; the lead owns it, co-applicants (grant_proposal_members) edit it too. */
export const grantProposals = sqliteTable(
  'grant_proposals',
  {
    id: text('id').primaryKey(),
    callId: text('call_id')
      .notNull()
      .references(() => grantCalls.id, { onDelete: 'cascade' }),
    leadId: text('lead_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status', { enum: GRANT_PROPOSAL_STATES }).notNull().default('draft'),
    /** The answers by form field id (text, numbers, dates, choices; budget lines in `budget`). */
    answers: text('answers', { mode: 'json' }).notNull().$type<Record<string, string>>(),
    /** Budget lines: what for, and how many whole tenge. */
    budget: text('budget', { mode: 'json' }).notNull().$type<{ item: string; tenge: number }[]>(),
    /** The team agreed to be named on the public results page. */
    showTeam: integer('show_team', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    /** Set by the database clock when accepted before the deadline. */
    submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('grant_proposals_call_idx').on(t.callId, t.status), index('grant_proposals_lead_idx').on(t.leadId)],
);

/** A co-applicant, invited by e-mail by the lead: whoever signs in with that address edits the draft. */
export const grantProposalMembers = sqliteTable(
  'grant_proposal_members',
  {
    proposalId: text('proposal_id')
      .notNull()
      .references(() => grantProposals.id, { onDelete: 'cascade' }),
    /** Trimmed and lower-cased, as users' addresses are: where the invitation went. */
    email: text('email').notNull(),
    invitedAt: integer('invited_at', { mode: 'timestamp_ms' }).notNull(),
    /** SHA-256 of the invitation link's one-time token; null once used (decision 040). */
    tokenHash: text('token_hash'),
    /** The account that followed the link, signed in: only it sees the draft. Null until then. */
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    joinedAt: integer('joined_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    primaryKey({ columns: [t.proposalId, t.email] }),
    index('grant_proposal_members_email_idx').on(t.email),
    uniqueIndex('grant_proposal_members_token_unique').on(t.tokenHash),
    index('grant_proposal_members_user_idx').on(t.userId),
  ],
);

/** A juror the admin named for a call. */
export const grantJurors = sqliteTable(
  'grant_jurors',
  {
    callId: text('call_id')
      .notNull()
      .references(() => grantCalls.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    addedAt: integer('added_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.callId, t.userId] }), index('grant_jurors_user_idx').on(t.userId)],
);

/** A juror's declared conflict of interest with a proposal: they can no longer see or score it. */
export const grantConflicts = sqliteTable(
  'grant_conflicts',
  {
    proposalId: text('proposal_id')
      .notNull()
      .references(() => grantProposals.id, { onDelete: 'cascade' }),
    jurorId: text('juror_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    declaredAt: integer('declared_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.proposalId, t.jurorId] })],
);

/** A juror's score of a proposal: the level per rubric criterion, their sum and a comment. */
export const grantScores = sqliteTable(
  'grant_scores',
  {
    proposalId: text('proposal_id')
      .notNull()
      .references(() => grantProposals.id, { onDelete: 'cascade' }),
    jurorId: text('juror_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    levels: text('levels', { mode: 'json' }).notNull().$type<Record<string, number>>(),
    points: integer('points').notNull(),
    comment: text('comment').notNull().default(''),
    scoredAt: integer('scored_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.proposalId, t.jurorId] }), index('grant_scores_juror_idx').on(t.jurorId)],
);

/** The admin's decision on a proposal: a winner and the amount awarded (whole tenge), with the tie-break reason. */
export const grantDecisions = sqliteTable(
  'grant_decisions',
  {
    proposalId: text('proposal_id')
      .primaryKey()
      .references(() => grantProposals.id, { onDelete: 'cascade' }),
    callId: text('call_id')
      .notNull()
      .references(() => grantCalls.id, { onDelete: 'cascade' }),
    amountTenge: integer('amount_tenge').notNull(),
    /** Why this proposal goes before another with the same mean score; empty when there was no tie. */
    tieBreakReason: text('tie_break_reason').notNull().default(''),
    decidedBy: text('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    uniqueIndex('grant_decisions_call_proposal_unique').on(t.callId, t.proposalId),
    check('grant_decisions_amount_check', sql`${t.amountTenge} > 0`),
  ],
);

/**
 * A file attached to a proposal's `file` field (decision 046), kept in the database in pieces
 * like submission files: invisible (`stored_at = null`) until its last piece is in.
 */
export const grantProposalFiles = sqliteTable(
  'grant_proposal_files',
  {
    id: text('id').primaryKey(),
    proposalId: text('proposal_id')
      .notNull()
      .references(() => grantProposals.id, { onDelete: 'cascade' }),
    /** The form field it answers. */
    fieldId: text('field_id').notNull(),
    /** The applicant's file name, cleaned (no path, no control characters), for the download. */
    name: text('name').notNull(),
    /** The kind decided from the content (`pdf`, `png`, …), never from the name. */
    kind: text('kind').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: text('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    storedAt: integer('stored_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('grant_proposal_files_proposal_idx').on(t.proposalId, t.fieldId)],
);

/** The bytes of a proposal's file, in pieces so it is written and read as a stream. */
export const grantProposalFileChunks = sqliteTable(
  'grant_proposal_file_chunks',
  {
    fileId: text('file_id')
      .notNull()
      .references(() => grantProposalFiles.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    data: blob('data', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.fileId, t.seq] })],
);
