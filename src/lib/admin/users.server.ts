/** Finding users and assigning trainers to courses, for the admin workspace. */
import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { courseTrainers, users } from '#db/schema.ts';
import { containsGlob } from '#lib/reports/trainees.ts';

export interface UserListing {
  id: string;
  email: string;
  displayName: string;
  role: 'learner' | 'trainer' | 'admin';
  active: boolean;
  region: string | null;
  createdAt: Date;
  courses: string[];
}

/**
 * Users whose name or e-mail contains `query` in any case (Latin, Cyrillic and Kazakh letters:
 * a GLOB of letter classes, see containsGlob; SQLite's lower() knows only A-Z), with their
 * assigned courses, by e-mail.
 */
export async function searchUsers(db: Database, query: string, limit = 50): Promise<UserListing[]> {
  const pattern = containsGlob(query);
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      role: users.role,
      active: users.active,
      region: users.region,
      createdAt: users.createdAt,
      courses: sql<
        string | null
      >`(select group_concat(${courseTrainers.course}, ',') from ${courseTrainers} where ${courseTrainers.userId} =
        ${users.id})`,
    })
    .from(users)
    .where(pattern ? or(sql`${users.email} GLOB ${pattern}`, sql`${users.displayName} GLOB ${pattern}`) : undefined)
    .orderBy(asc(users.email))
    .limit(limit);
  return rows.map((r) => ({ ...r, courses: r.courses ? r.courses.split(',').sort() : [] }));
}

export async function assignTrainer(
  db: Database,
  userId: string,
  course: string,
  now: Date = new Date(),
): Promise<boolean> {
  const rows = await db
    .insert(courseTrainers)
    .values({ userId, course, assignedAt: now })
    .onConflictDoNothing()
    .returning();
  return rows.length === 1;
}

export async function unassignTrainer(db: Database, userId: string, course: string): Promise<boolean> {
  const rows = await db
    .delete(courseTrainers)
    .where(and(eq(courseTrainers.userId, userId), eq(courseTrainers.course, course)))
    .returning();
  return rows.length === 1;
}

/** The courses a trainer follows; every course for an admin is decided by the caller. */
export async function trainerCourses(db: Database, userId: string): Promise<string[]> {
  const rows = await db
    .select({ course: courseTrainers.course })
    .from(courseTrainers)
    .where(eq(courseTrainers.userId, userId));
  return rows.map((r) => r.course).sort();
}
