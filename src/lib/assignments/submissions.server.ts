/**
 * A trainee's submission of one assignment: the draft they come back to, handing it in
 * (which freezes that version), and a new version after "needs revision", bounded by the
 * assignment's `resubmissions`. Every earlier version stays as it was handed in. Writes are
 * single statements or batches guarded by the submission's `revision` (no interactive
 * transactions on a file database: see db/client.ts).
 */
import { and, count, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { createId } from '#db/ids.ts';
import {
  cohortMembers,
  cohorts,
  submissionFiles,
  submissions,
  submissionVersions,
  type SubmissionRow,
} from '#db/schema.ts';
import type { Result } from '#lib/result.ts';
import { cleanLink, handInProblem, MAX_TEXT_LENGTH, type HandInErrorCode } from './hand-in.ts';
import type { Assignment } from './schema.ts';

export type SubmissionErrorCode =
  | HandInErrorCode
  | 'assignment.error.not_editable'
  | 'assignment.error.no_resubmissions_left'
  | 'assignment.error.changed_meanwhile';

/** Which submission: a trainee's work on one assignment of one course. */
export interface SubmissionKey {
  userId: string;
  course: string;
  assignmentId: string;
}

export type VersionRow = typeof submissionVersions.$inferSelect;

export interface Draft {
  submission: SubmissionRow;
  /** The version being written: `submission.version`, not yet handed in. */
  draft: VersionRow;
}

/** The trainee's submission of this assignment, or null before they first saved anything. */
export async function findSubmission(db: Database, key: SubmissionKey): Promise<SubmissionRow | null> {
  const [row] = await db
    .select()
    .from(submissions)
    .where(
      and(
        eq(submissions.userId, key.userId),
        eq(submissions.course, key.course),
        eq(submissions.assignment, key.assignmentId),
      ),
    );
  return row ?? null;
}

async function versionOf(db: Database, submissionId: string, number: number): Promise<VersionRow | undefined> {
  const [row] = await db
    .select()
    .from(submissionVersions)
    .where(and(eq(submissionVersions.submissionId, submissionId), eq(submissionVersions.number, number)));
  return row;
}

/** Makes sure version `number` exists, starting from `from` (the previous version's text and link). */
async function ensureVersion(db: Database, submissionId: string, number: number, now: Date, from?: VersionRow) {
  await db
    .insert(submissionVersions)
    .values({ id: createId(), submissionId, number, body: from?.body ?? '', link: from?.link ?? null, createdAt: now })
    .onConflictDoNothing();
  return (await versionOf(db, submissionId, number))!;
}

/**
 * The draft to write in: creates the submission on first use; after "needs revision" starts
 * the next version from the last one's text and link (files are handed in again), while
 * resubmissions are left. Safe to call concurrently.
 */
export async function openDraft(
  db: Database,
  key: SubmissionKey & { assignment: Assignment; now?: Date },
): Promise<Result<Draft, SubmissionErrorCode>> {
  const now = key.now ?? new Date();
  await db
    .insert(submissions)
    .values({ id: createId(), userId: key.userId, course: key.course, assignment: key.assignmentId, createdAt: now })
    .onConflictDoNothing();
  let submission = (await findSubmission(db, key))!;
  const latest = await versionOf(db, submission.id, submission.version);
  if (latest && latest.submittedAt === null) return { ok: true, submission, draft: latest };
  if (submission.state === 'draft') {
    return { ok: true, submission, draft: await ensureVersion(db, submission.id, submission.version, now) };
  }
  if (submission.state !== 'needs_revision') return { ok: false, error: 'assignment.error.not_editable' };
  if (submission.version > key.assignment.resubmissions)
    return { ok: false, error: 'assignment.error.no_resubmissions_left' };
  await db
    .update(submissions)
    .set({ version: sql`${submissions.version} + 1`, revision: sql`${submissions.revision} + 1` })
    .where(and(eq(submissions.id, submission.id), eq(submissions.version, submission.version)));
  submission = (await findSubmission(db, key))!;
  const draft = await ensureVersion(db, submission.id, submission.version, now, latest);
  return { ok: true, submission, draft };
}

/** Saves the draft's text and link (nothing is checked against the assignment until hand-in). */
export async function saveDraft(
  db: Database,
  key: SubmissionKey & { assignment: Assignment; body: string; link: string; now?: Date },
): Promise<Result<Draft, SubmissionErrorCode>> {
  const link = cleanLink(key.link);
  if (link === undefined) return { ok: false, error: 'assignment.error.link_invalid' };
  if (key.body.length > MAX_TEXT_LENGTH) return { ok: false, error: 'assignment.error.text_too_long' };
  const opened = await openDraft(db, key);
  if (!opened.ok) return opened;
  const [draft] = await db
    .update(submissionVersions)
    .set({ body: key.body, link })
    .where(and(eq(submissionVersions.id, opened.draft.id), isNull(submissionVersions.submittedAt)))
    .returning();
  if (!draft) return { ok: false, error: 'assignment.error.changed_meanwhile' };
  return { ok: true, submission: opened.submission, draft };
}

/** How many files are stored (complete) with a version. */
export async function storedFileCount(db: Database, versionId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(submissionFiles)
    .where(and(eq(submissionFiles.versionId, versionId), isNotNull(submissionFiles.storedAt)));
  return row?.n ?? 0;
}

/** The state a hand-in leads to: straight to the trainer, or first to a peer round. */
export function stateAfterHandIn(assignment: Assignment): 'submitted' | 'in_review' {
  return assignment.review.by === 'trainer' ? 'submitted' : 'in_review';
}

/** The cohort of this course the trainee is a member of (the latest joined), or null when in none. */
export async function cohortInCourse(db: Database, userId: string, course: string): Promise<string | null> {
  const [row] = await db
    .select({ id: cohorts.id })
    .from(cohortMembers)
    .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
    .where(and(eq(cohortMembers.userId, userId), eq(cohortMembers.state, 'member'), eq(cohorts.course, course)))
    .orderBy(desc(cohortMembers.joinedAt))
    .limit(1);
  return row?.id ?? null;
}

/**
 * Hands the draft in: checks it against what the assignment asks for, freezes the version
 * and moves the submission on. `cohortId` is the trainee's cohort in this course; when not
 * given it is looked up (peer rounds stay within it).
 */
export async function handIn(
  db: Database,
  key: SubmissionKey & { assignment: Assignment; cohortId?: string | null; now?: Date },
): Promise<Result<{ submission: SubmissionRow; version: number }, SubmissionErrorCode>> {
  const now = key.now ?? new Date();
  const submission = await findSubmission(db, key);
  const draft = submission && (await versionOf(db, submission.id, submission.version));
  const open = draft && draft.submittedAt === null && ['draft', 'needs_revision'].includes(submission.state);
  if (!submission || !open)
    return { ok: false, error: submission ? 'assignment.error.not_editable' : 'assignment.error.nothing_to_hand_in' };
  const files = await storedFileCount(db, draft.id);
  const problem = handInProblem(key.assignment, { body: draft.body, link: draft.link, files });
  if (problem) return { ok: false, error: problem };
  const cohortId = key.cohortId === undefined ? await cohortInCourse(db, key.userId, key.course) : key.cohortId;
  const [claimed] = await db.batch([
    db
      .update(submissions)
      .set({
        state: stateAfterHandIn(key.assignment),
        submittedAt: now,
        revision: sql`${submissions.revision} + 1`,
        cohortId: sql`coalesce(${submissions.cohortId}, ${cohortId})`,
      })
      .where(
        and(
          eq(submissions.id, submission.id),
          eq(submissions.revision, submission.revision),
          inArray(submissions.state, ['draft', 'needs_revision']),
        ),
      )
      .returning(),
    db
      .update(submissionVersions)
      .set({ submittedAt: now })
      .where(
        and(
          eq(submissionVersions.id, draft.id),
          isNull(submissionVersions.submittedAt),
          // Only when the claim above changed the row (`changes()`: the previous statement's count).
          sql`changes() = 1`,
        ),
      ),
  ]);
  const row = claimed[0];
  if (!row) return { ok: false, error: 'assignment.error.changed_meanwhile' };
  return { ok: true, submission: row, version: draft.number };
}
