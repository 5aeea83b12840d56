/**
 * Who may read, post on and moderate a board (docs/decisions/038). A course's board and its
 * lessons' questions: the course's enrolled trainees, its trainers and admins. A cohort's
 * board: the cohort's members, the course's trainers and admins. Trainers of the course and
 * admins moderate. Everyone else is refused, however they reach the URL.
 */
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { oncePerDatabase } from '#db/once-per-database.ts';
import { cohortMembers, cohorts, courseTrainers, discussionBans, enrollments } from '#db/schema.ts';
import { cohortBoard, type Board } from './board.ts';

export interface Viewer {
  id: string;
  role: string;
}

export type BoardAccess = { state: 'anonymous' | 'forbidden' } | { state: 'allowed'; moderate: boolean };

async function isCourseTrainer(db: Database, userId: string, course: string): Promise<boolean> {
  const [row] = await db
    .select({ course: courseTrainers.course })
    .from(courseTrainers)
    .where(and(eq(courseTrainers.userId, userId), eq(courseTrainers.course, course)))
    .limit(1);
  return Boolean(row);
}

async function isParticipant(db: Database, userId: string, board: Board): Promise<boolean> {
  if (board.kind === 'cohort') {
    const [row] = await db
      .select({ state: cohortMembers.state })
      .from(cohortMembers)
      .where(
        and(
          eq(cohortMembers.cohortId, board.cohortId ?? ''),
          eq(cohortMembers.userId, userId),
          eq(cohortMembers.state, 'member'),
        ),
      )
      .limit(1);
    return Boolean(row);
  }
  return Boolean(await enrolment(db).get({ userId, course: board.course }));
}

/** Whether a trainee is enrolled in a course (every signed-in syllabus asks), prepared once per database handle. */
const enrolment = oncePerDatabase((db) =>
  db
    .select({ course: enrollments.course })
    .from(enrollments)
    .where(and(eq(enrollments.userId, sql.placeholder('userId')), eq(enrollments.course, sql.placeholder('course'))))
    .limit(1)
    .prepare(),
);

/** How `viewer` may use `board`. */
export async function boardAccess(db: Database, viewer: Viewer | undefined, board: Board): Promise<BoardAccess> {
  if (!viewer) return { state: 'anonymous' };
  if (viewer.role === 'admin') return { state: 'allowed', moderate: true };
  if (viewer.role === 'trainer' && (await isCourseTrainer(db, viewer.id, board.course)))
    return { state: 'allowed', moderate: true };
  return (await isParticipant(db, viewer.id, board)) ? { state: 'allowed', moderate: false } : { state: 'forbidden' };
}

/** The board of cohort `cohortId`, or null when there is no such cohort. */
export async function findCohortBoard(db: Database, cohortId: string): Promise<Board | null> {
  const [row] = await db
    .select({ id: cohorts.id, course: cohorts.course, name: cohorts.name })
    .from(cohorts)
    .where(eq(cohorts.id, cohortId))
    .limit(1);
  return row ? { ...cohortBoard(row.id, row.course), name: row.name } : null;
}

/** The end of `userId`'s posting ban (null: for good), or undefined when they may post. */
export async function activeBan(db: Database, userId: string, now: Date): Promise<{ until: Date | null } | undefined> {
  const [row] = await db
    .select({ until: discussionBans.until })
    .from(discussionBans)
    .where(and(eq(discussionBans.userId, userId), or(isNull(discussionBans.until), gt(discussionBans.until, now))))
    .limit(1);
  return row;
}

/** The cohorts of `course` that `userId` is a member of, for links to their boards. */
export async function memberCohorts(
  db: Database,
  userId: string,
  course: string,
): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: cohorts.id, name: cohorts.name })
    .from(cohortMembers)
    .innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
    .where(and(eq(cohortMembers.userId, userId), eq(cohortMembers.state, 'member'), eq(cohorts.course, course)))
    .orderBy(cohorts.name);
}
