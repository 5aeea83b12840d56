/**
 * Keeps `report_demonstrations` (decision 050): the competencies each trainee demonstrated, in
 * which Almaty month and under which field, worked out by the one rule of
 * src/lib/competencies/demonstrated.ts for the trainees that triggers put in
 * `report_competency_pending` when their evidence changed (a quiz attempt passed, work accepted
 * or its review changed, a trainer's setting by hand). When the courses or frameworks change
 * (another digest), every trainee with evidence is worked out again. The triggers on
 * `report_demonstrations` keep the report's figures from it.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import type { Competency } from '#lib/courses/framework-schema.ts';
import { demonstrations } from '#lib/competencies/demonstrated.ts';
import { loadTraineeRecords, type EvidenceCourse } from '#lib/competencies/evidence.server.ts';
import { assessedItems, coursesDeveloping } from '#lib/competencies/rule.ts';
import { contentHash, ruleContent } from '#lib/competencies/rule-key.ts';
import { kazakhstanDate } from '#lib/time/dates.ts';

export interface DemonstrationInput {
  /** The courses of the report, with their field. */
  courses: readonly (EvidenceCourse & { data: EvidenceCourse['data'] & { field: string } })[];
  /** Every competency of the frameworks (groups included: they are left out of the counts). */
  competencies: readonly Pick<Competency, 'id' | 'parent'>[];
}

/** Trainees worked out per transaction. */
const SLICE = 500;

/** What the kept demonstrations depend on: what the rule reads, and the courses' fields and competencies. */
function demonstrationDigest(input: DemonstrationInput): string {
  const courses = input.courses
    .map((c) => [c.slug, c.data.field, c.data.competencies ?? []] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return contentHash([ruleContent(input.competencies, input.courses), courses]);
}

/** The rows of `report_demonstrations` for these trainees: [user, competency, field, month]. */
async function workOut(db: Database, ids: readonly string[], input: DemonstrationInput) {
  const items = assessedItems(input.courses);
  const fieldOf = new Map(input.courses.map((c) => [c.slug, c.data.field]));
  const records = await loadTraineeRecords(db, ids, input.courses);
  const rows: [string, string, string, string][] = [];
  for (const id of ids) {
    for (const d of demonstrations(input.competencies, items, records.get(id)!)) {
      // Set by hand: the field of the first course developing it.
      const course = d.course ?? coursesDeveloping(input.courses, d.competency)[0] ?? '';
      rows.push([id, d.competency, fieldOf.get(course) ?? '', kazakhstanDate(d.at).slice(0, 7)]);
    }
  }
  return rows;
}

/** Marks every trainee with evidence (or a kept demonstration) when the content's digest changed. */
async function markAllIfChanged(db: Database, digest: string): Promise<void> {
  const [stored] = await db.all<{ digest: string }>(
    sql`SELECT digest FROM report_kept_digests WHERE name = 'competencies'`,
  );
  if (stored?.digest === digest) return;
  await db.batch([
    db.run(sql`INSERT INTO report_competency_pending (user_id, seq)
      SELECT user_id, 1 FROM (
        SELECT user_id FROM quiz_attempts WHERE passed = 1
        UNION SELECT user_id FROM submissions WHERE state = 'accepted'
        UNION SELECT user_id FROM competency_overrides
        UNION SELECT user_id FROM report_demonstrations) WHERE true
      ON CONFLICT (user_id) DO UPDATE SET seq = seq + 1`),
    db.run(sql`INSERT INTO report_kept_digests (name, digest) VALUES ('competencies', ${digest})
      ON CONFLICT (name) DO UPDATE SET digest = excluded.digest`),
  ]);
}

/** Works out the pending trainees, a slice per transaction; returns how many. */
async function workOutPending(db: Database, input: DemonstrationInput): Promise<number> {
  let after = '';
  let done = 0;
  for (;;) {
    const pending = await db.all<{ user_id: string; seq: number }>(
      sql`SELECT user_id, seq FROM report_competency_pending WHERE user_id > ${after} ORDER BY user_id LIMIT ${SLICE}`,
    );
    if (pending.length === 0) return done;
    const ids = pending.map((p) => p.user_id);
    const marks = JSON.stringify(pending.map((p) => [p.user_id, p.seq]));
    const rows = await workOut(db, ids, input);
    await db.batch([
      db.run(
        sql`DELETE FROM report_demonstrations WHERE user_id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`,
      ),
      db.run(sql`INSERT INTO report_demonstrations (user_id, competency, field, region, month)
        SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, coalesce(u.region, ''), j.value ->> 3
        FROM json_each(${JSON.stringify(rows)}) j JOIN users u ON u.id = j.value ->> 0`),
      // A trainee marked again meanwhile (another seq) stays pending for the next time.
      db.run(sql`DELETE FROM report_competency_pending WHERE (user_id, seq) IN
        (SELECT j.value ->> 0, j.value ->> 1 FROM json_each(${marks}) j)`),
    ]);
    done += ids.length;
    after = ids.at(-1)!;
  }
}

const running = new WeakMap<Database, Promise<number>>();

/**
 * Brings the kept demonstrations up to date: all trainees when the content changed, else only
 * those whose evidence changed since. One run at a time per database handle (callers meanwhile
 * wait for it, then run again for what it may have missed).
 */
export async function syncDemonstrations(db: Database, input: DemonstrationInput): Promise<number> {
  const before = running.get(db);
  if (before) await before.catch(() => 0);
  const run = (async () => {
    await markAllIfChanged(db, demonstrationDigest(input));
    return workOutPending(db, input);
  })();
  running.set(db, run);
  try {
    return await run;
  } finally {
    if (running.get(db) === run) running.delete(db);
  }
}
