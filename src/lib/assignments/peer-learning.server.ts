/**
 * A peer review given from the page: stores it through `peer.server.ts`; when it ends the round
 * accepted or with a request for revision, the author is e-mailed in their language, and on
 * "accepted" the learning step runs for them (which completes the course and issues the
 * certificate when that was the last thing missing).
 */
import { eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { users } from '#db/schema.ts';
import type { CatalogCourse } from '#lib/courses/catalog.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { recordAssignmentAccepted, type LearningContext } from '#lib/learning/learning.server.ts';
import type { Result } from '#lib/result.ts';
import {
  givePeerReview,
  type PeerErrorCode,
  type PeerKey,
  type PeerReviewInput,
  type PeerSettlement,
} from './peer.server.ts';
import { announceReview, type DecisionContext } from './reviews.server.ts';

/** Gives the review; `settled` says how the version's round ended, if it did. */
export async function reviewAsPeer(
  db: Database,
  key: PeerKey,
  input: PeerReviewInput,
  context: LearningContext & DecisionContext & { course: CatalogCourse },
): Promise<Result<{ settled: PeerSettlement | null }, PeerErrorCode>> {
  const given = await givePeerReview(db, key, { now: context.now, ...input });
  if (!given.ok) return given;
  const settled = given.settled;
  if (settled && settled.outcome !== 'to_trainer')
    await announceReview(db, settled.submission, key.assignment, settled.outcome, context);
  if (settled?.outcome === 'accept') {
    const [author] = await db
      .select({ id: users.id, email: users.email, displayName: users.displayName, locale: users.locale })
      .from(users)
      .where(eq(users.id, settled.submission.userId));
    if (author)
      await recordAssignmentAccepted(
        db,
        { learner: { ...author, locale: author.locale as Locale }, course: context.course },
        context,
      );
  }
  return { ok: true, settled };
}
