/**
 * The dashboard's figures for a small cohort, against numbers worked out by hand (the issue's
 * "14 active where 3 were ever active" and "33 %/66 % here, 25 %/75 % there"). A real
 * migrated libSQL file; every write goes through the app's own functions (answering an
 * invitation, marking a lesson done, submitting a quiz, completing), with explicit times.
 *
 * Course theory-of-change: 3 lessons (what-is-change, mapping, indicators) and 1 quiz, all
 * required. now = 2026-03-10 12:00 UTC; "active" = a lesson done or a quiz attempt in
 * (now − 7 days, now]. Cohort "Spring":
 *
 *   who        invitation           lessons done (when)        quiz (when)          completed
 *   a1         accepted 2 days ago  1 (1 day ago)              -                    -
 *   a2         accepted 4 days ago  2 (3 days ago)             -                    -
 *   a3         accepted 12 d. ago   3 (10 days ago)            failed (2 days ago)  -
 *   a4         accepted 12 d. ago   3 (11 days ago)            passed (9 days ago)  yes (9 days ago)
 *   i1..i8     accepted 1 day ago   -                          -                    -
 *   p1..p4     pending (invited 1 day ago, never signed in)  -  -                    -
 * and o1, enrolled in the course an hour ago on their own (not in the cohort).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cohortInvitations, cohorts, users } from '#db/schema.ts';
import { answerInvitation } from '#lib/cohorts/consent.server.ts';
import { completeIfDone, enrol, getCourseProgress, markLessonDone } from '#lib/progress/progress.server.ts';
import { submitAttempt } from '#lib/quiz/attempts.server.ts';
import { ensureCourseCounts, type CountedCourse } from '#lib/reports/course-counts.server.ts';
import { lessonFunnel } from '#lib/reports/funnel.server.ts';
import { courseOverview } from '#lib/reports/overview.server.ts';
import { traineeTable } from '#lib/reports/trainees.server.ts';
import { perfectAnswers, sampleOutline, sampleQuiz } from '../fixtures/quiz.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const now = new Date('2026-03-10T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(now.getTime() - ms);
const outline = { ...sampleOutline, lessons: [...sampleOutline.lessons], quizzes: [...sampleOutline.quizzes] };
const [L1, L2, L3] = outline.lessons as [string, string, string];
const cohort = { course: outline.slug, cohortId: 'spring' };
const wholeCourse = { course: outline.slug };
const idle = ['i1', 'i2', 'i3', 'i4', 'i5', 'i6', 'i7', 'i8'];
const pending = ['p1', 'p2', 'p3', 'p4'];

let db: TestDatabase;
let counted: CountedCourse;
let keys = 0;

async function accept(userId: string, at: Date): Promise<void> {
  await db.db.insert(cohortInvitations).values({
    cohortId: 'spring',
    userId,
    email: `${userId}@example.kz`,
    state: 'pending',
    invitedAt: at,
    sentAt: at,
  });
  expect(await answerInvitation(db.db, userId, 'spring', true, { hidden: [], archived: [] }, at)).toBe('accepted');
}
async function done(userId: string, lessons: string[], at: Date): Promise<void> {
  for (const lesson of lessons) {
    const marked = await markLessonDone(db.db, { userId, outline, lesson, now: at });
    if (!marked.ok) throw new Error(marked.error);
  }
}
async function quiz(userId: string, answers: Record<string, unknown>, at: Date): Promise<void> {
  const result = await submitAttempt(db.db, {
    userId,
    course: outline.slug,
    quizId: 'toc-quiz',
    quiz: sampleQuiz,
    answers,
    locale: 'en',
    idempotencyKey: `figures-${++keys}`,
    now: at,
  });
  if (!result.ok) throw new Error(result.error);
}

beforeAll(async () => {
  db = await createTestDatabase();
  const everyone = ['a1', 'a2', 'a3', 'a4', ...idle, ...pending, 'o1'];
  await db.db.insert(users).values(
    everyone.map((id) => ({
      id,
      email: `${id}@example.kz`,
      displayName: `Trainee ${id}`,
      passwordHash: 'x',
      locale: 'kk' as const,
      createdAt: ago(30 * DAY),
    })),
  );
  await db.db.insert(cohorts).values({
    id: 'spring',
    course: outline.slug,
    name: 'Spring',
    joinCode: 'SPRING01',
    createdAt: ago(30 * DAY),
  });
  counted = await ensureCourseCounts(db.db, {
    slug: outline.slug,
    lessons: outline.lessons,
    quizzes: { 'toc-quiz': sampleQuiz },
  });
  await accept('a1', ago(2 * DAY));
  await done('a1', [L1], ago(DAY));
  await accept('a2', ago(4 * DAY));
  await done('a2', [L1, L2], ago(3 * DAY));
  await accept('a3', ago(12 * DAY));
  await done('a3', [L1, L2, L3], ago(10 * DAY));
  await quiz('a3', { capital: 'almaty' }, ago(2 * DAY)); // one point of many: failed
  await accept('a4', ago(12 * DAY));
  await done('a4', [L1, L2, L3], ago(11 * DAY));
  await quiz('a4', perfectAnswers, ago(9 * DAY));
  expect((await completeIfDone(db.db, 'a4', outline, ago(9 * DAY))).completedNow).toBe(true);
  for (const id of idle) await accept(id, ago(DAY));
  for (const id of pending)
    await db.db.insert(cohortInvitations).values({
      cohortId: 'spring',
      userId: id,
      email: `${id}@example.kz`,
      state: 'pending',
      invitedAt: ago(DAY),
      sentAt: ago(DAY),
    });
  await enrol(db.db, 'o1', outline.slug, ago(HOUR));
});
afterAll(async () => {
  await db?.cleanup();
});

describe('the dashboard of a cohort with invited trainees who never came', () => {
  it('counts enrolled, active, completed by hand', async () => {
    // Enrolled: a1-a4 + i1-i8 = 12 (p1-p4 never accepted: no enrolment; o1 is not a member).
    // Active: a1 (lesson 1 day ago), a2 (3 days), a3 (quiz 2 days ago) = 3. Accepting an
    // invitation is not activity (i1-i8, 1 day ago), a4's last activity is 9 days old.
    // Completed: a4 = 1. Certificates: none issued here = 0.
    expect(await courseOverview(db.db, cohort, now)).toEqual({
      enrolled: 12,
      active7d: 3,
      completed: 1,
      certificates: 0,
    });
    // The whole course adds o1 (enrolled an hour ago, nothing done): 12 + 1 = 13, still 3 active.
    expect(await courseOverview(db.db, wholeCourse, now)).toEqual({
      enrolled: 13,
      active7d: 3,
      completed: 1,
      certificates: 0,
    });
  });

  it('counts each lesson done', async () => {
    // what-is-change: a1 a2 a3 a4 = 4; mapping: a2 a3 a4 = 3; indicators: a3 a4 = 2.
    expect(await lessonFunnel(db.db, cohort, outline.lessons)).toEqual([
      { lesson: L1, done: 4 },
      { lesson: L2, done: 3 },
      { lesson: L3, done: 2 },
    ]);
  });

  it("shows the same progress as the trainee's own pages", async () => {
    // Lessons done over 3, rounded down, 100 only when completed:
    // a1 1/3 = 33.3 → 33; a2 2/3 = 66.7 → 66; a3 3/3 but quiz failed → 99; a4 completed → 100; i* 0.
    const table = await traineeTable(db.db, cohort, counted, { sort: 'name', dir: 'asc', limit: 50 }, now);
    const percent = Object.fromEntries(table.rows.map((r) => [r.userId, r.percent]));
    expect(percent).toEqual({ a1: 33, a2: 66, a3: 99, a4: 100, ...Object.fromEntries(idle.map((id) => [id, 0])) });
    for (const row of table.rows)
      expect((await getCourseProgress(db.db, row.userId, outline)).percent, row.userId).toBe(row.percent);
  });

  it('dates last activity from lessons and attempts only, and filters by it', async () => {
    const table = await traineeTable(db.db, cohort, counted, { sort: 'lastActivity', dir: 'desc', limit: 50 }, now);
    const last = Object.fromEntries(table.rows.map((r) => [r.userId, r.lastActivityAt]));
    expect(last).toMatchObject({ a1: ago(DAY), a2: ago(3 * DAY), a3: ago(2 * DAY), a4: ago(9 * DAY), i1: null });
    // Most recent first, no activity last (ties in enrolment order, descending too): a1, a3, a2, a4, i8..i1.
    expect(table.rows.map((r) => r.userId)).toEqual(['a1', 'a3', 'a2', 'a4', ...[...idle].reverse()]);
    // Statuses never overlap: active a1 a2 a3 = 3; completed a4 = 1; inactive i1-i8 = 8 (3 + 1 + 8 = 12).
    const count = async (status: 'active' | 'inactive' | 'completed') =>
      (await traineeTable(db.db, cohort, counted, { status, limit: 50 }, now)).total;
    expect([await count('active'), await count('completed'), await count('inactive')]).toEqual([3, 1, 8]);
  });
});
