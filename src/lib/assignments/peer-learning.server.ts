/**
 * A peer review given from the page: stores it through `peer.server.ts` and, when it ends the
 * round with "accepted", runs the learning step for the author (which completes the course and
 * issues the certificate when that was the last thing missing).
 */
import { eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { users } from '#db/schema.ts';
import type { CatalogCourse } from '#lib/courses/catalog.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { recordAssignmentAccepted, type LearningContext } from '#lib/learning/learning.server.ts';
import type { Result } from '#lib/result.ts';
import { givePeerReview, type PeerErrorCode, type PeerKey, type PeerReviewInput } from './peer.server.ts';
import type { PeerOutcome } from './peer.ts';

/** Gives the review; `outcome` says how the version's round ended, if it did. */
export async function reviewAsPeer(
  db: Database,
  key: PeerKey,
  input: PeerReviewInput,
  context: LearningContext & { course: CatalogCourse },
): Promise<Result<{ outcome: PeerOutcome | null }, PeerErrorCode>> {
  const given = await givePeerReview(db, key, { now: context.now, ...input });
  if (!given.ok) return given;
  const settled = given.settled;
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
  return { ok: true, outcome: settled?.outcome ?? null };
}
