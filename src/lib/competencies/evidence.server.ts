/**
 * A trainee's competency record from the database (quiz attempts, accepted work and its reviews,
 * a trainer's settings by hand) and the states the rule of rule.ts derives from it; and the
 * trainer's setting itself, recorded with who, when and why, and in the audit log (decision 035).
 */
import { inArray } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { createId } from '#db/ids.ts';
import { competencyOverrides, quizAttempts, submissionReviews, submissions } from '#db/schema.ts';
import { recordAudit, type Actor } from '#lib/audit/audit.server.ts';
import type { Competency } from '#lib/courses/framework-schema.ts';
import type { Assignment } from '#lib/courses/assignment-schema.ts';
import type { Failure } from '#lib/result.ts';
import {
  assessedItems,
  criteriaAtPassLevel,
  deriveStates,
  type AssessingCourse,
  type CompetencyState,
  type CompetencyStatus,
  type TraineeRecord,
} from './rule.ts';
import { loadAttendedSessionEvidence } from './session-evidence.server.ts';

/** A course as the evidence needs it: its items, and each assignment's rubric and pass mark. */
export interface EvidenceCourse extends AssessingCourse {
  assignments: Readonly<Record<string, Pick<Assignment, 'rubric' | 'passPercent'>>>;
}

/** SQLite binds at most a few thousand values per statement: ids go in slices of this many. */
const SLICE = 500;

async function inSlices<T>(ids: readonly string[], read: (slice: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += SLICE) out.push(...(await read(ids.slice(i, i + SLICE))));
  return out;
}

/** What the trainee did that can be evidence, across the given courses. */
export async function loadTraineeRecord(
  db: Database,
  userId: string,
  courses: readonly EvidenceCourse[],
): Promise<TraineeRecord> {
  return (await loadTraineeRecords(db, [userId], courses)).get(userId)!;
}

/** The records of many trainees in a few statements (a cohort's matrix), by user id. */
export async function loadTraineeRecords(
  db: Database,
  userIds: readonly string[],
  courses: readonly EvidenceCourse[],
): Promise<Map<string, TraineeRecord>> {
  const [attempts, work, overrides, sessions] = await Promise.all([
    inSlices(userIds, (ids) =>
      db
        .select({
          userId: quizAttempts.userId,
          course: quizAttempts.course,
          quiz: quizAttempts.quiz,
          passed: quizAttempts.passed,
          results: quizAttempts.results,
          at: quizAttempts.submittedAt,
        })
        .from(quizAttempts)
        .where(inArray(quizAttempts.userId, ids)),
    ),
    inSlices(userIds, (ids) =>
      db
        .select({
          id: submissions.id,
          userId: submissions.userId,
          course: submissions.course,
          assignment: submissions.assignment,
          state: submissions.state,
          version: submissions.version,
          submittedAt: submissions.submittedAt,
          decidedAt: submissions.decidedAt,
        })
        .from(submissions)
        .where(inArray(submissions.userId, ids)),
    ),
    inSlices(userIds, (ids) =>
      db
        .select({
          userId: competencyOverrides.userId,
          competency: competencyOverrides.competency,
          state: competencyOverrides.state,
          comment: competencyOverrides.comment,
          by: competencyOverrides.setBy,
          at: competencyOverrides.setAt,
        })
        .from(competencyOverrides)
        .where(inArray(competencyOverrides.userId, ids)),
    ),
    loadAttendedSessionEvidence(db, userIds),
  ]);
  const accepted = work.filter((w) => w.state === 'accepted').map((w) => w.id);
  const reviews = await inSlices(accepted, (ids) =>
    db
      .select({
        submissionId: submissionReviews.submissionId,
        version: submissionReviews.versionNumber,
        role: submissionReviews.role,
        decision: submissionReviews.decision,
        levels: submissionReviews.levels,
      })
      .from(submissionReviews)
      .where(inArray(submissionReviews.submissionId, ids)),
  );
  const assignmentOf = (course: string, id: string) => courses.find((c) => c.slug === course)?.assignments[id];
  const records = new Map(
    userIds.map((id) => [
      id,
      {
        attempts: [] as TraineeRecord['attempts'][number][],
        submissions: [] as TraineeRecord['submissions'][number][],
        overrides: [] as TraineeRecord['overrides'][number][],
        sessions: sessions.get(id) ?? [],
      },
    ]),
  );
  for (const a of attempts)
    records.get(a.userId)?.attempts.push({
      course: a.course,
      quiz: a.quiz,
      passed: a.passed,
      right: a.results.filter((r) => r.correct).map((r) => r.id),
      at: a.at,
    });
  for (const w of work) {
    if (w.state === 'draft') continue;
    const assignment = assignmentOf(w.course, w.assignment);
    const mine = reviews.filter((r) => r.submissionId === w.id && r.version === w.version);
    const passed = w.state === 'accepted' && assignment ? criteriaAtPassLevel(assignment, mine) : [];
    const at = w.decidedAt ?? w.submittedAt ?? new Date(0);
    records
      .get(w.userId)
      ?.submissions.push({ course: w.course, assignment: w.assignment, accepted: w.state === 'accepted', passed, at });
  }
  for (const o of overrides)
    records.get(o.userId)?.overrides.push({
      competency: o.competency,
      state: o.state,
      comment: o.comment,
      by: o.by ?? '',
      at: o.at,
    });
  return records;
}

/** The trainee's state in each competency of a framework. */
export async function traineeCompetencies(
  db: Database,
  userId: string,
  competencies: readonly Pick<Competency, 'id' | 'parent'>[],
  courses: readonly EvidenceCourse[],
): Promise<CompetencyStatus[]> {
  return deriveStates(competencies, assessedItems(courses), await loadTraineeRecord(db, userId, courses));
}

export type OverrideErrorCode = 'competencies.error.comment' | 'competencies.error.unknown';

/**
 * A trainer sets a trainee's competency by hand. The comment is required (why: a seminar, a
 * portfolio); the row and an audit entry record who and when. The caller has checked that the
 * actor may act for this trainee and that the competency exists.
 */
export async function setCompetencyByHand(
  db: Database,
  actor: Actor,
  input: { userId: string; competency: string; state: CompetencyState; comment: string },
  now: Date = new Date(),
): Promise<{ ok: true } | Failure<OverrideErrorCode>> {
  const comment = input.comment.trim();
  if (comment.length < 1 || comment.length > 2000) return { ok: false, error: 'competencies.error.comment' };
  await db.insert(competencyOverrides).values({
    id: createId(),
    userId: input.userId,
    competency: input.competency,
    state: input.state,
    comment,
    setBy: actor.id,
    setAt: now,
  });
  await recordAudit(
    db,
    actor,
    'competency.set',
    input.userId,
    { competency: input.competency, state: input.state, comment },
    now,
  );
  return { ok: true };
}
