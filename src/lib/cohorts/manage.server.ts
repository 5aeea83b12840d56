/**
 * Managing a cohort after it started: take a member out, change its name and dates, archive
 * it and bring it back. Taking someone out ends only the membership: their enrolment,
 * progress, quiz attempts and certificates belong to the person and the course and stay.
 * An archived cohort is hidden from the trainer's active list, read-only, and its join link
 * and open invitations take nobody in (docs/decisions/021).
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { cohortInvitations, cohortMembers, cohorts, users } from '#db/schema.ts';
import type { MessageKey } from '#lib/i18n/t.ts';
import { cohortInputSchema, type Cohort } from './cohorts.server.ts';

/** The member `userId` of the cohort, with what the confirmation shows; null when not a member. */
export async function findMember(
  db: Database,
  cohortId: string,
  userId: string,
): Promise<{ userId: string; name: string; email: string } | null> {
  return (
    (await db
      .select({ userId: users.id, name: users.displayName, email: users.email })
      .from(cohortMembers)
      .innerJoin(users, eq(users.id, cohortMembers.userId))
      .where(
        and(eq(cohortMembers.cohortId, cohortId), eq(cohortMembers.userId, userId), eq(cohortMembers.state, 'member')),
      )
      .get()) ?? null
  );
}

/**
 * Ends `userId`'s membership (and their invitation, so that they can be invited again);
 * their enrolment and progress stay. False when they were not a member.
 */
export async function removeMember(db: Database, cohort: Cohort, userId: string): Promise<boolean> {
  const [removed] = await db.batch([
    db
      .delete(cohortMembers)
      .where(
        and(eq(cohortMembers.cohortId, cohort.id), eq(cohortMembers.userId, userId), eq(cohortMembers.state, 'member')),
      )
      .returning({ userId: cohortMembers.userId }),
    db
      .delete(cohortInvitations)
      .where(
        and(
          eq(cohortInvitations.cohortId, cohort.id),
          eq(cohortInvitations.userId, userId),
          eq(cohortInvitations.state, 'accepted'),
        ),
      ),
  ]);
  return removed.length === 1;
}

export type EditOutcome = { ok: true; cohort: Cohort } | { ok: false; fields: Record<string, MessageKey> };

/** Changes the name and dates, checked as when the cohort was created; its course never changes. */
export async function updateCohort(db: Database, cohort: Cohort, values: Record<string, string>): Promise<EditOutcome> {
  const parsed = cohortInputSchema.safeParse({ ...values, course: cohort.course });
  if (!parsed.success)
    return {
      ok: false,
      fields: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message as MessageKey])),
    };
  const { name, startsOn, endsOn, applicationsOpenOn, applicationsCloseOn } = parsed.data;
  const updated = await db
    .update(cohorts)
    .set({ name, startsOn, endsOn, applicationsOpenOn, applicationsCloseOn })
    .where(eq(cohorts.id, cohort.id))
    .returning()
    .get();
  return { ok: true, cohort: updated ?? cohort };
}

/** Archives the cohort (`archived`) or makes it active again; the cohort as it is now. */
export async function setArchived(
  db: Database,
  cohort: Cohort,
  archived: boolean,
  now: Date = new Date(),
): Promise<Cohort> {
  return (
    (await db
      .update(cohorts)
      .set({ archivedAt: archived ? now : null })
      .where(eq(cohorts.id, cohort.id))
      .returning()
      .get()) ?? cohort
  );
}
