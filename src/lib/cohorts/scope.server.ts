/** Which courses a signed-in trainer or admin may follow on the dashboards. */
import type { Database } from '../../../db/client.ts';
import { trainerCourses } from '../admin/users.server.ts';

export async function visibleCourses(db: Database, user: { id: string; role: string }, all: readonly string[]): Promise<string[]> {
  if (user.role === 'admin') return [...all];
  if (user.role !== 'trainer') return [];
  const mine = new Set(await trainerCourses(db, user.id));
  return all.filter((c) => mine.has(c));
}
