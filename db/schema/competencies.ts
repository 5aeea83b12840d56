/**
 * A trainer's setting of a trainee's competency by hand (decision 035): the state, the comment
 * that justifies it, who and when. Appended, never changed: the latest row per trainee and
 * competency wins over the state the evidence gives, and the rows are its history.
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
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
