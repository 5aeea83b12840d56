/**
 * A trainer's decision as the review page posts it: the form read into levels, a comment and
 * accept/revise; `decideSubmission` stores it (guarded by the revision the page was drawn
 * with); on accept the learning step runs, which completes the course and issues the
 * certificate when this was the last thing missing. When another trainer decided first, the
 * answer says who and what, and nothing is overwritten.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { users } from '#db/schema.ts';
import type { Actor } from '#lib/audit/audit.server.ts';
import type { CatalogCourse } from '#lib/courses/catalog.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { recordAssignmentAccepted, type LearningContext } from '#lib/learning/learning.server.ts';
import { latestDecision } from './review-page.server.ts';
import { decideSubmission, MAX_COMMENT_LENGTH, type DecisionContext, type ReviewErrorCode } from './reviews.server.ts';
import type { Assignment } from './schema.ts';

export interface DecisionForm {
  revision: number;
  levels: Record<string, string>;
  comment: string;
  decision: 'accept' | 'revise';
}

/** The posted form, or null when it is not one the review page sends. */
export function readDecisionForm(form: FormData, assignment: Assignment): DecisionForm | null {
  const revision = Number(form.get('revision'));
  const decision = form.get('decision');
  if (!Number.isSafeInteger(revision) || (decision !== 'accept' && decision !== 'revise')) return null;
  const levels: Record<string, string> = {};
  for (const criterion of assignment.rubric) {
    const value = form.get(`level-${criterion.id}`);
    if (typeof value === 'string' && value.length <= 3) levels[criterion.id] = value;
  }
  const comment = form.get('comment');
  return {
    revision,
    levels,
    decision,
    comment: typeof comment === 'string' ? comment.slice(0, MAX_COMMENT_LENGTH) : '',
  };
}

export type DecisionOutcome =
  | { ok: true; decision: 'accept' | 'revise'; completedNow: boolean }
  | { ok: false; error: ReviewErrorCode | 'form.unreadable'; meanwhile?: Awaited<ReturnType<typeof latestDecision>> };

/** Decides `submissionId` from the review page's form. */
export async function decideFromReviewPage(
  db: Database,
  input: {
    submissionId: string;
    form: FormData | null;
    assignment: Assignment;
    course: CatalogCourse;
    reviewer: Actor;
  },
  context: DecisionContext & LearningContext,
): Promise<DecisionOutcome> {
  const form = input.form && readDecisionForm(input.form, input.assignment);
  if (!form) return { ok: false, error: 'form.unreadable' };
  const result = await decideSubmission(
    db,
    {
      ...form,
      submissionId: input.submissionId,
      assignment: input.assignment,
      reviewer: input.reviewer,
      now: context.now,
    },
    context,
  );
  if (!result.ok) {
    const meanwhile =
      result.error === 'assignment.error.decided_meanwhile' ? await latestDecision(db, input.submissionId) : null;
    return { ok: false, error: result.error, meanwhile };
  }
  if (!result.accepted) return { ok: true, decision: form.decision, completedNow: false };
  const [learner] = await db
    .select({ id: users.id, email: users.email, displayName: users.displayName, locale: users.locale })
    .from(users)
    .where(eq(users.id, result.submission.userId));
  if (!learner) return { ok: true, decision: form.decision, completedNow: false };
  const outcome = await recordAssignmentAccepted(
    db,
    { learner: { ...learner, locale: learner.locale as Locale }, course: input.course },
    context,
  );
  return { ok: true, decision: form.decision, completedNow: outcome.completedNow };
}
