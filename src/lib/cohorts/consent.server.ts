/**
 * The invited person's side of a cohort invitation ("My learning"): the pending ones, and
 * accepting (member of the cohort, enrolled in its course) or declining. Only accepting
 * lets the cohort's trainers see the person's name and progress.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { cohortInvitations, cohortMembers, cohorts } from '#db/schema.ts';
import { formText } from '#lib/http/forms.ts';
import type { MessageKey } from '#lib/i18n/t.ts';
import type { ActionOutcome } from '#lib/result.ts';
import type { CourseStates } from '#lib/courses/visibility.ts';
import { mayJoinCourse, memberEnrolments } from './cohorts.server.ts';

export interface PendingInvitation {
  cohortId: string;
  cohortName: string;
  course: string;
  invitedAt: Date;
}

/** The user's open invitations, oldest first. */
export async function listPendingInvitations(db: Database, userId: string): Promise<PendingInvitation[]> {
  return db
    .select({
      cohortId: cohorts.id,
      cohortName: cohorts.name,
      course: cohorts.course,
      invitedAt: cohortInvitations.invitedAt,
    })
    .from(cohortInvitations)
    .innerJoin(cohorts, eq(cohorts.id, cohortInvitations.cohortId))
    .where(
      and(eq(cohortInvitations.userId, userId), eq(cohortInvitations.state, 'pending'), isNull(cohorts.archivedAt)),
    )
    .orderBy(asc(cohortInvitations.invitedAt));
}

export type InvitationAnswer = 'accepted' | 'declined' | 'gone' | 'course_archived';

/**
 * Answers one of the user's pending invitations; `gone` when there is none (answered,
 * withdrawn with its cohort, or the cohort is archived).
 */
export async function answerInvitation(
  db: Database,
  userId: string,
  cohortId: string,
  accept: boolean,
  courses: CourseStates,
  now: Date = new Date(),
): Promise<InvitationAnswer> {
  if (accept) {
    // An archived course takes no one new (decision 030): the invitation stays pending.
    const target = await db.select({ course: cohorts.course }).from(cohorts).where(eq(cohorts.id, cohortId)).get();
    if (target && !(await mayJoinCourse(db, courses, userId, target.course))) return 'course_archived';
  }
  const pending = and(
    eq(cohortInvitations.cohortId, cohortId),
    eq(cohortInvitations.userId, userId),
    eq(cohortInvitations.state, 'pending'),
    inArray(
      cohortInvitations.cohortId,
      db
        .select({ id: cohorts.id })
        .from(cohorts)
        .where(and(eq(cohorts.id, cohortId), isNull(cohorts.archivedAt))),
    ),
  );
  const changed = await db
    .update(cohortInvitations)
    .set({ state: accept ? 'accepted' : 'declined', decidedAt: now })
    .where(pending)
    .returning({ cohortId: cohortInvitations.cohortId })
    .get();
  if (!changed) return 'gone';
  if (!accept) return 'declined';
  const cohort = await db
    .select({ course: cohorts.course, programmeCourses: cohorts.programmeCourses })
    .from(cohorts)
    .where(eq(cohorts.id, cohortId))
    .get();
  if (!cohort) return 'gone';
  await db.batch([
    db
      .insert(cohortMembers)
      .values({ cohortId, userId, state: 'member', joinedAt: now, decidedAt: now })
      .onConflictDoUpdate({
        target: [cohortMembers.cohortId, cohortMembers.userId],
        set: { state: 'member', decidedAt: now },
      }),
    memberEnrolments(db, cohort, userId, now),
  ]);
  return 'accepted';
}

/**
 * The cohort page's list of invitations not yet accepted: only the address as the file gave
 * it and the state (accepted ones are members, listed with their names).
 */
export async function listOpenInvitations(db: Database, cohortId: string, page: { limit: number; offset: number }) {
  const where = and(eq(cohortInvitations.cohortId, cohortId), inStates());
  return db
    .select({ email: cohortInvitations.email, state: cohortInvitations.state, sentAt: cohortInvitations.sentAt })
    .from(cohortInvitations)
    .where(where)
    .orderBy(asc(cohortInvitations.state), asc(cohortInvitations.email))
    .limit(page.limit)
    .offset(page.offset);
}

function inStates() {
  return inArray(cohortInvitations.state, ['pending', 'declined']);
}

/** How many invitations of the cohort are pending and declined. */
export async function countOpenInvitations(
  db: Database,
  cohortId: string,
): Promise<{ pending: number; declined: number }> {
  const rows = await db
    .select({ state: cohortInvitations.state, n: sql<number>`count(*)` })
    .from(cohortInvitations)
    .where(and(eq(cohortInvitations.cohortId, cohortId), inStates()))
    .groupBy(cohortInvitations.state);
  const counts = { pending: 0, declined: 0 };
  for (const r of rows) if (r.state !== 'accepted') counts[r.state] = Number(r.n);
  return counts;
}

/**
 * The "My learning" form (`intent=invitation`, `cohortId`, `answer=accept|decline`), as the account page shows
 * outcomes.
 */
export async function answerInvitationForm(
  db: Database,
  userId: string,
  form: FormData,
  courses: CourseStates,
): Promise<ActionOutcome<object, MessageKey>> {
  const cohortId = formText(form, 'cohortId', 64);
  const answer = await answerInvitation(db, userId, cohortId, form.get('answer') === 'accept', courses);
  if (answer === 'gone') return { ok: false, error: 'account.invitation_gone' };
  if (answer === 'course_archived') return { ok: false, error: 'course.error.archived' };
  return { ok: true, message: answer === 'accepted' ? 'account.invitation_accepted' : 'account.invitation_declined' };
}
