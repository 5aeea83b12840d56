/**
 * What a trainer's review page shows: the submission, every handed-in version with its files
 * and reviews (peers anonymous, flags shown), and, after a refused decision, who decided what.
 * Only trainers of the submission's course and admins may read it.
 */
import { and, asc, desc, eq, isNotNull } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import {
  courseTrainers,
  submissionReviews,
  submissions,
  submissionVersions,
  users,
  type SubmissionRow,
} from '#db/schema.ts';
import { listVersionFiles, type StoredFile } from './files.server.ts';
import type { ReviewRow } from './reviews.server.ts';
import type { VersionRow } from './submissions.server.ts';

type Viewer = { id: string; role: string };

/** A review as the trainer sees it: a peer stays anonymous (numbered per version); a trainer is named. */
export interface ShownReview extends Omit<ReviewRow, 'reviewerId'> {
  /** The trainer's name; null for a peer. */
  reviewer: string | null;
  /** 1, 2, … among the peer reviews of the version; null for a trainer. */
  peerNumber: number | null;
}

export interface ShownVersion {
  version: VersionRow;
  files: StoredFile[];
  reviews: ShownReview[];
}

export interface ReviewPage {
  submission: SubmissionRow;
  trainee: { name: string; email: string };
  /** Handed-in versions, the latest first. */
  versions: ShownVersion[];
}

/** May `viewer` review submissions of `course`? Admins always; trainers when assigned to it. */
export async function mayReview(db: Database, viewer: Viewer, course: string): Promise<boolean> {
  if (viewer.role === 'admin') return true;
  if (viewer.role !== 'trainer') return false;
  const [row] = await db
    .select({ course: courseTrainers.course })
    .from(courseTrainers)
    .where(and(eq(courseTrainers.userId, viewer.id), eq(courseTrainers.course, course)));
  return Boolean(row);
}

/** The submission for the review page; `not-found` also for one the viewer may not review. */
export async function loadReviewPage(
  db: Database,
  viewer: Viewer,
  submissionId: string,
): Promise<{ state: 'allowed'; page: ReviewPage } | { state: 'not-found' | 'forbidden' }> {
  const [row] = await db
    .select({ submission: submissions, name: users.displayName, email: users.email })
    .from(submissions)
    .innerJoin(users, eq(users.id, submissions.userId))
    .where(eq(submissions.id, submissionId));
  if (!row) return { state: 'not-found' };
  if (!(await mayReview(db, viewer, row.submission.course))) return { state: 'forbidden' };
  const versions = await db
    .select()
    .from(submissionVersions)
    .where(and(eq(submissionVersions.submissionId, submissionId), isNotNull(submissionVersions.submittedAt)))
    .orderBy(desc(submissionVersions.number));
  const reviews = await shownReviews(db, submissionId);
  const shown = await Promise.all(
    versions.map(async (version) => ({
      version,
      files: await listVersionFiles(db, version.id),
      reviews: reviews.filter((r) => r.versionNumber === version.number),
    })),
  );
  return {
    state: 'allowed',
    page: { submission: row.submission, trainee: { name: row.name, email: row.email }, versions: shown },
  };
}

async function shownReviews(db: Database, submissionId: string): Promise<ShownReview[]> {
  const rows = await db
    .select({ review: submissionReviews, name: users.displayName })
    .from(submissionReviews)
    .innerJoin(users, eq(users.id, submissionReviews.reviewerId))
    .where(eq(submissionReviews.submissionId, submissionId))
    .orderBy(asc(submissionReviews.versionNumber), asc(submissionReviews.createdAt));
  const peersSeen = new Map<number, number>();
  return rows.map(({ review, name }) => {
    const { reviewerId: _hidden, ...rest } = review;
    void _hidden;
    if (review.role !== 'peer') return { ...rest, reviewer: name, peerNumber: null };
    const n = (peersSeen.get(review.versionNumber) ?? 0) + 1;
    peersSeen.set(review.versionNumber, n);
    return { ...rest, reviewer: null, peerNumber: n };
  });
}

/** The latest trainer decision on a submission with who made it, for "someone decided meanwhile". */
export async function latestDecision(
  db: Database,
  submissionId: string,
): Promise<{ reviewer: string; decision: 'accept' | 'revise'; at: Date } | null> {
  const [row] = await db
    .select({ reviewer: users.displayName, decision: submissionReviews.decision, at: submissionReviews.createdAt })
    .from(submissionReviews)
    .innerJoin(users, eq(users.id, submissionReviews.reviewerId))
    .where(and(eq(submissionReviews.submissionId, submissionId), eq(submissionReviews.role, 'trainer')))
    .orderBy(desc(submissionReviews.createdAt))
    .limit(1);
  return row?.decision ? { reviewer: row.reviewer, decision: row.decision, at: row.at } : null;
}
