/**
 * Which courses and cohorts a signed-in trainer or admin may follow and run. Rights follow
 * the course assignment: a trainer unassigned from a course loses its dashboards and the
 * cohorts they created in it (members, imports, decisions) at once.
 */
import type { Database } from '#db/client.ts';
import { trainerCourses } from '#lib/admin/users.server.ts';
import { canManageCohort, findCohort, type Cohort } from './cohorts.server.ts';

type Viewer = { id: string; role: string };

export async function visibleCourses(db: Database, user: Viewer, all: readonly string[]): Promise<string[]> {
  if (user.role === 'admin') return [...all];
  if (user.role !== 'trainer') return [];
  const mine = new Set(await trainerCourses(db, user.id));
  return all.filter((c) => mine.has(c));
}

/** The cohort `cohortId` when `user` may run it now (see canManageCohort), else why not. */
export async function manageableCohort(
  db: Database,
  user: Viewer,
  cohortId: string,
): Promise<{ state: 'allowed'; cohort: Cohort } | { state: 'forbidden' | 'not-found' }> {
  const cohort = await findCohort(db, cohortId);
  if (!cohort) return { state: 'not-found' };
  const assigned = user.role === 'trainer' ? await trainerCourses(db, user.id) : [];
  return canManageCohort(user, cohort, assigned) ? { state: 'allowed', cohort } : { state: 'forbidden' };
}

export type DashboardScope = { state: 'anonymous' | 'forbidden' | 'not-found' } | { state: 'allowed'; cohort?: Cohort };

/**
 * May this user see the dashboard of `course` (and of `cohortId` within it)? A trainer sees
 * the courses assigned to them and, within them, the cohorts they run; admins see all.
 */
export async function dashboardScope(
  db: Database,
  user: Viewer | undefined,
  course: string,
  all: readonly string[],
  cohortId?: string | null,
): Promise<DashboardScope> {
  if (!user) return { state: 'anonymous' };
  if (!all.includes(course)) return { state: 'not-found' };
  const courses = await visibleCourses(db, user, all);
  if (!courses.includes(course)) return { state: 'forbidden' };
  if (!cohortId) return { state: 'allowed' };
  const cohort = await findCohort(db, cohortId);
  if (!cohort || cohort.course !== course) return { state: 'not-found' };
  return canManageCohort(user, cohort, courses) ? { state: 'allowed', cohort } : { state: 'forbidden' };
}
