/**
 * Finding discussions (decision 045) against a real libSQL file: search over thread titles as
 * well as posts (Kazakh letters in any case), search inside a cohort's board that covers that
 * board alone (and a course's search that never shows a cohort's words), and the latest threads
 * a course page shows to those who may read them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cohortBoard, courseBoard, lessonBoard } from '#lib/discussions/board.ts';
import { latestThreads } from '#lib/discussions/latest.server.ts';
import { createThread, replyToThread, type Author } from '#lib/discussions/posting.server.ts';
import { searchDiscussions } from '#lib/discussions/search.server.ts';
import type { User } from '#lib/auth/user.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';

let t: TestDatabase;
let member: User, outsider: User, trainer: User;
const course = 'urbanism';
const as = (u: User, staff = false): Author => ({ id: u.id, createdAt: u.createdAt, ip: null, staff });

async function thread(board: ReturnType<typeof courseBoard>, who: User, title: string, body: string) {
  const made = await createThread(t.db, { board, author: as(who), title, body });
  if (!made.ok) throw new Error(made.error);
  return made.threadId;
}

beforeAll(async () => {
  t = await createTestDatabase();
  [member, outsider] = [await makeUser(t.db), await makeUser(t.db)];
  trainer = await makeUser(t.db, 'trainer');
  const now = Date.now();
  await t.db.$client.batch(
    [
      {
        sql: 'INSERT INTO enrollments (user_id, course, enrolled_at) VALUES (?, ?, ?)',
        args: [member.id, course, now],
      },
      {
        sql: 'INSERT INTO course_trainers (user_id, course, assigned_at) VALUES (?, ?, ?)',
        args: [trainer.id, course, now],
      },
      {
        sql: `INSERT INTO cohorts (id, course, name, join_code, created_at) VALUES ('c1', ?, 'Spring', 'FIND1', ?)`,
        args: [course, now],
      },
      {
        sql: `INSERT INTO cohort_members (cohort_id, user_id, state, joined_at) VALUES ('c1', ?, 'member', ?)`,
        args: [member.id, now],
      },
    ],
    'write',
  );
});

afterAll(async () => {
  await t?.cleanup();
});

describe('search', () => {
  it('finds a thread by a word of its title only, in any case, first', async () => {
    const id = await thread(courseBoard(course), member, 'Қоғамдық ТЫҢДАУ қашан?', 'When is it?');
    await replyToThread(t.db, { threadId: id, author: as(trainer, true), body: 'Тыңдау is on Friday.' });
    const hits = await searchDiscussions(t.db, { board: courseBoard(course), text: 'тыңдау', moderator: false });
    expect(hits.map((h) => [h.threadId, h.number])).toEqual([
      [id, 1],
      [id, 2],
    ]);
    expect(hits[0]!.excerpt).toBe('Қоғамдық ТЫҢДАУ қашан?');
    // From a lesson's board the scope is the course's boards too.
    expect(
      await searchDiscussions(t.db, { board: lessonBoard(course, 'x'), text: 'ҚОҒАМДЫҚ', moderator: false }),
    ).toEqual([expect.objectContaining({ threadId: id, number: 1 })]);
    expect(await searchDiscussions(t.db, { board: courseBoard('other'), text: 'тыңдау', moderator: false })).toEqual(
      [],
    );
  });

  it('inside a cohort’s board covers that board alone; the course’s search never shows it', async () => {
    const inCohort = await thread(cohortBoard('c1', course), member, 'Жиналыс', 'Біздің ауланың жиналысы');
    const onCourse = await thread(courseBoard(course), member, 'Аула', 'Ауланың абаттандыру жоспары');
    const cohortHits = await searchDiscussions(t.db, {
      board: cohortBoard('c1', course),
      text: 'ауланың',
      moderator: false,
    });
    expect(cohortHits.map((h) => h.threadId)).toEqual([inCohort]);
    const courseHits = await searchDiscussions(t.db, { board: courseBoard(course), text: 'ауланың', moderator: false });
    expect(courseHits.map((h) => h.threadId)).toEqual([onCourse]);
    expect(await searchDiscussions(t.db, { board: courseBoard(course), text: 'жиналыс', moderator: true })).toEqual([]);
    expect(
      await searchDiscussions(t.db, { board: cohortBoard('c2', course), text: 'жиналыс', moderator: true }),
    ).toEqual([]);
  });
});

describe('the latest threads on a course page', () => {
  it('newest activity first, without cohorts’ threads, with new posts; none for outsiders', async () => {
    const latest = await latestThreads(t.db, { id: member.id, role: member.role }, course);
    expect(latest?.map((x) => x.title)).toEqual(['Аула', 'Қоғамдық ТЫҢДАУ қашан?']);
    // The author has read their own question; the trainer's reply is new to them.
    expect(latest?.[1]).toMatchObject({ posts: 2, unread: 1, answered: false });
    expect(await latestThreads(t.db, { id: trainer.id, role: 'trainer' }, course, 1)).toHaveLength(1);
    expect(await latestThreads(t.db, { id: outsider.id, role: outsider.role }, course)).toBeNull();
    expect(await latestThreads(t.db, undefined, course)).toBeNull();
  });
});
