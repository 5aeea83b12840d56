/**
 * Kept competency states (decision 052). Triggers mark a trainee's kept states out of date on
 * every write that can change the evidence (migration `competency_states`); `refreshKeptStates`
 * derives again, by the rule of rule.ts, the members of a cohort whose kept states are behind
 * or were derived under another rule key, and writes them in one batch per slice. Readers then
 * take the states from `competency_states` in one statement.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import type { Competency } from '#lib/courses/framework-schema.ts';
import { loadTraineeRecords, type EvidenceCourse } from './evidence.server.ts';
import { assessedItems, deriveStates } from './rule.ts';
import { ruleKey } from './rule-key.ts';

/** Trainees derived per slice: bounded memory, and bound values under SQLite's limit. */
const SLICE = 500;

export interface RuleInput {
  /** Every competency of the frameworks (a group's state needs its children). */
  competencies: readonly Pick<Competency, 'id' | 'parent'>[];
  courses: readonly EvidenceCourse[];
}

/** Derive and keep the states of the cohort's members whose kept states are out of date; how many. */
export async function refreshKeptStates(db: Database, cohortId: string, rule: RuleInput): Promise<number> {
  const key = ruleKey(rule.competencies, rule.courses);
  const stale = await db.all<{ userId: string; version: number }>(sql`
    SELECT k.user_id AS userId, k.version AS version
    FROM cohort_members m JOIN competency_trainees k ON k.user_id = m.user_id
    WHERE m.cohort_id = ${cohortId} AND m.state = 'member'
      AND (k.kept_version IS NOT k.version OR k.rule_key IS NOT ${key})`);
  if (stale.length === 0) return 0;
  const items = assessedItems(rule.courses);
  for (let i = 0; i < stale.length; i += SLICE) {
    const slice = stale.slice(i, i + SLICE);
    const ids = slice.map((s) => s.userId);
    const records = await loadTraineeRecords(db, ids, rule.courses);
    const rows = ids.flatMap((u) =>
      deriveStates(rule.competencies, items, records.get(u)!)
        .filter((s) => s.state !== 'not-started' || s.override)
        .map((s) => ({ u, c: s.competency, s: s.state, h: s.override ? 1 : 0 })),
    );
    await db.batch([
      db.run(sql`DELETE FROM competency_states WHERE user_id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`),
      db.run(sql`INSERT INTO competency_states (user_id, competency, state, by_hand)
        SELECT value ->> 'u', value ->> 'c', value ->> 's', value ->> 'h' FROM json_each(${JSON.stringify(rows)})`),
      // A trainee whose evidence changed meanwhile keeps a newer version: derived again next time.
      db.run(sql`UPDATE competency_trainees SET kept_version = j.value ->> 'version', rule_key = ${key}
        FROM json_each(${JSON.stringify(slice)}) AS j
        WHERE competency_trainees.user_id = j.value ->> 'userId'
          AND competency_trainees.version = j.value ->> 'version'`),
    ]);
  }
  return stale.length;
}
