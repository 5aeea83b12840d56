/**
 * Enrolment and progress in the database; the rules live in completion.ts. Course content
 * comes in as a CourseOutline (built by the caller from the catalogue), never read from
 * disk here. Every write is one idempotent statement (or one batch), safe to repeat and to
 * run concurrently.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { enrollments, eventSignups, events, lessonProgress, quizAttempts, submissions } from '#db/schema.ts';
import type { Failure } from '#lib/result.ts';
import { progressPercent } from './percent.ts';
import { evaluateCompletion, findNextLesson, type CompletionState, type CourseOutline } from './completion.ts';

export type ProgressErrorCode = 'progress.error.unknown_lesson';

export interface Enrolment {
  course: string;
  enrolledAt: Date;
  completedAt: Date | null;
  lastLesson: string | null;
}

export interface CourseProgress extends CompletionState {
  enrolment: Enrolment | null;
  /** Done lessons that the course still has, in reading order. */
  doneLessons: string[];
  /** Passed quizzes that the course still has. */
  passedQuizzes: string[];
  /** Accepted assignments that the course still has. */
  acceptedAssignments: string[];
  nextLesson: string | null;
}

/** Enrols the user; enrolling twice changes nothing. Returns whether this call enrolled. */
export async function enrol(
  db: Database,
  userId: string,
  course: string,
  now: Date = new Date(),
): Promise<{ enrolledNow: boolean }> {
  const rows = await db
    .insert(enrollments)
    .values({ userId, course, enrolledAt: now, lastActivityAt: now })
    .onConflictDoNothing()
    .returning({ course: enrollments.course });
  return { enrolledNow: rows.length === 1 };
}

export async function getEnrolment(db: Database, userId: string, course: string): Promise<Enrolment | null> {
  const row = await db
    .select({
      course: enrollments.course,
      enrolledAt: enrollments.enrolledAt,
      completedAt: enrollments.completedAt,
      lastLesson: enrollments.lastLesson,
    })
    .from(enrollments)
    .where(and(eq(enrollments.userId, userId), eq(enrollments.course, course)))
    .get();
  return row ?? null;
}

/** Remembers the lesson a learner opened, for "continue where you left off" (enrolled only). */
export async function recordLessonVisit(
  db: Database,
  userId: string,
  course: string,
  lesson: string,
  now: Date = new Date(),
): Promise<void> {
  await db
    .update(enrollments)
    .set({ lastLesson: lesson, lastActivityAt: now })
    .where(and(eq(enrollments.userId, userId), eq(enrollments.course, course)));
}

/**
 * The two statements of a lesson marked done (also of a quiz passed), with fixed texts: built by the query builder
 * on every call they cost more than running them (docs/benchmarks.md). The enrolment, made if needed, points at the
 * lesson; the lesson's row is stored once, and RETURNING says whether this call stored it.
 */
const ENROL_AT_LESSON = `INSERT INTO enrollments (user_id, course, enrolled_at, completed_at, last_lesson,
    last_activity_at, last_active_at, lessons_done, score_total) VALUES (?, ?, ?, NULL, ?, ?, NULL, 0, NULL)
  ON CONFLICT (user_id, course) DO UPDATE SET last_lesson = ?, last_activity_at = ?`;
const LESSON_DONE = `INSERT INTO lesson_progress (user_id, course, lesson, completed_at) VALUES (?, ?, ?, ?)
  ON CONFLICT DO NOTHING RETURNING lesson`;

/**
 * Marks a lesson done (enrolling the learner if needed) and makes it the last lesson.
 * Marking it again changes nothing but the last-lesson pointer.
 */
export async function markLessonDone(
  db: Database,
  input: { userId: string; outline: CourseOutline; lesson: string; now?: Date },
): Promise<{ ok: true; markedNow: boolean } | Failure<ProgressErrorCode>> {
  const { userId, outline, lesson } = input;
  const now = input.now ?? new Date();
  if (!outline.lessons.includes(lesson)) return { ok: false, error: 'progress.error.unknown_lesson' };
  const at = now.getTime();
  const [, inserted] = await db.$client.batch([
    { sql: ENROL_AT_LESSON, args: [userId, outline.slug, at, lesson, at, lesson, at] },
    { sql: LESSON_DONE, args: [userId, outline.slug, lesson, at] },
  ]);
  return { ok: true, markedNow: inserted!.rows.length === 1 };
}

/** Every lesson the learner has done, in any course ("My learning"). */
async function loadDoneLessons(db: Database, userId: string): Promise<{ course: string; lesson: string }[]> {
  return db
    .select({ course: lessonProgress.course, lesson: lessonProgress.lesson })
    .from(lessonProgress)
    .where(eq(lessonProgress.userId, userId));
}

/** Every quiz the learner has passed, in any course. */
async function loadPassedQuizzes(db: Database, userId: string): Promise<{ course: string; quiz: string }[]> {
  return db
    .selectDistinct({ course: quizAttempts.course, quiz: quizAttempts.quiz })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.passed, true)));
}

/** Every assignment of the learner's a trainer accepted, in any course. */
async function loadAcceptedAssignments(
  db: Database,
  userId: string,
): Promise<{ course: string; assignment: string }[]> {
  return db
    .select({ course: submissions.course, assignment: submissions.assignment })
    .from(submissions)
    .where(and(eq(submissions.userId, userId), eq(submissions.state, 'accepted')));
}

/** Sessions (not cancelled) the trainer marked the learner present at, per course. */
async function loadAttendedSessions(
  db: Database,
  userId: string,
): Promise<{ course: string | null; attended: number; names: string[] }[]> {
  const mine = and(eq(eventSignups.userId, userId), eq(eventSignups.attendance, 'present'), isNull(events.cancelledAt));
  const rows = await db
    .select({
      course: events.course,
      attended: sql<number>`count(*)`,
      // Session names are slugs (no commas), so the default separator splits them back.
      names: sql<string | null>`group_concat(distinct ${events.sessionKey})`,
    })
    .from(eventSignups)
    .innerJoin(events, eq(events.id, eventSignups.eventId))
    .where(mine)
    .groupBy(events.course);
  return rows.map((r) => ({
    course: r.course,
    attended: Number(r.attended),
    names: r.names ? r.names.split(',') : [],
  }));
}

function progressFrom(
  outline: CourseOutline,
  enrolment: Enrolment | null,
  done: Iterable<string>,
  passed: Iterable<string>,
  accepted: Iterable<string>,
  attended: { attended: number; names: string[] } = { attended: 0, names: [] },
): CourseProgress {
  const doneSet = new Set(done);
  const passedSet = new Set(passed);
  const acceptedSet = new Set(accepted);
  const state = evaluateCompletion(outline, doneSet, passedSet, acceptedSet, attended.attended, attended.names);
  const doneLessons = outline.lessons.filter((l) => doneSet.has(l));
  // completed_at, as the dashboard reads it: a course completed before an edit stays completed.
  const completed = state.complete || enrolment?.completedAt != null;
  return {
    ...state,
    percent: progressPercent(new Set(doneLessons).size, new Set(outline.lessons).size, completed),
    enrolment,
    doneLessons,
    passedQuizzes: outline.quizzes.filter((q) => passedSet.has(q)),
    acceptedAssignments: (outline.assignments ?? []).filter((a) => acceptedSet.has(a)),
    nextLesson: findNextLesson(outline.lessons, doneSet, enrolment?.lastLesson),
  };
}

/** A learner's progress in one course (also for a learner not enrolled: all zero). */
export async function getCourseProgress(db: Database, userId: string, outline: CourseOutline): Promise<CourseProgress> {
  return (await getGroupCourseProgress(db, [userId], [outline])).get(userId)!.get(outline.slug)!.progress;
}

export interface EnrolmentSummary extends Enrolment {
  /** False when the course is no longer in the catalogue (its progress is then empty). */
  available: boolean;
  percent: number;
  complete: boolean;
  nextLesson: string | null;
}

/** "My learning": every enrolment with its percentage and the lesson to continue with, latest first. */
export async function listEnrolments(
  db: Database,
  userId: string,
  outlines: readonly CourseOutline[],
): Promise<EnrolmentSummary[]> {
  const [rows, done, passed, accepted, attended] = await Promise.all([
    db
      .select({
        course: enrollments.course,
        enrolledAt: enrollments.enrolledAt,
        completedAt: enrollments.completedAt,
        lastLesson: enrollments.lastLesson,
      })
      .from(enrollments)
      .where(eq(enrollments.userId, userId))
      .orderBy(sql`coalesce(${enrollments.lastActivityAt}, ${enrollments.enrolledAt}) desc`),
    loadDoneLessons(db, userId),
    loadPassedQuizzes(db, userId),
    loadAcceptedAssignments(db, userId),
    loadAttendedSessions(db, userId),
  ]);
  const bySlug = new Map(outlines.map((o) => [o.slug, o]));
  return rows.map((enrolment) => {
    const outline = bySlug.get(enrolment.course);
    if (!outline)
      return { ...enrolment, available: false, percent: 0, complete: enrolment.completedAt !== null, nextLesson: null };
    const progress = progressFrom(
      outline,
      enrolment,
      done.filter((d) => d.course === enrolment.course).map((d) => d.lesson),
      passed.filter((p) => p.course === enrolment.course).map((p) => p.quiz),
      accepted.filter((a) => a.course === enrolment.course).map((a) => a.assignment),
      attended.find((a) => a.course === enrolment.course),
    );
    return {
      ...enrolment,
      available: true,
      percent: progress.percent,
      complete: progress.complete,
      nextLesson: progress.nextLesson,
    };
  });
}

/**
 * Records the course as completed when its rule is met. `completed_at` is set exactly once:
 * one conditional upsert (`... WHERE completed_at IS NULL`), so of many concurrent calls
 * only one gets a row back and reports `completedNow` (the one that should, say, issue the
 * certificate). Enrols the learner if they were not.
 */
export async function completeIfDone(
  db: Database,
  userId: string,
  outline: CourseOutline,
  now: Date = new Date(),
): Promise<{ complete: boolean; completedNow: boolean; completedAt: Date | null; progress: CourseProgress }> {
  const progress = await getCourseProgress(db, userId, outline);
  if (!progress.complete)
    return { complete: false, completedNow: false, completedAt: progress.enrolment?.completedAt ?? null, progress };
  const rows = await db
    .insert(enrollments)
    .values({ userId, course: outline.slug, enrolledAt: now, completedAt: now, lastActivityAt: now })
    .onConflictDoUpdate({
      target: [enrollments.userId, enrollments.course],
      set: { completedAt: now },
      setWhere: sql`${enrollments.completedAt} IS NULL`,
    })
    .returning({ completedAt: enrollments.completedAt });
  const completedNow = rows.length === 1;
  const completedAt = completedNow ? now : ((await getEnrolment(db, userId, outline.slug))?.completedAt ?? null);
  return { complete: true, completedNow, completedAt, progress };
}

/**
 * The enrolment, done lessons, passed quizzes, accepted assignments and attended sessions (count and names) of
 * many learners in many courses, in one statement with a fixed text: it serves a cohort's programme table and, for
 * one learner and one course, every signed-in syllabus, lesson marked done and quiz passed, where several statements
 * built by the query builder cost more than the reading itself (docs/benchmarks.md).
 */
const GROUP_FACTS = `
  WITH u(id) AS (SELECT value FROM json_each(?1)), c(slug) AS (SELECT value FROM json_each(?2))
  SELECT user_id AS who, course, 'e' AS kind, last_lesson AS name, enrolled_at AS enrolled, completed_at AS completed,
    NULL AS n FROM enrollments WHERE user_id IN u AND course IN c
  UNION ALL SELECT user_id, course, 'l', lesson, NULL, NULL, NULL FROM lesson_progress
    WHERE user_id IN u AND course IN c
  UNION ALL SELECT DISTINCT user_id, course, 'q', quiz, NULL, NULL, NULL FROM quiz_attempts
    WHERE user_id IN u AND course IN c AND passed = 1
  UNION ALL SELECT user_id, course, 'a', assignment, NULL, NULL, NULL FROM submissions
    WHERE user_id IN u AND course IN c AND state = 'accepted'
  UNION ALL SELECT s.user_id, e.course, 's', group_concat(DISTINCT e.session_key), NULL, NULL, count(*)
    FROM event_signups s JOIN events e ON e.id = s.event_id
    WHERE s.user_id IN u AND e.course IN c AND s.attendance = 'present' AND e.cancelled_at IS NULL
    GROUP BY s.user_id, e.course`;

/** A learner's progress in a course with the facts behind it that a programme's rule also reads. */
export interface GroupCourseFacts {
  progress: CourseProgress;
  /** Every accepted assignment of the course (also one the course's own rule does not ask for). */
  accepted: string[];
  /** Sessions of the course attended (present, not cancelled), and their names. */
  attended: { attended: number; names: string[] };
}

/** Each learner's progress in each course, by user id then course slug (every pair present, also with nothing done). */
export async function getGroupCourseProgress(
  db: Database,
  userIds: readonly string[],
  outlines: readonly CourseOutline[],
): Promise<Map<string, Map<string, GroupCourseFacts>>> {
  type Facts = ReturnType<typeof emptyFacts>;
  const emptyFacts = () => ({
    enrolment: null as Enrolment | null,
    done: [] as string[],
    passed: [] as string[],
    accepted: [] as string[],
    attended: { attended: 0, names: [] as string[] },
  });
  const facts = new Map<string, Facts>();
  const of = (who: string, course: string) => {
    const key = `${who}\0${course}`;
    const found = facts.get(key) ?? emptyFacts();
    facts.set(key, found);
    return found;
  };
  if (userIds.length && outlines.length) {
    const { rows } = await db.$client.execute({
      sql: GROUP_FACTS,
      args: [JSON.stringify(userIds), JSON.stringify(outlines.map((o) => o.slug))],
    });
    for (const row of rows) {
      const f = of(String(row.who), String(row.course));
      const name = row.name === null ? null : String(row.name);
      if (row.kind === 'e')
        f.enrolment = {
          course: String(row.course),
          enrolledAt: new Date(Number(row.enrolled)),
          completedAt: row.completed === null ? null : new Date(Number(row.completed)),
          lastLesson: name,
        };
      else if (row.kind === 's') f.attended = { attended: Number(row.n), names: name ? name.split(',') : [] };
      else if (name !== null)
        ({ l: f.done, q: f.passed, a: f.accepted })[String(row.kind) as 'l' | 'q' | 'a'].push(name);
    }
  }
  return new Map(
    userIds.map((who) => [
      who,
      new Map(
        outlines.map((o) => {
          const f = of(who, o.slug);
          const progress = progressFrom(o, f.enrolment, f.done, f.passed, f.accepted, f.attended);
          return [o.slug, { progress, accepted: f.accepted, attended: f.attended }];
        }),
      ),
    ]),
  );
}
