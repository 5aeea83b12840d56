/**
 * Cohorts: groups of trainees taking a course together. A trainer creates one, invites a
 * list of people from CSV (import.server.ts; they join only when they accept, see
 * consent.server.ts), or shares a join code; when the cohort has an application window,
 * trainees apply and a trainer accepts or declines. A declined application is final for
 * that cohort (the trainer can still invite the person).
 */
import { and, asc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '#db/client.ts';
import { createId } from '#db/ids.ts';
import { cohortMembers, cohorts, courseTrainers, enrollments, users, type CohortMemberState } from '#db/schema.ts';
import { generateSecretToken } from '#lib/auth/token.ts';
import { nameSortKeySql } from '#lib/i18n/collate.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import type { MessageKey } from '#lib/i18n/t.ts';
import { containsGlob } from '#lib/reports/trainees.ts';
import { acceptsEnrolments, type CourseStates } from '#lib/courses/visibility.ts';
import { applicationWindow } from './window.ts';

export type Cohort = typeof cohorts.$inferSelect;
export const INVITATION_DAYS = 14;

const day = z.union([z.literal(''), z.iso.date({ error: 'cohort.error.date' })]).transform((v) => v || null);
export const cohortInputSchema = z
  .object({
    name: z.string().trim().min(1, { error: 'cohort.error.name' }).max(120, { error: 'cohort.error.name' }),
    course: z.string().min(1),
    startsOn: day,
    endsOn: day,
    applicationsOpenOn: day,
    applicationsCloseOn: day,
  })
  .superRefine((c, ctx) => {
    if (c.startsOn && c.endsOn && c.endsOn < c.startsOn)
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'cohort.error.ends_before_start' });
    if (c.applicationsOpenOn && c.applicationsCloseOn && c.applicationsCloseOn < c.applicationsOpenOn)
      ctx.addIssue({ code: 'custom', path: ['applicationsCloseOn'], message: 'cohort.error.window' });
  });

/** A short code for join links: 8 characters that are easy to read aloud. */
function joinCode(): string {
  return generateSecretToken(5).slice(0, 8);
}

/**
 * The enrolments a member of the cohort gets, as one statement: its course, and each course of
 * the programme it follows (decision 047). Enrolling twice changes nothing.
 */
export function memberEnrolments(
  db: Database,
  cohort: Pick<Cohort, 'course' | 'programmeCourses'>,
  userId: string,
  now: Date,
) {
  const courses = [...new Set([cohort.course, ...(cohort.programmeCourses ?? [])])];
  return db
    .insert(enrollments)
    .values(courses.map((course) => ({ userId, course, enrolledAt: now, lastActivityAt: now })))
    .onConflictDoNothing();
}

/** Creates a cohort of a course; with `path`, one that follows a programme through that course (decision 047). */
export async function createCohort(
  db: Database,
  input: unknown,
  creatorId: string,
  now: Date = new Date(),
  path?: { programme: string; courses: readonly string[] },
): Promise<{ ok: true; cohort: Cohort } | { ok: false; fields: Record<string, MessageKey> }> {
  const parsed = cohortInputSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      fields: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message as MessageKey])),
    };
  }
  const rows = await db
    .insert(cohorts)
    .values({
      id: createId(),
      ...parsed.data,
      joinCode: joinCode(),
      createdBy: creatorId,
      createdAt: now,
      ...(path ? { programme: path.programme, programmeCourses: [...path.courses] } : {}),
    })
    .returning();
  return { ok: true, cohort: rows[0]! };
}

export async function findCohort(db: Database, id: string): Promise<Cohort | null> {
  return (await db.select().from(cohorts).where(eq(cohorts.id, id)).get()) ?? null;
}

export async function findCohortByCode(db: Database, code: string): Promise<Cohort | null> {
  return (await db.select().from(cohorts).where(eq(cohorts.joinCode, code.trim().toLowerCase())).get()) ?? null;
}

/**
 * Admins manage every cohort; a trainer the cohorts they created, and only while they are
 * assigned to the cohort's course (`assignedCourses`): unassigning a trainer from a course
 * takes its cohorts from them too.
 */
export function canManageCohort(
  user: { id: string; role: string },
  cohort: Cohort,
  assignedCourses: readonly string[],
): boolean {
  if (user.role === 'admin') return true;
  return user.role === 'trainer' && cohort.createdBy === user.id && assignedCourses.includes(cohort.course);
}

/**
 * The cohorts a user manages (see canManageCohort), newest first, with their member and
 * applicant counts: the active ones, or with `archived` the archived ones.
 */
export async function listCohorts(db: Database, user: { id: string; role: string }, archived = false) {
  const shelf = archived ? isNotNull(cohorts.archivedAt) : isNull(cohorts.archivedAt);
  return db
    .select({
      cohort: cohorts,
      members: sql<number>`(select count(*) from ${cohortMembers} m where m.cohort_id = ${cohorts.id} and m.state =
        'member')`,
      applicants: sql<number>`(select count(*) from ${cohortMembers} m where m.cohort_id = ${cohorts.id} and m.state
        = 'applied')`,
    })
    .from(cohorts)
    .where(
      user.role === 'admin'
        ? shelf
        : and(
            shelf,
            eq(cohorts.createdBy, user.id),
            inArray(
              cohorts.course,
              db
                .select({ course: courseTrainers.course })
                .from(courseTrainers)
                .where(eq(courseTrainers.userId, user.id)),
            ),
          ),
    )
    .orderBy(sql`${cohorts.createdAt} desc`);
}

export interface MemberQuery {
  /** Part of the name or e-mail, any case (see containsGlob). */
  search?: string;
  /** Whose alphabet orders the names (the page's language); Kazakh by default. */
  locale?: Locale;
  limit?: number;
  offset?: number;
}

function memberFilter(cohortId: string, search: string | undefined) {
  const pattern = containsGlob(search);
  return and(
    eq(cohortMembers.cohortId, cohortId),
    pattern ? or(sql`${users.displayName} GLOB ${pattern}`, sql`${users.email} GLOB ${pattern}`) : undefined,
  );
}

/**
 * The cohort's people, applications first (then declined, then members), by name in the
 * alphabet of `locale` (sorted in SQL, so that pages follow each other); a page of them with
 * `limit` and `offset`, those matching `search` only when given.
 */
export async function listMembers(db: Database, cohortId: string, query: MemberQuery = {}) {
  const rows = db
    .select({
      userId: users.id,
      name: users.displayName,
      email: users.email,
      locale: users.locale,
      state: cohortMembers.state,
      joinedAt: cohortMembers.joinedAt,
    })
    .from(cohortMembers)
    .innerJoin(users, eq(users.id, cohortMembers.userId))
    .where(memberFilter(cohortId, query.search))
    .orderBy(
      asc(cohortMembers.state),
      asc(nameSortKeySql(users.displayName, query.locale ?? 'kk')),
      asc(users.displayName),
      asc(users.id),
    );
  return query.limit === undefined ? rows : rows.limit(query.limit).offset(query.offset ?? 0);
}

/** How many people the cohort has in each state, and how many match `search` (all of them without one). */
export async function countMembers(
  db: Database,
  cohortId: string,
  search?: string,
): Promise<Record<CohortMemberState, number> & { matching: number }> {
  const [byState, matching] = await db.batch([
    db
      .select({ state: cohortMembers.state, n: sql<number>`count(*)` })
      .from(cohortMembers)
      .where(eq(cohortMembers.cohortId, cohortId))
      .groupBy(cohortMembers.state),
    db
      .select({ n: sql<number>`count(*)` })
      .from(cohortMembers)
      .innerJoin(users, eq(users.id, cohortMembers.userId))
      .where(memberFilter(cohortId, search)),
  ]);
  const counts = { member: 0, applied: 0, declined: 0 };
  for (const r of byState) counts[r.state] = Number(r.n);
  return { ...counts, matching: Number(matching[0]?.n ?? 0) };
}

export type JoinOutcome =
  | 'member'
  | 'applied'
  | 'already'
  | 'declined'
  | 'not_yet'
  | 'closed'
  | 'archived'
  /** The cohort's course is archived (decision 030) and the person was not enrolled in it. */
  | 'course_archived';

/**
 * Whether `userId` may come into `course` through a cohort: an archived course takes nobody
 * new by any way in (decision 030), but someone already enrolled stays welcome.
 */
export async function mayJoinCourse(
  db: Database,
  courses: CourseStates,
  userId: string,
  course: string,
): Promise<boolean> {
  if (acceptsEnrolments(courses, course)) return true;
  const row = await db
    .select({ userId: enrollments.userId })
    .from(enrollments)
    .where(and(eq(enrollments.userId, userId), eq(enrollments.course, course)))
    .get();
  return row !== undefined;
}

/**
 * A trainee joins by code: directly, or as an applicant while the application window is
 * open. A declined application is final for the cohort: applying again at once would put
 * the same request in front of the trainer over and over.
 */
export async function joinCohort(
  db: Database,
  cohort: Cohort,
  userId: string,
  courses: CourseStates,
  now: Date = new Date(),
): Promise<JoinOutcome> {
  if (cohort.archivedAt) return 'archived';
  const current = await db
    .select()
    .from(cohortMembers)
    .where(and(eq(cohortMembers.cohortId, cohort.id), eq(cohortMembers.userId, userId)))
    .get();
  if (current) return current.state === 'declined' ? 'declined' : 'already';
  if (!(await mayJoinCourse(db, courses, userId, cohort.course))) return 'course_archived';
  const window = applicationWindow(cohort, now);
  if (window === 'not_yet' || window === 'closed') return window;
  if (window === 'open') {
    // Never over a row written since the look-up above (a decision must not be undone).
    await db
      .insert(cohortMembers)
      .values({ cohortId: cohort.id, userId, state: 'applied', joinedAt: now })
      .onConflictDoNothing();
    return 'applied';
  }
  await db.batch([
    db
      .insert(cohortMembers)
      .values({ cohortId: cohort.id, userId, state: 'member', joinedAt: now, decidedAt: now })
      .onConflictDoUpdate({
        target: [cohortMembers.cohortId, cohortMembers.userId],
        set: { state: 'member', decidedAt: now },
      }),
    memberEnrolments(db, cohort, userId, now),
  ]);
  return 'member';
}

/**
 * Accepts (member, enrolled) or declines an application. Only pending applications change;
 * accepting into an archived course someone not enrolled in it changes nothing.
 */
export async function decideApplication(
  db: Database,
  cohort: Cohort,
  userId: string,
  accept: boolean,
  courses: CourseStates,
  now: Date = new Date(),
): Promise<boolean | 'course_archived'> {
  const pending = and(
    eq(cohortMembers.cohortId, cohort.id),
    eq(cohortMembers.userId, userId),
    eq(cohortMembers.state, 'applied'),
  );
  if (!accept)
    return (
      (await db.update(cohortMembers).set({ state: 'declined', decidedAt: now }).where(pending).returning()).length ===
      1
    );
  if (!(await mayJoinCourse(db, courses, userId, cohort.course))) return 'course_archived';
  const changed = await db.update(cohortMembers).set({ state: 'member', decidedAt: now }).where(pending).returning();
  if (changed.length !== 1) return false;
  await memberEnrolments(db, cohort, userId, now);
  return true;
}
