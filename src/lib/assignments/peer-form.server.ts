/**
 * The peer pages' forms posted (decision 029): rate-limited per trainee, read with zod, then
 * one of "give me work" (`ask`), a flag on a review of one's own work (`flag`) or a review of
 * the n-th submission given (`review`). A flag and the end of a round go into the audit log;
 * a round that ends accepted or with a request for revision e-mails the author in their
 * language and, on accept, runs the learning step (which may complete the course).
 */
import { z } from 'zod';
import type { Database } from '#db/client.ts';
import { recordAudit, type Actor } from '#lib/audit/audit.server.ts';
import type { CatalogCourse } from '#lib/courses/catalog.ts';
import type { LearningContext } from '#lib/learning/learning.server.ts';
import { consumeRateLimits } from '#lib/rate-limits/rate-limit.server.ts';
import { RATE_LIMITS } from '#lib/rate-limits/rate-limit.ts';
import { flagPeerReview } from './peer-feedback.server.ts';
import { reviewAsPeer } from './peer-learning.server.ts';
import { requestPeerWork, type PeerErrorCode, type PeerKey } from './peer.server.ts';
import { FLAG_REASONS } from './peer.ts';
import { MAX_COMMENT_LENGTH, type DecisionContext } from './reviews.server.ts';

export type PeerFormErrorCode = PeerErrorCode | 'peer.error.too_many';

export type PeerFormOutcome =
  | { ok: true; done: 'asked'; added: number }
  | { ok: true; done: 'flagged' | 'reviewed' }
  | { ok: false; error: PeerFormErrorCode; status: number; comment: string };

export interface PeerForm {
  key: PeerKey;
  /** The trainee posting (the audit log names them; no trainee ever sees it). */
  actor: Actor;
  course: CatalogCourse;
  form: FormData | null;
  /** Set on a submission's page: the form is a review of the n-th submission given. */
  work?: number;
}

const listForm = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('ask') }),
  z.object({ intent: z.literal('flag'), review: z.string().min(1).max(64), reason: z.enum(FLAG_REASONS) }),
]);

const STATUS: Partial<Record<PeerFormErrorCode, number>> = {
  'peer.error.too_many': 429,
  'peer.error.not_found': 404,
  'assignment.error.rubric_incomplete': 400,
};

const failed = (error: PeerFormErrorCode, comment = '', status = STATUS[error] ?? 409): PeerFormOutcome => ({
  ok: false,
  error,
  status,
  comment,
});

/** Handles one post of a peer page. */
export async function receivePeerForm(
  db: Database,
  input: PeerForm,
  context: LearningContext & DecisionContext,
): Promise<PeerFormOutcome> {
  const fields = Object.fromEntries(input.form ?? new FormData());
  const comment = z.string().max(MAX_COMMENT_LENGTH).catch('').parse(fields.comment);
  const verdict = await consumeRateLimits(db, [[RATE_LIMITS.peerAction, input.key.userId]], context.now);
  if (!verdict.allowed) return failed('peer.error.too_many', comment);
  if (input.work !== undefined) return review(db, input, input.work, fields, comment, context);
  const parsed = listForm.safeParse(fields);
  if (!parsed.success) return failed('peer.error.not_found', '', 400);
  if (parsed.data.intent === 'ask') {
    const asked = await requestPeerWork(db, { ...input.key, now: context.now });
    return asked.ok ? { ok: true, done: 'asked', added: asked.added } : failed(asked.error);
  }
  const { review: reviewId, reason } = parsed.data;
  const flagged = await flagPeerReview(db, { ...input.key, reviewId, reason, now: context.now });
  if (!flagged.ok) return failed(flagged.error);
  if (flagged.flagged)
    await recordAudit(
      db,
      input.actor,
      'submission.peer_flag',
      flagged.submissionId,
      { course: input.key.course, assignment: input.key.assignmentId, review: reviewId, reason },
      context.now,
    );
  return { ok: true, done: 'flagged' };
}

async function review(
  db: Database,
  input: PeerForm,
  n: number,
  fields: Record<string, FormDataEntryValue>,
  comment: string,
  context: LearningContext & DecisionContext,
): Promise<PeerFormOutcome> {
  const { key } = input;
  const levels = Object.fromEntries(key.assignment.rubric.map((c) => [c.id, fields[`level-${c.id}`]]));
  const given = await reviewAsPeer(db, key, { n, levels, comment }, { ...context, course: input.course });
  if (!given.ok) return failed(given.error, comment);
  if (given.settled)
    await recordAudit(
      db,
      input.actor,
      'submission.peer_decide',
      given.settled.submission.id,
      {
        course: key.course,
        assignment: key.assignmentId,
        version: given.settled.submission.version,
        outcome: given.settled.outcome,
      },
      context.now,
    );
  return { ok: true, done: 'reviewed' };
}
