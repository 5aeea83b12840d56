/** Finding users and assigning trainers to courses, for the admin workspace. */
import { and, asc, count, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { courseTrainers, users } from '#db/schema.ts';
import { containsGlob } from '#lib/reports/trainees.ts';
import { ADMIN_PAGE_SIZE, countCap, type UserListQuery } from './listing.ts';

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

const assignedCourses = sql<string | null>`(select group_concat(${courseTrainers.course}, ',')
  from ${courseTrainers} where ${courseTrainers.userId} = ${users.id})`;

function matching(query: string): SQL | undefined {
  const pattern = containsGlob(query);
  return pattern ? or(sql`${users.email} GLOB ${pattern}`, sql`${users.displayName} GLOB ${pattern}`) : undefined;
}

const sortColumns = {
  name: users.displayName,
  email: users.email,
  created: users.createdAt,
  role: users.role,
} as const;

/**
 * One page of users (all of them, or those `q` finds as `searchUsers` does) in the order asked,
 * e-mail breaking ties in the same direction (so one index serves both), with the number of
 * users in all pages counted up to `countCap` + 1.
 */
export async function listUsers(
  db: Database,
  query: UserListQuery,
  pageSize = ADMIN_PAGE_SIZE,
): Promise<{ rows: UserListing[]; total: number }> {
  const where = matching(query.q);
  const order = query.dir === 'asc' ? asc : desc;
  const [rows, [counted]] = await Promise.all([
    db
      .select({
        id: users.id,
        email: users.email,
        displayName: users.displayName,
        role: users.role,
        active: users.active,
        region: users.region,
        createdAt: users.createdAt,
        courses: assignedCourses,
      })
      .from(users)
      .where(where)
      .orderBy(order(sortColumns[query.sort]), order(users.email))
      .limit(pageSize)
      .offset((query.page - 1) * pageSize),
    db.select({ n: count() }).from(
      db
        .select({ one: sql`1` })
        .from(users)
        .where(where)
        .limit(countCap(query.page, pageSize) + 1)
        .as('counted'),
    ),
  ]);
  return {
    rows: rows.map((r) => ({ ...r, courses: r.courses ? r.courses.split(',').sort() : [] })),
    total: counted?.n ?? 0,
  };
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
