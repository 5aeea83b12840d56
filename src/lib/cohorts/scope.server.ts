/** Which courses a signed-in trainer or admin may follow on the dashboards. */
import type { Database } from '../../../db/client.ts';
import { trainerCourses } from '../admin/users.server.ts';
import { canManageCohort, findCohort, type Cohort } from './cohorts.server.ts';

export async function visibleCourses(db: Database, user: { id: string; role: string }, all: readonly string[]): Promise<string[]> {
  if (user.role === 'admin') return [...all];
  if (user.role !== 'trainer') return [];
  const mine = new Set(await trainerCourses(db, user.id));
  return all.filter((c) => mine.has(c));
}

export type DashboardScope =
  | { state: 'anonymous' | 'forbidden' | 'not-found' }
  | { state: 'allowed'; cohort?: Cohort };

/**
 * May this user see the dashboard of `course` (and of `cohortId` within it)? A trainer sees
 * the courses assigned to them and, within them, the cohorts they run; admins see all.
 */
export async function dashboardScope(db: Database, user: { id: string; role: string } | undefined, course: string, all: readonly string[], cohortId?: string | null): Promise<DashboardScope> {
  if (!user) return { state: 'anonymous' };
  if (!all.includes(course)) return { state: 'not-found' };
  if (!(await visibleCourses(db, user, all)).includes(course)) return { state: 'forbidden' };
  if (!cohortId) return { state: 'allowed' };
  const cohort = await findCohort(db, cohortId);
  if (!cohort || cohort.course !== course) return { state: 'not-found' };
  return canManageCohort(user, cohort) ? { state: 'allowed', cohort } : { state: 'forbidden' };
}
