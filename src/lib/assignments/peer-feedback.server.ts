/**
 * The author's side of peer review (decision 029): the peer reviews of their own work, each
 * named "Reviewer <number>" of its version and never by its writer, and flagging one as
 * unhelpful or abusive for the trainer (who sees the flag on the review page).
 */
import { and, asc, count, eq, isNull } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { submissionReviews } from '#db/schema.ts';
import type { Result } from '#lib/result.ts';
import type { FlagReason } from './peer.ts';
import type { PeerErrorCode, PeerKey } from './peer.server.ts';
import { findSubmission } from './submissions.server.ts';

/** A peer review of the trainee's own work as they see it: "Reviewer <number>" of that version. */
export interface ReviewOfMine {
  id: string;
  version: number;
  number: number;
  levels: Record<string, number>;
  points: number;
  comment: string;
  flagReason: FlagReason | null;
}

/** The peer reviews of a trainee's own work, oldest first, numbered per version; no reviewer is named. */
export async function peerReviewsOfMine(db: Database, key: PeerKey): Promise<ReviewOfMine[]> {
  const own = await findSubmission(db, key);
  if (!own) return [];
  const rows = await db
    .select()
    .from(submissionReviews)
    .where(and(eq(submissionReviews.submissionId, own.id), eq(submissionReviews.role, 'peer')))
    .orderBy(asc(submissionReviews.versionNumber), asc(submissionReviews.createdAt), asc(submissionReviews.id));
  const seen = new Map<number, number>();
  return rows.map((r) => {
    const number = (seen.get(r.versionNumber) ?? 0) + 1;
    seen.set(r.versionNumber, number);
    const { id, versionNumber: version, levels, points, comment, flagReason } = r;
    return { id, version, number, levels, points, comment, flagReason };
  });
}

/** Flags a peer review of the trainee's own work for the trainer (the first flag stands). */
export async function flagPeerReview(
  db: Database,
  key: PeerKey & { reviewId: string; reason: FlagReason; now?: Date },
): Promise<Result<{ flagged: boolean; submissionId: string }, PeerErrorCode>> {
  const own = await findSubmission(db, key);
  if (!own) return { ok: false, error: 'peer.error.not_found' };
  const mine = and(
    eq(submissionReviews.id, key.reviewId),
    eq(submissionReviews.submissionId, own.id),
    eq(submissionReviews.role, 'peer'),
  );
  const [exists] = await db.select({ n: count() }).from(submissionReviews).where(mine);
  if (!exists?.n) return { ok: false, error: 'peer.error.not_found' };
  const changed = await db
    .update(submissionReviews)
    .set({ flaggedAt: key.now ?? new Date(), flagReason: key.reason })
    .where(and(mine, isNull(submissionReviews.flaggedAt)))
    .returning({ id: submissionReviews.id });
  return { ok: true, flagged: changed.length > 0, submissionId: own.id };
}
