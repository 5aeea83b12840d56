/**
 * A trainer's setting of a trainee's competency by hand (decision 035): the state, the comment
 * that justifies it, who and when. Appended, never changed: the latest row per trainee and
 * competency wins over the state the evidence gives, and the rows are its history.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from '../schema.ts';

/** Mirrors src/lib/competencies/rule.ts (db/ stays free of app imports). */
export const COMPETENCY_STATE_VALUES = ['not-started', 'developing', 'demonstrated'] as const;

export const competencyOverrides = sqliteTable(
  'competency_overrides',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** A competency id of a framework in `courses/_frameworks/`. */
    competency: text('competency').notNull(),
    state: text('state', { enum: COMPETENCY_STATE_VALUES }).notNull(),
    comment: text('comment').notNull(),
    /** The trainer or admin who set it (kept when they leave: the name is in the audit log too). */
    setBy: text('set_by').references(() => users.id, { onDelete: 'set null' }),
    setAt: integer('set_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    index('competency_overrides_user_idx').on(t.userId, t.competency, t.setAt),
    check('competency_overrides_comment', sql`length(${t.comment}) between 1 and 2000`),
  ],
);
export type CompetencyOverrideRow = typeof competencyOverrides.$inferSelect;

/**
 * Kept competency states (decision 052): per trainee with any evidence, how often it changed and
 * which change and which rule the rows of `competency_states` follow. Triggers (migration
 * `competency_states`) bump `version` on every write that can change the evidence: quiz attempts,
 * submissions and their reviews, settings by hand, attendance and a session's competencies. A
 * trainee without a row has no evidence: every competency is not started.
 */
export const competencyTrainees = sqliteTable('competency_trainees', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  version: integer('version').notNull().default(1),
  /** The `version` the kept states were derived at; null: never derived. */
  keptVersion: integer('kept_version'),
  /** A fingerprint of the frameworks and course items the kept states were derived with. */
  ruleKey: text('rule_key'),
});

/**
 * A trainee's kept state per competency, as src/lib/competencies/rule.ts derives it (a setting
 * by hand included). Only rows that differ from "not started without a setting" are kept.
 */
export const competencyStates = sqliteTable(
  'competency_states',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    competency: text('competency').notNull(),
    state: text('state', { enum: COMPETENCY_STATE_VALUES }).notNull(),
    /** 1 when a trainer's setting by hand gives the state. */
    byHand: integer('by_hand', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.userId, t.competency] })],
);
