/**
 * Peer review (decision 029): a trainee who has handed in asks for work and is given other
 * trainees' submissions of the same assignment (within their cohort, else among those in none),
 * the least reviewed first; they score each with the rubric and a comment; once a version has
 * the reviews it needs, the round ends (accepted, needs revision, or on to a trainer). Nobody
 * is named: a reviewer sees "Submission A", an author "Reviewer 1". Writes are single
 * statements or guarded batches, so concurrent requests neither duplicate nor over-allocate.
 */
import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { createId } from '#db/ids.ts';
import { peerAllocations, submissionReviews, submissions, submissionVersions, type SubmissionRow } from '#db/schema.ts';
import type { Result } from '#lib/result.ts';
import { mayReadPeerReviews, peerOutcome, type PeerOutcome } from './peer.ts';
import { MAX_COMMENT_LENGTH } from './reviews.server.ts';
import { scoreRubric } from './rubric.ts';
import type { Assignment } from './schema.ts';
import { findSubmission, type VersionRow } from './submissions.server.ts';

export type PeerErrorCode =
  | 'peer.error.not_peer'
  | 'peer.error.not_handed_in'
  | 'peer.error.not_found'
  | 'peer.error.already_reviewed'
  | 'assignment.error.rubric_incomplete';

/** One trainee and one assignment of a course. */
export interface PeerKey {
  userId: string;
  course: string;
  assignmentId: string;
  assignment: Assignment;
}

export type AllocationRow = typeof peerAllocations.$inferSelect;

/** A submission given to a reviewer: `n` (1, 2, …) is its place in their list and its name ("A", "B"). */
export interface Allocation extends AllocationRow {
  n: number;
}

/** Where a trainee stands in the peer round of an assignment. */
export interface PeerStatus {
  /** Their own submission, once handed in (the round is open to them only then). */
  own: SubmissionRow | null;
  allocations: Allocation[];
  given: number;
  owed: number;
  /** How many more submissions could be given to them right now. */
  available: number;
  /** Whether they may read the peer reviews of their own work. */
  mayRead: boolean;
}

const isPeer = (assignment: Assignment) => assignment.review.by !== 'trainer';

/** The submissions a reviewer may still be given: others' versions in review, same cohort, never twice. */
function candidates(reviewerId: string, own: SubmissionRow) {
  return sql`s.course = ${own.course} AND s.assignment = ${own.assignment} AND s.state = 'in_review'
    AND s.user_id <> ${reviewerId} AND s.cohort_id IS ${own.cohortId}
    AND NOT EXISTS (SELECT 1 FROM peer_allocations p WHERE p.submission_id = s.id AND p.reviewer_id = ${reviewerId})`;
}

/** A trainee's allocations in this assignment, in the order they were given (their names follow it). */
async function allocationsOf(db: Database, key: PeerKey): Promise<Allocation[]> {
  const rows = await db
    .select({ a: peerAllocations })
    .from(peerAllocations)
    .innerJoin(submissions, eq(submissions.id, peerAllocations.submissionId))
    .where(
      and(
        eq(peerAllocations.reviewerId, key.userId),
        eq(submissions.course, key.course),
        eq(submissions.assignment, key.assignmentId),
      ),
    )
    .orderBy(asc(peerAllocations.assignedAt), asc(peerAllocations.submissionId));
  return rows.map((r, i) => ({ ...r.a, n: i + 1 }));
}

/** The trainee's place in the round: their allocations, what they gave and owe, what they may read. */
export async function peerStatus(db: Database, key: PeerKey): Promise<PeerStatus> {
  const found = await findSubmission(db, key);
  const own = found && found.state !== 'draft' ? found : null;
  const allocations = own ? await allocationsOf(db, key) : [];
  const given = allocations.filter((a) => a.reviewId !== null).length;
  const owed = allocations.length - given;
  let available = 0;
  if (own) {
    const rows = await db.all<{ n: number }>(
      sql`SELECT count(*) AS n FROM submissions s WHERE ${candidates(key.userId, own)}`,
    );
    available = Number(rows[0]?.n ?? 0);
  }
  const required = key.assignment.review.reviewsPerTrainee;
  return {
    own,
    allocations,
    given,
    owed,
    available,
    mayRead: mayReadPeerReviews({ required, given, owed, available }),
  };
}

/**
 * "Give me work to review": allocates up to the trainee's remaining `reviewsPerTrainee`, the
 * submissions with the fewest allocations for their current version first; among those, the
 * work of trainees who have not asked yet (else the last to ask would find only their own work
 * short of reviews), then the oldest.
 * One INSERT … SELECT, so concurrent requests each see the others' rows (SQLite runs writes
 * one at a time) and the primary key refuses a duplicate.
 */
export async function requestPeerWork(
  db: Database,
  key: PeerKey & { now?: Date },
): Promise<Result<{ added: number; status: PeerStatus }, PeerErrorCode>> {
  if (!isPeer(key.assignment)) return { ok: false, error: 'peer.error.not_peer' };
  const own = (await peerStatus(db, key)).own;
  if (!own) return { ok: false, error: 'peer.error.not_handed_in' };
  const now = (key.now ?? new Date()).getTime();
  const result = await db.run(sql`INSERT INTO peer_allocations (submission_id, version_number, reviewer_id, assigned_at)
    SELECT s.id, s.version, ${key.userId}, ${now} FROM submissions s
    WHERE ${candidates(key.userId, own)}
    ORDER BY (SELECT count(*) FROM peer_allocations q WHERE q.submission_id = s.id AND q.version_number = s.version),
      (SELECT count(*) FROM peer_allocations r JOIN submissions w ON w.id = r.submission_id
        WHERE r.reviewer_id = s.user_id AND w.course = s.course AND w.assignment = s.assignment),
      s.submitted_at, s.id
    LIMIT max(0, ${key.assignment.review.reviewsPerTrainee} - (SELECT count(*) FROM peer_allocations p
      JOIN submissions o ON o.id = p.submission_id
      WHERE p.reviewer_id = ${key.userId} AND o.course = ${key.course} AND o.assignment = ${key.assignmentId}))
    ON CONFLICT DO NOTHING`);
  return { ok: true, added: result.rowsAffected, status: await peerStatus(db, key) };
}

/** What a reviewer sees of the n-th submission given to them: the version, never the author. */
export interface PeerWork {
  allocation: Allocation;
  version: VersionRow;
  review: typeof submissionReviews.$inferSelect | null;
}

/** The n-th submission given to this trainee in this assignment, or null when there is none. */
export async function findPeerWork(db: Database, key: PeerKey, n: number): Promise<PeerWork | null> {
  const allocation = (await allocationsOf(db, key))[n - 1];
  if (!allocation) return null;
  const [version] = await db
    .select()
    .from(submissionVersions)
    .where(
      and(
        eq(submissionVersions.submissionId, allocation.submissionId),
        eq(submissionVersions.number, allocation.versionNumber),
        isNotNull(submissionVersions.submittedAt),
      ),
    );
  if (!version) return null;
  const [review] = allocation.reviewId
    ? await db.select().from(submissionReviews).where(eq(submissionReviews.id, allocation.reviewId))
    : [];
  return { allocation, version, review: review ?? null };
}

export interface PeerReviewInput {
  n: number;
  levels: Record<string, unknown>;
  comment: string;
  now?: Date;
}

/**
 * Stores a peer review of the n-th allocated submission (once: the allocation is claimed in the
 * same batch), then ends the version's round when it has its reviews. `settled` says how it
 * ended; on `accept` the caller runs the learning step for `settled.submission.userId`.
 */
export async function givePeerReview(
  db: Database,
  key: PeerKey,
  input: PeerReviewInput,
): Promise<Result<{ settled: PeerSettlement | null }, PeerErrorCode>> {
  const now = input.now ?? new Date();
  const work = await findPeerWork(db, key, input.n);
  if (!work) return { ok: false, error: 'peer.error.not_found' };
  if (work.allocation.reviewId) return { ok: false, error: 'peer.error.already_reviewed' };
  const scored = scoreRubric(key.assignment.rubric, input.levels);
  if (!scored) return { ok: false, error: 'assignment.error.rubric_incomplete' };
  const { submissionId, versionNumber } = work.allocation;
  const reviewId = createId();
  const comment = input.comment.trim().slice(0, MAX_COMMENT_LENGTH);
  const [claimed] = await db.batch([
    db
      .update(peerAllocations)
      .set({ reviewId })
      .where(
        and(
          eq(peerAllocations.submissionId, submissionId),
          eq(peerAllocations.versionNumber, versionNumber),
          eq(peerAllocations.reviewerId, key.userId),
          isNull(peerAllocations.reviewId),
        ),
      )
      .returning(),
    db.run(sql`INSERT INTO ${submissionReviews}
      (id, submission_id, version_number, reviewer_id, role, levels, points, comment, created_at)
      SELECT ${reviewId}, ${submissionId}, ${versionNumber}, ${key.userId}, 'peer', ${JSON.stringify(scored.levels)},
        ${scored.points}, ${comment}, ${now.getTime()} WHERE changes() = 1`),
  ]);
  if (claimed.length === 0) return { ok: false, error: 'peer.error.already_reviewed' };
  return { ok: true, settled: await settlePeerRound(db, submissionId, key.assignment, now) };
}

export interface PeerSettlement {
  outcome: PeerOutcome;
  submission: SubmissionRow;
}

const STATE_AFTER: Record<PeerOutcome, SubmissionRow['state']> = {
  accept: 'accepted',
  revise: 'needs_revision',
  to_trainer: 'submitted',
};

/**
 * Ends a version's peer round once it has `reviewsPerSubmission` peer reviews (the first ones
 * given count). Guarded by the submission's revision: of concurrent calls exactly one moves
 * it on; a trainer's decision meanwhile stands.
 */
export async function settlePeerRound(
  db: Database,
  submissionId: string,
  assignment: Assignment,
  now: Date = new Date(),
): Promise<PeerSettlement | null> {
  const [submission] = await db.select().from(submissions).where(eq(submissions.id, submissionId));
  if (submission?.state !== 'in_review') return null;
  const reviews = await db
    .select({ points: submissionReviews.points })
    .from(submissionReviews)
    .where(
      and(
        eq(submissionReviews.submissionId, submissionId),
        eq(submissionReviews.versionNumber, submission.version),
        eq(submissionReviews.role, 'peer'),
      ),
    )
    .orderBy(asc(submissionReviews.createdAt), asc(submissionReviews.id))
    .limit(assignment.review.reviewsPerSubmission);
  const outcome = peerOutcome(
    assignment,
    reviews.map((r) => r.points),
  );
  if (!outcome) return null;
  const [moved] = await db
    .update(submissions)
    .set({
      state: STATE_AFTER[outcome],
      revision: sql`${submissions.revision} + 1`,
      ...(outcome === 'to_trainer' ? {} : { decidedAt: now }),
    })
    .where(
      and(
        eq(submissions.id, submissionId),
        eq(submissions.revision, submission.revision),
        eq(submissions.state, 'in_review'),
      ),
    )
    .returning();
  return moved ? { outcome, submission: moved } : null;
}
