/**
 * The course dashboard's assignment table and the submissions zip against a real libSQL file,
 * on a fixture whose figures are worked out by hand below.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createId } from '#db/ids.ts';
import { courseAssignmentStats } from '#lib/reports/assignment-stats.server.ts';
import { openDraft, saveDraft, handIn } from '#lib/assignments/submissions.server.ts';
import { storeSubmissionFile } from '#lib/assignments/files.server.ts';
import { decideSubmission, type DecisionContext } from '#lib/assignments/reviews.server.ts';
import { submissionsZip } from '#lib/assignments/submission-zip.server.ts';
import { pdfBytes, submissionAssignment } from '../fixtures/submission.ts';
import { makeUser } from './fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

const assignment = submissionAssignment();
const context: DecisionContext = {
  mailer: { kind: 'log', send: async () => {} },
  siteName: () => 'Oqu',
  assignmentUrl: () => 'https://oqu.example.kz/',
};
const HOUR = 3_600_000;

async function handInAs(userId: string, course: string, at: number, body: string, cohortId: string | null = null) {
  const key = { userId, course, assignmentId: 'map', assignment, now: new Date(at) };
  await saveDraft(t.db, { ...key, body, link: 'https://example.kz/map' });
  const done = await handIn(t.db, { ...key, cohortId });
  if (!done.ok) throw new Error(done.error);
  return done.submission;
}

async function decide(
  submission: { id: string; revision: number },
  at: number,
  levels: object,
  decision: 'accept' | 'revise',
) {
  const reviewer = await makeUser(t.db, 'trainer');
  const r = await decideSubmission(
    t.db,
    {
      submissionId: submission.id,
      revision: submission.revision,
      assignment,
      levels: { ...levels },
      comment: '',
      decision,
      reviewer,
      now: new Date(at),
    },
    context,
  );
  if (!r.ok) throw new Error(r.error);
  return r.submission;
}

describe('assignment statistics', () => {
  it('counts, median time to review and average points per criterion match the hand-worked figures', async () => {
    const cohort = createId();
    // A: handed in at 0 h, revised at 2 h (coverage 0, clarity 0), handed in again at 3 h, accepted at 10 h (2, 1).
    const a = await makeUser(t.db);
    await decide(await handInAs(a.id, 'st', 0, 'A1', cohort), 2 * HOUR, { coverage: 0, clarity: 0 }, 'revise');
    await openDraft(t.db, { userId: a.id, course: 'st', assignmentId: 'map', assignment });
    await decide(await handInAs(a.id, 'st', 3 * HOUR, 'A2', cohort), 10 * HOUR, { coverage: 2, clarity: 1 }, 'accept');
    // B: handed in at 1 h, accepted at 5 h (coverage 2 -> 4 points, clarity 1 -> 2 points).
    const b = await makeUser(t.db);
    await decide(await handInAs(b.id, 'st', 1 * HOUR, 'B1'), 5 * HOUR, { coverage: 2, clarity: 1 }, 'accept');
    // C: handed in at 4 h, waiting. D: a draft only, not counted.
    const c = await makeUser(t.db);
    await handInAs(c.id, 'st', 4 * HOUR, 'C1', cohort);
    const d = await makeUser(t.db);
    await saveDraft(t.db, { userId: d.id, course: 'st', assignmentId: 'map', assignment, body: 'draft', link: '' });
    // First hand-in to first decision: A 2 h, B 4 h -> median 3 h. Submitted 3, waiting 1, accepted 2.
    // Coverage: levels 0, 2, 2 -> points 0, 4, 4 -> 8/3. Clarity: 0, 1, 1 -> points 0, 2, 2 -> 4/3.
    const [map] = await courseAssignmentStats(t.db, { course: 'st' }, { map: assignment });
    expect(map).toEqual({
      assignment: 'map',
      submitted: 3,
      waiting: 1,
      accepted: 2,
      medianReviewMs: 3 * HOUR,
      criteria: [
        { criterion: 'coverage', average: 8 / 3, max: 4, reviews: 3 },
        { criterion: 'clarity', average: 4 / 3, max: 2, reviews: 3 },
      ],
    });
    // The cohort: A and C. A's wait 2 h is the only one; A's two reviews only.
    const [inCohort] = await courseAssignmentStats(t.db, { course: 'st', cohortId: cohort }, { map: assignment });
    expect(inCohort).toMatchObject({ submitted: 2, waiting: 1, accepted: 1, medianReviewMs: 2 * HOUR });
    expect(inCohort!.criteria[0]).toEqual({ criterion: 'coverage', average: 2, max: 4, reviews: 2 });
  });
});

describe('kept figures (triggers of migration 0020)', () => {
  it('follow a deleted account and a review removed on its own, as a recount finds them', async () => {
    const e = await makeUser(t.db);
    const f = await makeUser(t.db);
    await decide(await handInAs(e.id, 'kp', 0, 'E1'), 2 * HOUR, { coverage: 2, clarity: 1 }, 'accept');
    const fs = await decide(await handInAs(f.id, 'kp', 0, 'F1'), 6 * HOUR, { coverage: 0, clarity: 0 }, 'revise');
    const stats = async () => (await courseAssignmentStats(t.db, { course: 'kp' }, { map: assignment }))[0]!;
    expect(await stats()).toMatchObject({ medianReviewMs: 4 * HOUR, criteria: [{ average: 2, reviews: 2 }, {}] });
    // The account of E goes: its submission, versions and reviews with it.
    await t.db.run(sql`DELETE FROM submissions WHERE user_id = ${e.id}`);
    expect(await stats()).toMatchObject({
      submitted: 1,
      medianReviewMs: 6 * HOUR,
      criteria: [
        { criterion: 'coverage', average: 0, reviews: 1 },
        { criterion: 'clarity', average: 0, reviews: 1 },
      ],
    });
    // F's review removed on its own: no level left, no wait.
    await t.db.run(sql`DELETE FROM submission_reviews WHERE submission_id = ${fs.id}`);
    expect(await stats()).toMatchObject({ medianReviewMs: null, criteria: [{ reviews: 0 }, { reviews: 0 }] });
    const kept = await t.db.all<{ count: number }>(
      sql`SELECT count FROM assignment_level_counts WHERE course = 'kp' AND count <> 0`,
    );
    expect(kept).toEqual([]);
  });
});

describe('submissions zip', () => {
  it('streams one folder per trainee (unique names) with each version’s answer and files', async () => {
    const [first, twin] = [await makeUser(t.db), await makeUser(t.db)];
    await t.db.run(sql`UPDATE users SET display_name = 'Асель Ахметова' WHERE id IN (${first.id}, ${twin.id})`);
    for (const user of [first, twin]) {
      const opened = await openDraft(t.db, { userId: user.id, course: 'zp', assignmentId: 'map', assignment });
      if (!opened.ok) throw new Error(opened.error);
      const data = (async function* () {
        yield pdfBytes(300_000);
      })();
      await storeSubmissionFile(t.db, { userId: user.id, draft: opened.draft, assignment, name: 'map.pdf', data });
      await handInAs(user.id, 'zp', 1_000, `# Map of ${user.id}`);
    }
    const other = await makeUser(t.db);
    await handInAs(other.id, 'zp-other', 1_000, 'not here');
    const dir = await mkdtemp(join(tmpdir(), 'oqu-zip-'));
    try {
      const parts: Uint8Array[] = [];
      for await (const part of await submissionsZip(t.db, { course: 'zp', assignmentId: 'map' })) parts.push(part);
      await writeFile(join(dir, 'all.zip'), Buffer.concat(parts));
      const listing = execFileSync('zipinfo', ['-1', join(dir, 'all.zip')], { encoding: 'utf8' })
        .trim()
        .split('\n');
      expect(listing.sort()).toEqual([
        'Асель Ахметова (2)/version-1/answer.md',
        'Асель Ахметова (2)/version-1/map.pdf',
        'Асель Ахметова/version-1/answer.md',
        'Асель Ахметова/version-1/map.pdf',
      ]);
      execFileSync('unzip', ['-q', '-t', join(dir, 'all.zip')]);
      const answer = execFileSync('unzip', ['-p', join(dir, 'all.zip'), 'Асель Ахметова/version-1/answer.md'], {
        encoding: 'utf8',
      });
      expect(answer).toMatch(/^# Map of .+\n\n<https:\/\/example\.kz\/map>\n$/);
      const pdf = execFileSync('unzip', ['-p', join(dir, 'all.zip'), 'Асель Ахметова/version-1/map.pdf']);
      expect(pdf.equals(pdfBytes(300_000))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
