/**
 * A cohort whose course is archived in the configuration (decision 030) takes nobody new by
 * any way in: joining by its link, a trainer accepting an application and accepting an
 * invitation are refused with a message in the person's language and create no enrolment;
 * someone already enrolled still joins. The same steps on a course that is not archived work.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cohortInvitations, cohortMembers, enrollments } from '#db/schema.ts';
import { runCohortAction, type CohortContext } from '#lib/cohorts/actions.server.ts';
import { createCohort, joinCohort, type Cohort } from '#lib/cohorts/cohorts.server.ts';
import { answerInvitationForm } from '#lib/cohorts/consent.server.ts';
import { useTranslations } from '#lib/i18n/t.ts';
import { enrol } from '#lib/progress/progress.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';

const STATES = { hidden: [], archived: ['old'] };
let t: TestDatabase;
let trainerId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  trainerId = (await makeUser(t.db, 'trainer')).id;
});
afterAll(() => t.cleanup());

async function newCohort(course: string, window = false): Promise<Cohort> {
  const dates = window
    ? { applicationsOpenOn: '2026-01-01', applicationsCloseOn: '2099-12-31' }
    : { applicationsOpenOn: '', applicationsCloseOn: '' };
  const result = await createCohort(t.db, { name: 'Түркістан', course, startsOn: '', endsOn: '', ...dates }, trainerId);
  if (!result.ok) throw new Error(JSON.stringify(result.fields));
  return result.cohort;
}

async function enrolled(userId: string, course: string): Promise<boolean> {
  const rows = await t.db
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.userId, userId), eq(enrollments.course, course)));
  return rows.length === 1;
}

const context = (): CohortContext => ({
  locale: 'ru',
  offered: ['kk', 'ru'],
  courses: STATES,
  invitations: { baseUrl: 'http://localhost', siteName: () => 'Oqu', courseTitle: () => 'Курс' },
});

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

describe('a cohort of an archived course', () => {
  test('joining by its link is refused, in the person’s language, and enrols no one', async () => {
    const cohort = await newCohort('old');
    const learner = await makeUser(t.db);
    expect(await joinCohort(t.db, cohort, learner.id, STATES)).toBe('course_archived');
    expect(await enrolled(learner.id, 'old')).toBe(false);
    expect(useTranslations('ru')('cohort.join.course_archived')).toBe(
      'Курс этой группы в архиве и не принимает новых слушателей.',
    );
    // Someone enrolled before the course was archived still joins the group.
    const earlier = await makeUser(t.db);
    await enrol(t.db, earlier.id, 'old');
    expect(await joinCohort(t.db, cohort, earlier.id, STATES)).toBe('member');
    // The same steps on a course that is not archived.
    expect(await joinCohort(t.db, await newCohort('fresh'), learner.id, STATES)).toBe('member');
  });

  test('a trainer accepting an application is refused; the application stays pending', async () => {
    const cohort = await newCohort('old', true);
    const learner = await makeUser(t.db);
    await t.db
      .insert(cohortMembers)
      .values({ cohortId: cohort.id, userId: learner.id, state: 'applied', joinedAt: new Date() });
    const trainer = { id: trainerId, email: 'trainer@example.kz', ip: null };
    const outcome = await runCohortAction(
      t.db,
      trainer,
      cohort,
      form({ intent: 'decide', userId: learner.id, accept: '1' }),
      context(),
    );
    expect(outcome).toEqual({ ok: false, error: 'course.error.archived' });
    const [member] = await t.db.select().from(cohortMembers).where(eq(cohortMembers.userId, learner.id));
    expect(member?.state).toBe('applied');
    expect(await enrolled(learner.id, 'old')).toBe(false);
  });

  test('accepting an invitation is refused and the invitation stays pending', async () => {
    const cohort = await newCohort('old');
    const learner = await makeUser(t.db);
    const now = new Date();
    await t.db.insert(cohortInvitations).values({
      cohortId: cohort.id,
      userId: learner.id,
      email: learner.email,
      state: 'pending',
      invitedBy: trainerId,
      invitedAt: now,
      sentAt: now,
    });
    const answer = await answerInvitationForm(
      t.db,
      learner.id,
      form({ cohortId: cohort.id, answer: 'accept' }),
      STATES,
    );
    expect(answer).toEqual({ ok: false, error: 'course.error.archived' });
    const [invitation] = await t.db.select().from(cohortInvitations).where(eq(cohortInvitations.userId, learner.id));
    expect(invitation?.state).toBe('pending');
    expect(await enrolled(learner.id, 'old')).toBe(false);
  });
});
