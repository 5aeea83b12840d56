/**
 * A trainee's copy of what Oqu keeps about them (decision 026): the account (never the
 * password hash), enrolments, lesson progress, quiz attempts, certificates, cohort
 * memberships and invitations, and assignment submissions with their versions' text, links
 * and file names (not the files' bytes: each is downloaded from the submission), and their
 * discussions (posts, follows, reports, mail choice: decision 045). Only the
 * signed-in user's own rows are read; the caller passes no other id.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import {
  certificates,
  cohortInvitations,
  cohortMembers,
  cohorts,
  enrollments,
  lessonProgress,
  quizAttempts,
  submissionFiles,
  submissions,
  submissionVersions,
  users,
} from '#db/schema.ts';
import { discussionDataOf, type DiscussionData } from '#lib/discussions/personal-data.server.ts';
import { RATE_LIMITS } from '#lib/rate-limits/rate-limit.ts';
import { consumeRateLimits } from '#lib/rate-limits/rate-limit.server.ts';
import type { Result } from '#lib/result.ts';

/** The download's shape; `format` names it so a later change of shape can be told apart. */
export interface PersonalDataExport {
  format: 'oqu-personal-data/1';
  exportedAt: string;
  account: Record<string, unknown>;
  enrolments: unknown[];
  lessonProgress: unknown[];
  quizAttempts: unknown[];
  certificates: unknown[];
  cohorts: unknown[];
  cohortInvitations: unknown[];
  submissions: unknown[];
  discussions: DiscussionData;
}

/** The export of `userId`'s data, rate-limited per account (each export reads every table of theirs). */
export async function exportPersonalData(
  db: Database,
  userId: string,
  now: Date = new Date(),
): Promise<Result<{ data: PersonalDataExport }, 'auth.error.rate_limited'>> {
  const verdict = await consumeRateLimits(db, [[RATE_LIMITS.dataExport, userId]], now);
  if (!verdict.allowed)
    return { ok: false, error: 'auth.error.rate_limited', retryAfterSeconds: verdict.retryAfterSeconds };
  const { passwordHash: _, ...account } = (await db.select().from(users).where(eq(users.id, userId)).get()) ?? {};
  const [enrolled, lessons, attempts, certs, memberships, invitations] = await Promise.all([
    db.select().from(enrollments).where(eq(enrollments.userId, userId)).orderBy(asc(enrollments.enrolledAt)),
    db.select().from(lessonProgress).where(eq(lessonProgress.userId, userId)).orderBy(asc(lessonProgress.completedAt)),
    db.select().from(quizAttempts).where(eq(quizAttempts.userId, userId)).orderBy(asc(quizAttempts.submittedAt)),
    db.select().from(certificates).where(eq(certificates.userId, userId)).orderBy(asc(certificates.issuedAt)),
    db
      .select({
        cohort: cohorts.name,
        course: cohorts.course,
        state: cohortMembers.state,
        joinedAt: cohortMembers.joinedAt,
      })
      .from(cohortMembers)
      .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
      .where(eq(cohortMembers.userId, userId)),
    db
      .select({ cohort: cohorts.name, course: cohorts.course, email: cohortInvitations.email })
      .from(cohortInvitations)
      .innerJoin(cohorts, eq(cohorts.id, cohortInvitations.cohortId))
      .where(eq(cohortInvitations.userId, userId)),
  ]);
  return {
    ok: true,
    data: {
      format: 'oqu-personal-data/1',
      exportedAt: now.toISOString(),
      account,
      enrolments: enrolled.map(({ userId: _u, ...e }) => e),
      lessonProgress: lessons.map(({ userId: _u, ...l }) => l),
      quizAttempts: attempts.map(({ userId: _u, idempotencyKey: _k, ...a }) => a),
      certificates: certs.map(({ userId: _u, ...c }) => c),
      cohorts: memberships,
      cohortInvitations: invitations,
      submissions: await listSubmissions(db, userId),
      discussions: await discussionDataOf(db, userId),
    },
  };
}

/** Each submission with its versions (text, link, file names and sizes). */
async function listSubmissions(db: Database, userId: string): Promise<unknown[]> {
  const own = await db.select().from(submissions).where(eq(submissions.userId, userId));
  if (own.length === 0) return [];
  const versions = await db
    .select()
    .from(submissionVersions)
    .where(
      inArray(
        submissionVersions.submissionId,
        own.map((s) => s.id),
      ),
    )
    .orderBy(asc(submissionVersions.number));
  const files = versions.length
    ? await db
        .select({ versionId: submissionFiles.versionId, name: submissionFiles.name, size: submissionFiles.size })
        .from(submissionFiles)
        .where(
          inArray(
            submissionFiles.versionId,
            versions.map((v) => v.id),
          ),
        )
    : [];
  return own.map(({ userId: _u, ...s }) => ({
    ...s,
    versions: versions
      .filter((v) => v.submissionId === s.id)
      .map((v) => ({
        number: v.number,
        body: v.body,
        link: v.link,
        createdAt: v.createdAt,
        submittedAt: v.submittedAt,
        files: files.filter((f) => f.versionId === v.id).map(({ name, size }) => ({ name, size })),
      })),
  }));
}
