/**
 * A cohort's competencies for its trainers (decisions 035 and 052): each member's state in each
 * competency, read from the kept states (kept.server.ts), a page of members at a time with the
 * whole cohort's counts, and the form by which a trainer sets one by hand.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { cohortMembers } from '#db/schema.ts';
import type { Actor } from '#lib/audit/audit.server.ts';
import { formText } from '#lib/http/forms.ts';
import type { ActionOutcome } from '#lib/result.ts';
import { COMPETENCY_STATES, type CompetencyState } from './rule.ts';
import { setCompetencyByHand } from './evidence.server.ts';
import { refreshKeptStates, type RuleInput } from './kept.server.ts';

export interface KeptState {
  competency: string;
  state: CompetencyState;
  /** A trainer's setting by hand gives it. */
  byHand: boolean;
}

export interface MemberCompetencies {
  userId: string;
  name: string;
  email: string;
  /** One per competency asked for, in their order. */
  states: KeptState[];
}

/** Per competency, how many members are in each state. */
export type CohortSummary = Record<string, Record<CompetencyState, number>>;

type Row = { userId: string; name: string; email: string; states: string | null };

function toMember(row: Row, competencies: readonly { id: string }[]): MemberCompetencies {
  const kept = new Map(
    (JSON.parse(row.states ?? '[]') as [string, CompetencyState, number][]).map(([c, state, h]) => [c, { state, h }]),
  );
  return {
    userId: row.userId,
    name: row.name,
    email: row.email,
    states: competencies.map((c) => {
      const k = kept.get(c.id);
      return { competency: c.id, state: k?.state ?? 'not-started', byHand: k?.h === 1 };
    }),
  };
}

/** The members (in name order, `limit` from `offset`) with their kept states, in one statement. */
function memberRows(db: Database, cohortId: string, limit: number, offset: number) {
  return db.all<Row>(sql`
    SELECT u.id AS userId, u.display_name AS name, u.email AS email,
      (SELECT json_group_array(json_array(s.competency, s.state, s.by_hand))
       FROM competency_states s WHERE s.user_id = u.id) AS states
    FROM cohort_members m JOIN users u ON u.id = m.user_id
    WHERE m.cohort_id = ${cohortId} AND m.state = 'member'
    ORDER BY u.display_name, u.id LIMIT ${limit} OFFSET ${offset}`);
}

/** Every member of a cohort (in name order) with their state in each of the given competencies. */
export async function cohortCompetencies(
  db: Database,
  cohortId: string,
  rule: RuleInput,
): Promise<MemberCompetencies[]> {
  await refreshKeptStates(db, cohortId, rule);
  return (await memberRows(db, cohortId, -1, 0)).map((r) => toMember(r, rule.competencies));
}

/**
 * One page of a cohort's matrix: the whole cohort's count per competency and state (for the
 * heat map's summary) and the members of the page. Two statements once the kept states are current.
 */
export async function cohortMatrixPage(
  db: Database,
  cohortId: string,
  rule: RuleInput,
  page: { limit: number; offset: number },
): Promise<{ total: number; summary: CohortSummary; members: MemberCompetencies[] }> {
  await refreshKeptStates(db, cohortId, rule);
  const [rows, counts] = await Promise.all([
    memberRows(db, cohortId, page.limit, page.offset),
    db.all<{ competency: string | null; state: CompetencyState | null; n: number }>(sql`
      SELECT s.competency AS competency, s.state AS state, count(*) AS n
      FROM cohort_members m JOIN competency_states s ON s.user_id = m.user_id
      WHERE m.cohort_id = ${cohortId} AND m.state = 'member' AND s.state <> 'not-started'
      GROUP BY s.competency, s.state
      UNION ALL
      SELECT NULL, NULL, count(*) FROM cohort_members WHERE cohort_id = ${cohortId} AND state = 'member'`),
  ]);
  const total = counts.find((c) => c.competency === null)?.n ?? 0;
  const summary: CohortSummary = {};
  for (const c of rule.competencies) {
    const of = (state: CompetencyState) => counts.find((x) => x.competency === c.id && x.state === state)?.n ?? 0;
    const developing = of('developing');
    const demonstrated = of('demonstrated');
    summary[c.id] = { 'not-started': total - developing - demonstrated, developing, demonstrated };
  }
  return { total, summary, members: rows.map((r) => toMember(r, rule.competencies)) };
}

export type SettingErrorCode = 'competencies.error.comment' | 'competencies.error.unknown';

/**
 * The form of the cohort's competency page: `trainee` (a member of this cohort), `competency`
 * (one of `known`), `state` and `comment`. The caller has checked that the actor manages the cohort.
 */
export async function runCompetencySetting(
  db: Database,
  actor: Actor,
  scope: { cohortId: string; known: readonly string[] },
  form: FormData,
): Promise<ActionOutcome<object, SettingErrorCode | 'competencies.set_done'>> {
  const trainee = formText(form, 'trainee', 64);
  const competency = formText(form, 'competency', 100);
  const state = formText(form, 'state', 20) as CompetencyState;
  const member = await db
    .select({ userId: cohortMembers.userId })
    .from(cohortMembers)
    .where(
      and(
        eq(cohortMembers.cohortId, scope.cohortId),
        eq(cohortMembers.userId, trainee),
        eq(cohortMembers.state, 'member'),
      ),
    )
    .get();
  if (!member || !scope.known.includes(competency) || !COMPETENCY_STATES.includes(state))
    return { ok: false, error: 'competencies.error.unknown' };
  const comment = formText(form, 'comment', 4000);
  const done = await setCompetencyByHand(db, actor, { userId: trainee, competency, state, comment });
  if (!done.ok) return { ok: false, error: done.error, fields: { comment: done.error } };
  return { ok: true, message: 'competencies.set_done' };
}
