/**
 * A trainer's decision on a submission: a level per rubric criterion, a comment, and accept or
 * revise. The decision names the submission's `revision` it was made on; when two trainers
 * decide at once, exactly one decision is stored and the other is told that someone else
 * decided meanwhile (nothing is overwritten). Every decision goes into the audit log, and the
 * trainee gets an e-mail in their language. On accept the caller runs the learning step.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { createId } from '#db/ids.ts';
import { submissionReviews, submissions, users, type SubmissionRow } from '#db/schema.ts';
import { recordAudit, type Actor } from '#lib/audit/audit.server.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import type { Mailer } from '#lib/mail/mailer.server.ts';
import type { Result } from '#lib/result.ts';
import { localize, type SiteConfig } from '#lib/site/config.ts';
import { paths } from '#lib/i18n/urls.ts';
import { composeReviewMail } from './review-mail.ts';
import { reachesPassMark, scoreRubric } from './rubric.ts';
import type { Assignment } from './schema.ts';

export type ReviewErrorCode =
  | 'assignment.error.rubric_incomplete'
  | 'assignment.error.below_pass_mark'
  | 'assignment.error.not_reviewable'
  | 'assignment.error.decided_meanwhile';

export const MAX_COMMENT_LENGTH = 10_000;

export interface DecisionInput {
  submissionId: string;
  /** The `revision` the trainer saw when the review page was drawn. */
  revision: number;
  assignment: Assignment;
  levels: Record<string, unknown>;
  comment: string;
  decision: 'accept' | 'revise';
  reviewer: Actor;
  now?: Date;
}

export interface DecisionContext {
  mailer: Mailer;
  siteName: (locale: Locale) => string;
  /** The trainee's assignment page in their language, for the e-mail. */
  assignmentUrl: (locale: Locale, submission: SubmissionRow) => string;
}

export type ReviewRow = typeof submissionReviews.$inferSelect;

/** Scores, stores and announces a trainer's decision. `accepted` tells the caller to run the learning step. */
export async function decideSubmission(
  db: Database,
  input: DecisionInput,
  context: DecisionContext,
): Promise<Result<{ submission: SubmissionRow; review: ReviewRow; accepted: boolean }, ReviewErrorCode>> {
  const now = input.now ?? new Date();
  const scored = scoreRubric(input.assignment.rubric, input.levels);
  if (!scored) return { ok: false, error: 'assignment.error.rubric_incomplete' };
  const { rubric, passPercent } = input.assignment;
  if (input.decision === 'accept' && !reachesPassMark(rubric, passPercent, scored.points))
    return { ok: false, error: 'assignment.error.below_pass_mark' };
  const reviewId = createId();
  // One batch: the guarded claim, then the review only if that claim changed the row
  // (`changes()` is the row count of the batch's previous statement).
  const [claimed] = await db.batch([
    db
      .update(submissions)
      .set({
        state: input.decision === 'accept' ? 'accepted' : 'needs_revision',
        decidedAt: now,
        revision: sql`${submissions.revision} + 1`,
      })
      .where(
        and(
          eq(submissions.id, input.submissionId),
          eq(submissions.revision, input.revision),
          inArray(submissions.state, ['submitted', 'in_review']),
        ),
      )
      .returning(),
    db.run(sql`INSERT INTO ${submissionReviews}
      (id, submission_id, version_number, reviewer_id, role, levels, points, comment, decision, created_at)
      SELECT ${reviewId}, id, version, ${input.reviewer.id}, 'trainer', ${JSON.stringify(scored.levels)},
        ${scored.points}, ${input.comment.slice(0, MAX_COMMENT_LENGTH)}, ${input.decision}, ${now.getTime()}
      FROM ${submissions} WHERE id = ${input.submissionId} AND changes() = 1`),
  ]);
  const submission = claimed[0];
  if (!submission) {
    const [current] = await db.select().from(submissions).where(eq(submissions.id, input.submissionId));
    const decided = current && current.revision !== input.revision;
    return { ok: false, error: decided ? 'assignment.error.decided_meanwhile' : 'assignment.error.not_reviewable' };
  }
  const [review] = await db.select().from(submissionReviews).where(eq(submissionReviews.id, reviewId));
  await recordAudit(
    db,
    input.reviewer,
    'submission.decide',
    submission.id,
    {
      course: submission.course,
      assignment: submission.assignment,
      version: submission.version,
      decision: input.decision,
      points: scored.points,
    },
    now,
  );
  await announceReview(db, submission, input.assignment, input.decision, context);
  return { ok: true, submission, review: review!, accepted: input.decision === 'accept' };
}

/**
 * Tells the trainee by e-mail, in their language, that their work was reviewed (by a trainer,
 * or at the end of a peer round). A failed send is logged; the decision stands.
 */
export async function announceReview(
  db: Database,
  submission: SubmissionRow,
  assignment: Assignment,
  decision: 'accept' | 'revise',
  context: DecisionContext,
): Promise<void> {
  const [trainee] = await db
    .select({ email: users.email, name: users.displayName, locale: users.locale })
    .from(users)
    .where(eq(users.id, submission.userId));
  if (!trainee) return;
  const locale = trainee.locale as Locale;
  const message = composeReviewMail({
    to: trainee.email,
    locale,
    name: trainee.name,
    assignment: assignment.title[locale] ?? assignment.title.en ?? Object.values(assignment.title)[0]!,
    decision,
    url: context.assignmentUrl(locale, submission),
    siteName: context.siteName(locale),
  });
  try {
    await context.mailer.send(message);
  } catch (error) {
    // The trainee sees the decision on the page. The failure is logged without the body.
    console.error(`[oqu] review e-mail to ${trainee.email} not sent: ${(error as Error).message}`);
  }
}

/** What the review e-mail needs from this copy's configuration: its name and the assignment's address. */
export function reviewMailContext(site: SiteConfig, mailer: Mailer): DecisionContext {
  return {
    mailer,
    siteName: (l) => localize(site.name, l),
    assignmentUrl: (l, s) => `${site.baseUrl}${paths.assignment(l, s.course, s.assignment)}`,
  };
}

/** Every review of a submission, oldest first (each names its version). */
export async function listReviews(db: Database, submissionId: string): Promise<ReviewRow[]> {
  return db
    .select()
    .from(submissionReviews)
    .where(eq(submissionReviews.submissionId, submissionId))
    .orderBy(asc(submissionReviews.versionNumber), asc(submissionReviews.createdAt));
}
