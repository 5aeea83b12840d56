/**
 * The trainer's side against a real libSQL file: the review queue (scope, filters, order,
 * paging, and its plan on 300,000 submissions), the review page (peers anonymous, versions
 * with their reviews) and two trainers deciding the same submission at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { courseTrainers, submissionReviews } from '#db/schema.ts';
import { reviewQueue } from '#lib/assignments/queue.server.ts';
import { parseQueueQuery } from '#lib/assignments/queue.ts';
import { latestDecision, loadReviewPage } from '#lib/assignments/review-page.server.ts';
import { decideSubmission, type DecisionContext } from '#lib/assignments/reviews.server.ts';
import { handIn, openDraft, saveDraft } from '#lib/assignments/submissions.server.ts';
import { createId } from '#db/ids.ts';
import { submissionAssignment } from '../fixtures/submission.ts';
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
  assignmentUrl: (locale, s) => `https://oqu.example.kz/${locale}/courses/${s.course}/assignments/${s.assignment}`,
};
const page = (extra: Record<string, unknown> = {}) => ({ limit: 25, offset: 0, ...extra });

async function handedIn(course: string, assignmentId: string, at: number, cohortId: string | null = null) {
  const user = await makeUser(t.db);
  const key = { userId: user.id, course, assignmentId, assignment, now: new Date(at) };
  await openDraft(t.db, key);
  await saveDraft(t.db, { ...key, body: `Work of ${user.displayName}`, link: '' });
  const done = await handIn(t.db, { ...key, cohortId });
  if (!done.ok) throw new Error(done.error);
  return { user, submission: done.submission };
}

async function trainerOf(course: string) {
  const trainer = await makeUser(t.db, 'trainer');
  await t.db.insert(courseTrainers).values({ userId: trainer.id, course, assignedAt: new Date() });
  return trainer;
}

describe('review queue', () => {
  it('lists waiting work of the given courses only, oldest first, filtered and paged', async () => {
    const cohort = createId();
    await t.db.run(sql`INSERT INTO cohorts (id, course, name, join_code, created_at)
      VALUES (${cohort}, 'qa', 'Spring', ${createId()}, 0)`);
    const late = await handedIn('qa', 'map', 3_000, cohort);
    const early = await handedIn('qa', 'map', 1_000);
    const other = await handedIn('qa', 'plan', 2_000, cohort);
    await handedIn('qb', 'map', 500);
    const decided = await handedIn('qa', 'map', 100);
    const reviewer = await trainerOf('qa');
    await decideSubmission(
      t.db,
      {
        submissionId: decided.submission.id,
        revision: decided.submission.revision,
        assignment,
        levels: { coverage: 2, clarity: 1 },
        comment: '',
        decision: 'accept',
        reviewer,
      },
      context,
    );
    const all = await reviewQueue(t.db, ['qa'], page());
    expect(all.rows.map((r) => r.submissionId)).toEqual([early, other, late].map((x) => x.submission.id));
    expect(all.total).toBe(3);
    expect(all.rows[0]).toMatchObject({
      trainee: early.user.displayName,
      state: 'submitted',
      version: 1,
      peerReviews: 0,
    });
    expect((await reviewQueue(t.db, ['qa'], page({ assignment: 'plan' }))).rows).toHaveLength(1);
    expect((await reviewQueue(t.db, ['qa'], page({ cohortId: cohort }))).total).toBe(2);
    expect((await reviewQueue(t.db, ['qb'], page({ cohortId: cohort }))).total).toBe(0);
    expect((await reviewQueue(t.db, ['qa'], page({ state: 'in_review' }))).total).toBe(0);
    expect((await reviewQueue(t.db, ['qb'], page({ course: 'qa' }))).total).toBe(0);
    expect((await reviewQueue(t.db, [], page())).total).toBe(0);
    expect((await reviewQueue(t.db, 'all', page())).total).toBe(4);
    const second = await reviewQueue(t.db, ['qa'], page({ limit: 2, offset: 2 }));
    expect(second.rows.map((r) => r.submissionId)).toEqual([late.submission.id]);
  });

  it('parses filters from a query string, ignoring what is malformed', () => {
    const q = parseQueueQuery(new URLSearchParams('course=qa&cohort=x%27--&status=accepted&page=3'), 10);
    expect(q).toEqual({
      course: 'qa',
      cohortId: undefined,
      assignment: undefined,
      state: undefined,
      limit: 10,
      offset: 20,
    });
  });

  it('reads only waiting rows on 300,000 submissions (query plan and time)', async () => {
    const big = await createTestDatabase();
    try {
      const db = big.db;
      await db.run(sql`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 29999)
        INSERT INTO users (id, email, display_name, password_hash, role, locale, created_at)
        SELECT 'u' || i, 'u' || i || '@example.kz', 'User ' || i, 'x', 'learner', 'en', 0 FROM n`);
      // 20 courses, 10 assignments, 200 cohorts; one in 25 waiting, the rest drafts or decided.
      await db.run(sql`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 299999)
        INSERT INTO submissions
          (id, user_id, course, assignment, cohort_id, state, version, revision, created_at, submitted_at)
        SELECT 's' || i, 'u' || (i % 30000), 'c' || ((i / 7) % 20), 'a' || (i / 30000), 'h' || ((i / 3) % 200),
          CASE (i * 7) % 50 WHEN 0 THEN 'submitted' WHEN 1 THEN 'in_review' ELSE
            CASE WHEN i % 5 = 0 THEN 'draft' WHEN i % 5 = 1 THEN 'needs_revision' ELSE 'accepted' END END,
          1, 1, i, 1000000 + (i * 7919) % 300000 FROM n`);
      const plans: string[] = [];
      for (const where of [`s.course IN ('c1', 'c2', 'c3')`, `1 = 1`]) {
        const rows = await db.all<{ detail: string }>(
          sql.raw(`EXPLAIN QUERY PLAN SELECT s.id FROM submissions s
          WHERE s.state in ('submitted', 'in_review') AND ${where} ORDER BY s.submitted_at, s.id LIMIT 25`),
        );
        plans.push(rows.map((r) => r.detail).join('; '));
      }
      expect(plans[0]).toContain('SEARCH s USING INDEX submissions_queue_idx (course=? AND state=?)');
      expect(plans[1]).toContain('SCAN s USING INDEX submissions_waiting_idx');
      for (const [courses, filter] of [
        [['c1', 'c2', 'c3'], {}],
        ['all', {}],
        ['all', { assignment: 'a3' }],
      ] as const) {
        await reviewQueue(db, courses, page(filter));
        const start = performance.now();
        const result = await reviewQueue(db, courses, page(filter));
        const ms = performance.now() - start;
        console.log(
          `[queue] ${JSON.stringify(courses)} ${JSON.stringify(filter)}: ${result.total} waiting, ${ms.toFixed(1)} ms`,
        );
        expect(result.rows).toHaveLength(25);
        expect(ms).toBeLessThan(250);
      }
    } finally {
      await big.cleanup();
    }
  }, 120_000);
});

describe('review page and concurrent decisions', () => {
  it('shows peers anonymously and refuses trainers of other courses', async () => {
    const { user, submission } = await handedIn('rp', 'map', 1_000);
    const trainer = await trainerOf('rp');
    const stranger = await trainerOf('other');
    const peer = await makeUser(t.db);
    await t.db.insert(submissionReviews).values({
      id: createId(),
      submissionId: submission.id,
      versionNumber: 1,
      reviewerId: peer.id,
      role: 'peer',
      levels: { coverage: 1, clarity: 0 },
      points: 2,
      comment: 'Peer view',
      createdAt: new Date(2_000),
      flaggedAt: new Date(3_000),
      flagReason: 'unhelpful',
    });
    expect(await loadReviewPage(t.db, stranger, submission.id)).toEqual({ state: 'forbidden' });
    expect(await loadReviewPage(t.db, user, submission.id)).toEqual({ state: 'forbidden' });
    expect(await loadReviewPage(t.db, trainer, 'nope')).toEqual({ state: 'not-found' });
    const shown = await loadReviewPage(t.db, trainer, submission.id);
    if (shown.state !== 'allowed') throw new Error(shown.state);
    expect(shown.page.trainee.name).toBe(user.displayName);
    expect(shown.page.versions).toHaveLength(1);
    const [review] = shown.page.versions[0]!.reviews;
    expect(review).toMatchObject({ reviewer: null, peerNumber: 1, comment: 'Peer view', flagReason: 'unhelpful' });
    expect(JSON.stringify(shown)).not.toContain(peer.id);
    expect(JSON.stringify(shown)).not.toContain(peer.displayName);
  });

  it('stores one of two simultaneous decisions; the other learns who decided what', async () => {
    const { submission } = await handedIn('cc', 'map', 1_000);
    const [a, b] = [await trainerOf('cc'), await trainerOf('cc')];
    const decide = (reviewer: typeof a, decision: 'accept' | 'revise') =>
      decideSubmission(
        t.db,
        {
          submissionId: submission.id,
          revision: submission.revision,
          assignment,
          levels: { coverage: 2, clarity: 1 },
          comment: reviewer.displayName,
          decision,
          reviewer,
        },
        context,
      );
    const results = await Promise.all([decide(a, 'accept'), decide(b, 'revise')]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'assignment.error.decided_meanwhile' }]);
    const winner = results[0]!.ok ? a : b;
    const latest = await latestDecision(t.db, submission.id);
    expect(latest).toMatchObject({ reviewer: winner.displayName, decision: winner === a ? 'accept' : 'revise' });
    const reviews = await t.db
      .select()
      .from(submissionReviews)
      .where(sql`submission_id = ${submission.id}`);
    expect(reviews).toHaveLength(1);
  });
});
