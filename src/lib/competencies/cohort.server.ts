/**
 * A cohort's competencies for its trainers (decision 035): each member's state in each
 * competency its course develops, and the form by which a trainer sets one by hand.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { cohortMembers, users } from '#db/schema.ts';
import type { Actor } from '#lib/audit/audit.server.ts';
import type { Competency } from '#lib/courses/framework-schema.ts';
import { formText } from '#lib/http/forms.ts';
import type { ActionOutcome } from '#lib/result.ts';
import { assessedItems, COMPETENCY_STATES, deriveStates, type CompetencyState, type CompetencyStatus } from './rule.ts';
import { loadTraineeRecords, setCompetencyByHand, type EvidenceCourse } from './evidence.server.ts';

export interface MemberCompetencies {
  userId: string;
  name: string;
  email: string;
  states: CompetencyStatus[];
}

/** The members of a cohort (in name order) with their states in the given competencies. */
export async function cohortCompetencies(
  db: Database,
  cohortId: string,
  competencies: readonly Pick<Competency, 'id' | 'parent'>[],
  courses: readonly EvidenceCourse[],
): Promise<MemberCompetencies[]> {
  const members = await db
    .select({ userId: users.id, name: users.displayName, email: users.email })
    .from(cohortMembers)
    .innerJoin(users, eq(users.id, cohortMembers.userId))
    .where(and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.state, 'member')))
    .orderBy(users.displayName, users.id);
  const records = await loadTraineeRecords(
    db,
    members.map((m) => m.userId),
    courses,
  );
  const items = assessedItems(courses);
  return members.map((m) => ({ ...m, states: deriveStates(competencies, items, records.get(m.userId)!) }));
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
