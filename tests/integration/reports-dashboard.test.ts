/**
 * The course dashboard's reports against a real migrated database: a hand-built course of six
 * trainees, two cohorts, progress, graded quiz attempts and certificates, with every expected
 * number worked out by hand in the comments (not by the code under test).
 *
 *   user  name                 region    enrolled          last activity  done        completed  cohorts
 *   u1    Әлия Нұрланова       Almaty    2026-01-10        now − 1 day    l1-l4       yes        c1
 *   u2    Нұрлан Қасымов       Astana    2026-01-31 20:00  now − 3 days   l1 l2       -          c1
 *   u3    Anna Ivanova         Almaty    2026-02-15        now − 7 days   l1-l4 (+1)  yes        c2 (applied to c1)
 *   u4    Bekzat Omarov        -         2026-02-20        now − 10 days  l1-l4       yes        c2
 *   u5    Гүлнәр Сәрсенбаева   Shymkent  2026-03-01        never          -           -          (declined by c1)
 *   u6    John Smith           Astana    2026-03-02        now − 1 hour   l1 (+1)     -          c1
 *   u7    Ерлан Ғабитов        Almaty    (only in another course)
 * (+1) = a row for a lesson the course no longer has. Enrolments are inserted in this order,
 * so rowids 1-6 follow u1-u6 (ties in sorting fall back to them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { certificates, cohortMembers, cohorts, enrollments, lessonProgress, users } from '#db/schema.ts';
import { quizSchema, type Quiz } from '#lib/courses/schema.ts';
import { submitAttempt } from '#lib/quiz/attempts.server.ts';
import { lessonFunnel } from '#lib/reports/funnel.server.ts';
import { courseOverview } from '#lib/reports/overview.server.ts';
import {
  ensureCourseCounts,
  syncCourseCounts,
  type CountedCourse,
  type CourseContent,
} from '#lib/reports/course-counts.server.ts';
import { countQuizTally, quizStats } from '#lib/reports/quiz-stats.server.ts';
import { assembleQuizStats } from '#lib/reports/quiz-stats.ts';
import type { ReportScope } from '#lib/reports/scope.server.ts';
import { traineeTable } from '#lib/reports/trainees.server.ts';
import type { TraineeTableOptions } from '#lib/reports/trainees.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const now = new Date('2026-03-10T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(now.getTime() - ms);
const t = (en: string) => ({ en, ru: `${en} (ru)`, kk: `${en} (kk)` });
const choice = (id: string, correct = false) => ({ id, text: t(id), correct });

const q1: Quiz = quizSchema.parse({
  title: t('Theory of change'),
  passPercent: 70,
  questions: [
    {
      id: 'capital',
      type: 'single',
      prompt: t('Capital?'),
      choices: [choice('almaty'), choice('astana', true), choice('shymkent')],
    },
    {
      id: 'stakeholders',
      type: 'multiple',
      prompt: t('Stakeholders?'),
      choices: [choice('residents', true), choice('akimat', true), choice('weather'), choice('moon')],
    },
    { id: 'sdg', type: 'truefalse', prompt: t('17 SDGs?'), choices: [choice('true', true), choice('false')] },
    {
      id: 'term',
      type: 'text',
      prompt: t('The word?'),
      accept: { en: ['outcome'], ru: ['результат'], kk: ['нәтиже'] },
    },
    { id: 'steps', type: 'order', prompt: t('Order'), choices: [choice('a'), choice('b'), choice('c')] },
  ],
});
const q2: Quiz = quizSchema.parse({
  title: t('Check'),
  passPercent: 50,
  questions: [
    { id: 'pick', type: 'single', prompt: t('Pick'), choices: [choice('x', true), choice('y'), choice('z')] },
  ],
});
const quizzes = { q1, q2 };
const content: CourseContent = { slug: 'toc', lessons: ['l1', 'l2', 'l3', 'l4'], quizzes };
/**
 * The course with these quizzes, its kept counts brought in line (recounted when the quizzes differ from the last
 * call).
 */
const countedWith = (quizSet: Record<string, Quiz>, slug = 'toc'): Promise<CountedCourse> =>
  ensureCourseCounts(db.db, { ...content, slug, quizzes: quizSet });
const course = { course: 'toc' };
const cohort1 = { course: 'toc', cohortId: 'c1' };
const cohort2 = { course: 'toc', cohortId: 'c2' };

const right = {
  capital: 'astana',
  stakeholders: ['residents', 'akimat'],
  sdg: 'true',
  term: 'outcome',
  steps: ['a', 'b', 'c'],
};

let db: TestDatabase;
let keys = 0;
async function attempt(
  userId: string,
  quizId: 'q1' | 'q2',
  answers: Record<string, string | string[]>,
  courseSlug = 'toc',
): Promise<void> {
  const result = await submitAttempt(db.db, {
    userId,
    course: courseSlug,
    quizId,
    quiz: quizzes[quizId],
    answers,
    locale: 'en',
    idempotencyKey: `fixture-${++keys}`,
    now: ago(12 * DAY),
  });
  if (!result.ok) throw new Error(result.error);
}

function certificate(
  code: string,
  userId: string,
  issuedAt: Date,
  extra: Partial<typeof certificates.$inferInsert> = {},
): typeof certificates.$inferInsert {
  return {
    code,
    userId,
    course: 'toc',
    locale: 'en',
    holderName: userId,
    courseTitle: 'Theory of change',
    hours: 4,
    issuedAt,
    issuerName: 'Oqu',
    signatoryName: 'S',
    signatoryTitle: 'T',
    credential: 'test',
    ...extra,
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  const people: [string, string, string | null][] = [
    ['u1', 'Әлия Нұрланова', 'Almaty'],
    ['u2', 'Нұрлан Қасымов', 'Astana'],
    ['u3', 'Anna Ivanova', 'Almaty'],
    ['u4', 'Bekzat Omarov', null],
    ['u5', 'Гүлнәр Сәрсенбаева', 'Shymkent'],
    ['u6', 'John Smith', 'Astana'],
    ['u7', 'Ерлан Ғабитов', 'Almaty'],
  ];
  const emails: Record<string, string> = {
    u1: 'aliya@example.kz',
    u2: 'nurlan@example.kz',
    u3: 'anna@example.kz',
    u4: 'bekzat@example.kz',
    u5: 'gulnar@example.kz',
    u6: 'john.smith@example.kz',
    u7: 'erlan@example.kz',
  };
  await db.db.insert(users).values(
    people.map(([id, displayName, region]) => ({
      id,
      email: emails[id]!,
      displayName,
      passwordHash: 'x',
      locale: 'en' as const,
      region,
      createdAt: new Date('2026-01-01'),
    })),
  );
  const enrol = (
    userId: string,
    enrolledAt: Date,
    lastActivityAt: Date | null,
    completedAt: Date | null = null,
    courseSlug = 'toc',
  ) => ({ userId, course: courseSlug, enrolledAt, lastActivityAt, completedAt });
  await db.db
    .insert(enrollments)
    .values([
      enrol('u1', new Date('2026-01-10T09:00:00Z'), ago(DAY), new Date('2026-02-28T19:30:00Z')),
      enrol('u2', new Date('2026-01-31T20:00:00Z'), ago(3 * DAY)),
      enrol('u3', new Date('2026-02-15T09:00:00Z'), ago(7 * DAY), new Date('2026-03-05T09:00:00Z')),
      enrol('u4', new Date('2026-02-20T09:00:00Z'), ago(10 * DAY), new Date('2026-02-25T20:00:00Z')),
      enrol('u5', new Date('2026-03-01T09:00:00Z'), null),
      enrol('u6', new Date('2026-03-02T09:00:00Z'), ago(HOUR)),
      enrol('u7', new Date('2026-03-03T09:00:00Z'), ago(HOUR), null, 'urban'),
      enrol('u1', new Date('2026-03-03T09:00:00Z'), ago(HOUR), null, 'urban'),
    ]);
  // Activity is a lesson done or a quiz attempt (activity.server.ts): each trainee's last
  // lesson is done at the time in the table above; the quiz attempts below are older.
  const done = (userId: string, lessons: string[], last: Date, courseSlug = 'toc') =>
    lessons.map((lesson, i) => ({
      userId,
      course: courseSlug,
      lesson,
      completedAt: i === lessons.length - 1 ? last : ago(20 * DAY),
    }));
  await db.db
    .insert(lessonProgress)
    .values([
      ...done('u1', ['l1', 'l2', 'l3', 'l4'], ago(DAY)),
      ...done('u2', ['l1', 'l2'], ago(3 * DAY)),
      ...done('u3', ['l1', 'l2', 'l3', 'l4', 'old-lesson'], ago(7 * DAY)),
      ...done('u4', ['l1', 'l2', 'l3', 'l4'], ago(10 * DAY)),
      ...done('u6', ['l1', 'old-lesson'], ago(HOUR)),
      ...done('u7', ['l1', 'l2'], ago(HOUR), 'urban'),
    ]);
  await db.db.insert(cohorts).values([
    { id: 'c1', course: 'toc', name: 'Spring', joinCode: 'SPRING', createdAt: now },
    { id: 'c2', course: 'toc', name: 'Autumn', joinCode: 'AUTUMN', createdAt: now },
    { id: 'c3', course: 'urban', name: 'Urban', joinCode: 'URBAN', createdAt: now },
  ]);
  const member = (cohortId: string, userId: string, state: 'member' | 'applied' | 'declined' = 'member') => ({
    cohortId,
    userId,
    state,
    joinedAt: now,
  });
  await db.db
    .insert(cohortMembers)
    .values([
      member('c1', 'u1'),
      member('c1', 'u2'),
      member('c1', 'u3', 'applied'),
      member('c1', 'u5', 'declined'),
      member('c1', 'u6'),
      member('c2', 'u4'),
      member('c2', 'u3'),
      member('c3', 'u1'),
    ]);
  // u1's first certificate was replaced after a name correction; u3's was revoked.
  await db.db.insert(certificates).values([
    certificate('AAAA-AAAA-AAA1', 'u1', new Date('2026-02-28T19:35:00Z'), { replacedBy: 'AAAA-AAAA-AAA2' }),
    certificate('AAAA-AAAA-AAA2', 'u1', new Date('2026-03-04T09:00:00Z')),
    certificate('AAAA-AAAA-AAA3', 'u3', new Date('2026-03-05T09:05:00Z'), {
      revokedAt: new Date('2026-03-06T09:00:00Z'),
      revokedReason: 'error',
    }),
    certificate('AAAA-AAAA-AAA4', 'u4', new Date('2026-02-25T20:05:00Z')),
    certificate('AAAA-AAAA-AAA5', 'u7', new Date('2026-03-05T09:05:00Z'), { course: 'urban' }),
  ]);
  // q1 (5 points, pass at 70 %); the comment gives points per question and the percentage.
  await attempt('u1', 'q1', {
    capital: 'shymkent',
    stakeholders: ['residents', 'weather'],
    sdg: 'true',
    term: 'outcome',
    steps: ['a', 'b', 'c'],
  }); // 0 0 1 1 1 = 60 %, failed
  await attempt('u1', 'q1', right); // 100 %, passed
  await attempt('u2', 'q1', {
    capital: 'shymkent',
    stakeholders: ['residents', 'akimat', 'weather'],
    sdg: 'false',
    steps: ['b', 'a', 'c'],
  }); // 0 .5 0 (no term) .33 = 16.67 %
  await attempt('u3', 'q1', {
    capital: 'almaty',
    stakeholders: ['residents', 'akimat'],
    sdg: 'true',
    term: 'Outcome',
    steps: ['a', 'b', 'c'],
  }); // 0 1 1 1 1 = 80 %, passed
  await attempt('u6', 'q1', {
    capital: 'shymkent',
    stakeholders: ['moon'],
    sdg: 'false',
    term: 'income',
    steps: ['c', 'b', 'a'],
  }); // 0 %
  await attempt('u7', 'q1', right, 'urban'); // another course: never counted
  await attempt('u4', 'q2', { pick: 'y' }); // 0 %
  await attempt('u4', 'q2', { pick: 'x' }); // 100 %, passed
  await attempt('u2', 'q2', { pick: 'z' }); // 0 %
});
afterAll(async () => {
  await db?.cleanup();
});

describe('courseOverview', () => {
  it('counts enrolled, active in the last 7 days, completed and valid certificates', async () => {
    // Active: u1 (1 day), u2 (3 days), u6 (1 hour); u3 is exactly 7 days ago, so out.
    // Certificates: u1's replacement and u4's; u1's replaced one and u3's revoked one are not.
    expect(await courseOverview(db.db, course, now)).toEqual({
      enrolled: 6,
      active7d: 3,
      completed: 3,
      certificates: 2,
    });
  });

  it('counts only the members of a cohort', async () => {
    // c1 members: u1, u2, u6 (u3 applied, u5 declined).
    expect(await courseOverview(db.db, cohort1, now)).toEqual({
      enrolled: 3,
      active7d: 3,
      completed: 1,
      certificates: 1,
    });
    // c2: u3 and u4, both completed; u3's certificate is revoked.
    expect(await courseOverview(db.db, cohort2, now)).toEqual({
      enrolled: 2,
      active7d: 0,
      completed: 2,
      certificates: 1,
    });
  });

  it('gives nothing for a cohort of another course, and moves with `now`', async () => {
    expect(await courseOverview(db.db, { course: 'toc', cohortId: 'c3' }, now)).toEqual({
      enrolled: 0,
      active7d: 0,
      completed: 0,
      certificates: 0,
    });
    // Two days earlier, u6's and u1's activity lies in the future and u4's (10 days) is still out; u3's is 5 days back.
    expect((await courseOverview(db.db, course, ago(2 * DAY))).active7d).toBe(2);
  });
});

describe('lessonFunnel', () => {
  it('counts each lesson in the order given, ignoring rows of removed lessons', async () => {
    expect(await lessonFunnel(db.db, course, content.lessons)).toEqual([
      { lesson: 'l1', done: 5 },
      { lesson: 'l2', done: 4 },
      { lesson: 'l3', done: 3 },
      { lesson: 'l4', done: 3 },
    ]);
    expect(await lessonFunnel(db.db, course, ['l3', 'l1', 'new-lesson'])).toEqual([
      { lesson: 'l3', done: 3 },
      { lesson: 'l1', done: 5 },
      { lesson: 'new-lesson', done: 0 },
    ]);
  });

  it('counts only cohort members', async () => {
    expect(await lessonFunnel(db.db, cohort1, content.lessons)).toEqual([
      { lesson: 'l1', done: 3 },
      { lesson: 'l2', done: 2 },
      { lesson: 'l3', done: 1 },
      { lesson: 'l4', done: 1 },
    ]);
  });
});

describe('quizStats', () => {
  it('counts learners, attempts, passes and per-question figures over all attempts', async () => {
    const [s1, s2] = await quizStats(db.db, course, await countedWith(quizzes));
    // q1: learners u1 u2 u3 u6; 5 attempts; passed u1 (second try) and u3.
    expect(s1).toMatchObject({ quizId: 'q1', learners: 4, attempts: 5, passedLearners: 2, passRate: 0.5 });
    expect(s1!.questions).toEqual([
      // Right only in u1's second attempt; shymkent picked by u1 (first), u2, u6; almaty by u3.
      { questionId: 'capital', answered: 5, shareRight: 1 / 5, mostChosenWrong: { choiceId: 'shymkent', count: 3 } },
      // Right: u1 second, u3. weather: u1 first, u2; moon: u6.
      {
        questionId: 'stakeholders',
        answered: 5,
        shareRight: 2 / 5,
        mostChosenWrong: { choiceId: 'weather', count: 2 },
      },
      { questionId: 'sdg', answered: 5, shareRight: 3 / 5, mostChosenWrong: { choiceId: 'false', count: 2 } },
      // u2 left it blank: 4 answered, but all 5 attempts were graded on it.
      { questionId: 'term', answered: 4, shareRight: 3 / 5, mostChosenWrong: null },
      { questionId: 'steps', answered: 5, shareRight: 3 / 5, mostChosenWrong: null },
    ]);
    // q2: u4 (y, then x) and u2 (z); y and z tie at 1, y is listed first.
    expect(s2).toEqual({
      quizId: 'q2',
      learners: 2,
      attempts: 3,
      passedLearners: 1,
      passRate: 0.5,
      questions: [{ questionId: 'pick', answered: 3, shareRight: 1 / 3, mostChosenWrong: { choiceId: 'y', count: 1 } }],
    });
  });

  it('counts only cohort members', async () => {
    const [s1, s2] = await quizStats(db.db, cohort1, await countedWith(quizzes));
    // c1: u1 (2 attempts), u2, u6.
    expect(s1).toMatchObject({ learners: 3, attempts: 4, passedLearners: 1, passRate: 1 / 3 });
    expect(s1!.questions.map((q) => [q.questionId, q.answered, q.shareRight, q.mostChosenWrong])).toEqual([
      ['capital', 4, 1 / 4, { choiceId: 'shymkent', count: 3 }],
      ['stakeholders', 4, 1 / 4, { choiceId: 'weather', count: 2 }],
      ['sdg', 4, 2 / 4, { choiceId: 'false', count: 2 }],
      ['term', 3, 2 / 4, null],
      ['steps', 4, 2 / 4, null],
    ]);
    expect(s2).toEqual({
      quizId: 'q2',
      learners: 1,
      attempts: 1,
      passedLearners: 0,
      passRate: 0,
      questions: [{ questionId: 'pick', answered: 1, shareRight: 0, mostChosenWrong: { choiceId: 'z', count: 1 } }],
    });
  });

  it('shows a quiz nobody tried as empty, and a question without attempts as null', async () => {
    const fresh = quizSchema.parse({
      ...q2,
      questions: [
        ...q2.questions,
        { id: 'new', type: 'truefalse', prompt: t('New'), choices: [choice('true', true), choice('false')] },
      ],
    });
    const [s] = await quizStats(db.db, { course: 'toc', cohortId: 'c2' }, await countedWith({ q2: fresh }));
    // c2: u4 tried q2 twice (y, then x); u3 never did; nobody was graded on the new question.
    expect(s).toEqual({
      quizId: 'q2',
      learners: 1,
      attempts: 2,
      passedLearners: 1,
      passRate: 1,
      questions: [
        { questionId: 'pick', answered: 2, shareRight: 1 / 2, mostChosenWrong: { choiceId: 'y', count: 1 } },
        { questionId: 'new', answered: 0, shareRight: null, mostChosenWrong: null },
      ],
    });
    expect(await quizStats(db.db, { course: 'nobody' }, await countedWith({ q2 }, 'nobody'))).toEqual([
      {
        quizId: 'q2',
        learners: 0,
        attempts: 0,
        passedLearners: 0,
        passRate: null,
        questions: [{ questionId: 'pick', answered: 0, shareRight: null, mostChosenWrong: null }],
      },
    ]);
  });

  it('finds each question in attempts graded before the quiz was reordered, shortened or extended', async () => {
    const [capital, stakeholders, sdg, , steps] = q1.questions;
    const added = {
      id: 'added',
      type: 'truefalse' as const,
      prompt: t('New'),
      choices: [choice('true', true), choice('false')],
      feedback: undefined,
    };
    const edited: Quiz = { ...q1, questions: [added, steps!, capital!, stakeholders!, sdg!] };
    const [s] = await quizStats(db.db, course, await countedWith({ q1: edited }));
    // The same figures as above, now found by id; "term" is gone; nobody answered "added".
    expect(s!.questions).toEqual([
      { questionId: 'added', answered: 0, shareRight: null, mostChosenWrong: null },
      { questionId: 'steps', answered: 5, shareRight: 3 / 5, mostChosenWrong: null },
      { questionId: 'capital', answered: 5, shareRight: 1 / 5, mostChosenWrong: { choiceId: 'shymkent', count: 3 } },
      {
        questionId: 'stakeholders',
        answered: 5,
        shareRight: 2 / 5,
        mostChosenWrong: { choiceId: 'weather', count: 2 },
      },
      { questionId: 'sdg', answered: 5, shareRight: 3 / 5, mostChosenWrong: { choiceId: 'false', count: 2 } },
    ]);
  });
});

const base: TraineeTableOptions = { sort: 'lastActivity', dir: 'desc', limit: 50, offset: 0 };
const ids = async (scope: ReportScope, options: Partial<TraineeTableOptions>) => {
  const table = await traineeTable(db.db, scope, await countedWith(quizzes), { ...base, ...options }, now);
  return { total: table.total, ids: table.rows.map((r) => r.userId) };
};

describe('traineeTable', () => {
  it('returns each trainee with progress, dates and best scores', async () => {
    const table = await traineeTable(db.db, course, await countedWith(quizzes), base, now);
    expect(table.total).toBe(6);
    const u2 = table.rows.find((r) => r.userId === 'u2')!;
    expect(u2).toEqual({
      userId: 'u2',
      name: 'Нұрлан Қасымов',
      email: 'nurlan@example.kz',
      region: 'Astana',
      enrolledAt: new Date('2026-01-31T20:00:00Z'),
      lastActivityAt: ago(3 * DAY),
      lessonsDone: 2,
      percent: 50,
      completedAt: null,
      bestScores: { q1: 16.67, q2: 0 },
    });
    const byId = Object.fromEntries(table.rows.map((r) => [r.userId, r]));
    // Rows for the removed lesson do not count: u3 4 of 4, u6 1 of 4.
    expect([byId.u3!.lessonsDone, byId.u3!.percent, byId.u6!.lessonsDone, byId.u6!.percent, byId.u5!.percent]).toEqual([
      4, 100, 1, 25, 0,
    ]);
    expect(byId.u1!.bestScores).toEqual({ q1: 100, q2: null });
    expect(byId.u4).toMatchObject({
      region: null,
      completedAt: new Date('2026-02-25T20:00:00Z'),
      bestScores: { q1: null, q2: 100 },
    });
    expect(byId.u5!.lastActivityAt).toBeNull();
  });

  it('sorts in SQL on every key, both ways; empty values are the smallest, ties keep enrolment order', async () => {
    expect(await ids(course, {})).toEqual({ total: 6, ids: ['u6', 'u1', 'u2', 'u3', 'u4', 'u5'] });
    expect((await ids(course, { dir: 'asc' })).ids).toEqual(['u5', 'u4', 'u3', 'u2', 'u1', 'u6']);
    // Binary order: Latin, then Cyrillic; Kazakh Ә (U+04D8) comes after Н (see the report).
    expect((await ids(course, { sort: 'name', dir: 'asc' })).ids).toEqual(['u3', 'u4', 'u6', 'u5', 'u2', 'u1']);
    expect((await ids(course, { sort: 'name', dir: 'desc' })).ids).toEqual(['u1', 'u2', 'u5', 'u6', 'u4', 'u3']);
    // Lessons done: u1 u3 u4 = 4, u2 = 2, u6 = 1, u5 = 0.
    expect((await ids(course, { sort: 'progress', dir: 'desc' })).ids).toEqual(['u4', 'u3', 'u1', 'u2', 'u6', 'u5']);
    expect((await ids(course, { sort: 'progress', dir: 'asc' })).ids).toEqual(['u5', 'u6', 'u2', 'u1', 'u3', 'u4']);
    expect((await ids(course, { sort: 'enrolled', dir: 'desc' })).ids).toEqual(['u6', 'u5', 'u4', 'u3', 'u2', 'u1']);
    // Best scores summed over q1 and q2: u1 100, u4 100, u3 80, u2 16.67, u6 0, u5 none.
    expect((await ids(course, { sort: 'score', dir: 'desc' })).ids).toEqual(['u4', 'u1', 'u3', 'u2', 'u6', 'u5']);
    expect((await ids(course, { sort: 'score', dir: 'asc' })).ids).toEqual(['u5', 'u6', 'u2', 'u3', 'u1', 'u4']);
  });

  it('pages with a total over all pages', async () => {
    expect(await ids(course, { limit: 2, offset: 2 })).toEqual({ total: 6, ids: ['u2', 'u3'] });
    expect(await ids(course, { limit: 2, offset: 6 })).toEqual({ total: 6, ids: [] });
    expect(await ids(course, { sort: 'name', dir: 'asc', limit: 4, offset: 3 })).toEqual({
      total: 6,
      ids: ['u5', 'u2', 'u1'],
    });
  });

  it('searches names (Cyrillic and Kazakh letters in any case) and e-mails', async () => {
    expect(await ids(course, { search: 'нұр' })).toEqual({ total: 2, ids: ['u1', 'u2'] });
    expect(await ids(course, { search: ' НҰРЛАН ' })).toEqual({ total: 2, ids: ['u1', 'u2'] });
    // The total covers every page of matches, also past the last one.
    expect(await ids(course, { search: 'нұр', limit: 1, offset: 1 })).toEqual({ total: 2, ids: ['u2'] });
    expect(await ids(course, { search: 'нұр', limit: 1, offset: 5 })).toEqual({ total: 2, ids: [] });
    expect(await ids(course, { search: 'nobody', limit: 1, offset: 0 })).toEqual({ total: 0, ids: [] });
    expect(await ids(course, { search: 'әлия', sort: 'name' })).toEqual({ total: 1, ids: ['u1'] });
    expect(await ids(course, { search: 'ANNA' })).toEqual({ total: 1, ids: ['u3'] });
    expect(await ids(course, { search: 'Smith@' })).toEqual({ total: 1, ids: ['u6'] });
    expect((await ids(course, { search: 'example.kz' })).total).toBe(6);
    // GLOB and LIKE wildcards are plain characters.
    expect((await ids(course, { search: '*' })).total).toBe(0);
    expect((await ids(course, { search: '%' })).total).toBe(0);
    expect((await ids(course, { search: '?' })).total).toBe(0);
    // u7 matches "ерлан" but is not in the course.
    expect((await ids(course, { search: 'ерлан' })).total).toBe(0);
  });

  it('filters by status: completed, active (not completed, last 7 days), inactive (the rest)', async () => {
    expect(await ids(course, { status: 'completed' })).toEqual({ total: 3, ids: ['u1', 'u3', 'u4'] });
    expect(await ids(course, { status: 'active' })).toEqual({ total: 2, ids: ['u6', 'u2'] });
    expect(await ids(course, { status: 'inactive' })).toEqual({ total: 1, ids: ['u5'] });
    expect(await ids(course, { status: 'all' })).toMatchObject({ total: 6 });
    expect(await ids(course, { status: 'active', search: 'нұр' })).toEqual({ total: 1, ids: ['u2'] });
  });

  it('lists only cohort members, with the same sorting and filters', async () => {
    expect(await ids(cohort1, {})).toEqual({ total: 3, ids: ['u6', 'u1', 'u2'] });
    expect(await ids(cohort1, { search: 'нұр', sort: 'name', dir: 'asc' })).toEqual({ total: 2, ids: ['u2', 'u1'] });
    expect(await ids(cohort2, { sort: 'name', dir: 'asc' })).toEqual({ total: 2, ids: ['u3', 'u4'] });
    expect(await ids(cohort2, { sort: 'progress', status: 'completed' })).toEqual({ total: 2, ids: ['u4', 'u3'] });
    expect(await ids({ course: 'toc', cohortId: 'c3' }, {})).toEqual({ total: 0, ids: [] });
  });
});

describe('counts kept on write', () => {
  /** What the kept counts must equal: the statistics counted from every attempt. */
  const counted = async () => assembleQuizStats(quizzes, await countQuizTally(db.db, course, quizzes));

  it('follow new attempts and deletions, as a full recount and a count of every attempt do', async () => {
    const before = await quizStats(db.db, course, await countedWith(quizzes));
    expect(before[0]).toMatchObject({ learners: 4, attempts: 5, passedLearners: 2 });
    expect(before).toEqual(await counted());
    // u5 tries q1 for the first time and passes; u2 passes at last; u6 fails again.
    await attempt('u5', 'q1', right);
    await attempt('u2', 'q1', right);
    await attempt('u6', 'q1', { capital: 'almaty' }); // answers one question, wrongly
    const after = await quizStats(db.db, course, await countedWith(quizzes));
    // Learners +1 (u5), attempts +3, passed +2 (u5, u2).
    expect(after[0]).toMatchObject({ learners: 5, attempts: 8, passedLearners: 4, passRate: 4 / 5 });
    // capital: 8 answered; right 1 + 2 = 3; almaty now 2 (u3, u6), shymkent still 3.
    expect(after[0]!.questions[0]).toEqual({
      questionId: 'capital',
      answered: 8,
      shareRight: 3 / 8,
      mostChosenWrong: { choiceId: 'shymkent', count: 3 },
    });
    // sdg: answered 5 + 2 = 7, right 3 + 2 = 5 of 8 graded.
    expect(after[0]!.questions[2]).toMatchObject({ answered: 7, shareRight: 5 / 8 });
    expect(after).toEqual(await counted());
    // The trainee table's score follows: u5 (q1 100) and u2 (100 + 0) join u1 and u4 at 100 (ties: later enrolment
    // first).
    expect((await ids(course, { sort: 'score', dir: 'desc' })).ids).toEqual(['u5', 'u4', 'u2', 'u1', 'u3', 'u6']);
    expect(await syncCourseCounts(db.db, content, { force: true })).toBe(true);
    expect(await quizStats(db.db, course, await countedWith(quizzes))).toEqual(after);

    // Deleting u6 removes their 2 attempts of q1 and their progress, and the counts follow.
    await db.db.delete(users).where(eq(users.id, 'u6'));
    const [s1] = await quizStats(db.db, course, await countedWith(quizzes));
    expect(s1).toMatchObject({ learners: 4, attempts: 6, passedLearners: 4, passRate: 1 });
    // capital: shymkent now u1 (first) and u2; almaty u3.
    expect(s1!.questions[0]).toEqual({
      questionId: 'capital',
      answered: 6,
      shareRight: 3 / 6,
      mostChosenWrong: { choiceId: 'shymkent', count: 2 },
    });
    expect([s1]).toEqual((await counted()).slice(0, 1));
  });

  it('count lessons done as the course has them, and recount when its lessons change', async () => {
    // u2 marks l3 done, and a lesson the course does not have.
    await db.db.insert(lessonProgress).values([
      { userId: 'u2', course: 'toc', lesson: 'l3', completedAt: now },
      { userId: 'u2', course: 'toc', lesson: 'gone', completedAt: now },
    ]);
    const done = async (lessons: readonly string[]) => {
      const table = await traineeTable(
        db.db,
        course,
        await ensureCourseCounts(db.db, { ...content, lessons }),
        { ...base, sort: 'progress', dir: 'desc' },
        now,
      );
      return Object.fromEntries(table.rows.map((r) => [r.userId, r.lessonsDone]));
    };
    expect(await done(content.lessons)).toEqual({ u1: 4, u2: 3, u3: 4, u4: 4, u5: 0 });
    // The course drops l4 and gains "gone": counted again from the stored rows.
    expect(await done(['l1', 'l2', 'l3', 'gone'])).toEqual({ u1: 3, u2: 4, u3: 3, u4: 3, u5: 0 });
    await db.db.delete(lessonProgress).where(eq(lessonProgress.lesson, 'gone'));
    expect(await done(['l1', 'l2', 'l3', 'gone'])).toEqual({ u1: 3, u2: 3, u3: 3, u4: 3, u5: 0 });
    expect(await done(content.lessons)).toEqual({ u1: 4, u2: 3, u3: 4, u4: 4, u5: 0 });
  });

  it('refuse an update that would change what a row counts for', async () => {
    await expect(
      db.db.$client.execute("UPDATE lesson_progress SET lesson = 'l4' WHERE user_id = 'u2'"),
    ).rejects.toThrow(/lesson_progress rows are not changed/);
    await expect(db.db.$client.execute("UPDATE quiz_attempts SET passed = 1 WHERE user_id = 'u2'")).rejects.toThrow(
      /quiz_attempts rows are not changed/,
    );
    // Other columns may change.
    await db.db.$client.execute("UPDATE lesson_progress SET completed_at = completed_at + 1 WHERE user_id = 'u2'");
  });
});
