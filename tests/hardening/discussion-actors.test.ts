/**
 * The discussion routes × every actor of the dialogue platform, through the real server
 * (issue 16's matrix; the route table in authorisation.test.ts covers the site's six visitors,
 * this adds the discussion actors it lacks). In creative-industries, with a cohort of it:
 *
 * - outsider: not signed in;
 * - otherCourse: a trainee of another course (urbanism) only;
 * - member: enrolled, and a member of the cohort;
 * - nonMember: enrolled, not a member of the cohort;
 * - trainer: a trainer of another course;
 * - moderator: a trainer of this course (moderates its boards);
 * - admin;
 * - banned: enrolled and a member, stopped from posting for good.
 *
 * Each row is a route and one of its actions (read, start a thread, reply, edit, report, hide,
 * pin, move, the moderation queue, bans) with the status every actor must get; a 303 is checked to go
 * where it should (the sign-in page for the outsider, the thread or board for the others). The
 * posts land in the database as the statuses say, which the last test reads back.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openFile, seedUsers, type SeedUser } from './lib/db.ts';
import type { Method } from './lib/http.ts';
import { databaseFile } from './lib/server.ts';
import { createWorld, type World } from './lib/world.ts';

const ACTORS = ['outsider', 'otherCourse', 'member', 'nonMember', 'trainer', 'moderator', 'admin', 'banned'] as const;
type Actor = (typeof ACTORS)[number];
/** Statuses in ACTORS order. */
type Row = [number, number, number, number, number, number, number, number];

const COURSE = 'creative-industries';
const LESSON = 'mapping-the-creative-economy';
const COHORT = 'actorscohort';
const THREAD = 'actorsthread';
const COHORT_THREAD = 'actorscohortthread';
const MOVE_THREAD = 'actorsmovethread';
const POST = 'actorspost';
const HIDE_POST = 'actorshidepost';
const COHORT_POST = 'actorscohortpost';
/** Posts of the member and of the banned user, inside the edit window. */
const MEMBER_POST = 'actorsmemberpost';
const BANNED_POST = 'actorsbannedpost';

let w: World;
const people = {} as Record<Exclude<Actor, 'outsider'>, SeedUser>;
const cookie = (actor: Actor) => (actor === 'outsider' ? undefined : people[actor].cookies[0]);

beforeAll(async () => {
  w = await createWorld('discussion-actors', {
    sessions: 1,
    beforeStart: async (db, [, , , , admin]) => {
      const seeded = await seedUsers(
        db,
        ['otherCourse', 'member', 'nonMember', 'trainer', 'moderator', 'banned'].map((name) => ({
          email: `actors-${name.toLowerCase()}@oqu.test`,
          name: `Actor ${name}`,
          role: name === 'trainer' || name === 'moderator' ? ('trainer' as const) : ('learner' as const),
        })),
      );
      const [otherCourse, member, nonMember, trainer, moderator, banned] = seeded;
      Object.assign(people, { otherCourse, member, nonMember, trainer, moderator, banned, admin });
      const now = Date.now();
      const stmt = (sql: string, args: (string | number | null)[]) => ({ sql, args });
      const thread = (id: string, board: string, kind: string, authorId: string) =>
        stmt(
          `INSERT INTO discussion_threads (id, board, course, kind, title, author_id, created_at, last_post_at, posts)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)`,
          [id, board, COURSE, kind, `Thread ${id}`, authorId, now, now],
        );
      const post = (id: string, threadId: string, number: number, authorId: string) =>
        stmt(
          `INSERT INTO discussion_posts (id, thread_id, number, author_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
          [id, threadId, number, authorId, `Post ${id}`, now],
        );
      await db.$client.batch(
        [
          // Accounts a month old: the stricter limit of new accounts is not what this matrix tests.
          stmt(`UPDATE users SET created_at = ?`, [now - 30 * 86_400_000]),
          ...[member!, nonMember!, banned!].map((u) =>
            stmt(`INSERT INTO enrollments (user_id, course, enrolled_at) VALUES (?, ?, ?)`, [u.id, COURSE, now]),
          ),
          stmt(`INSERT INTO enrollments (user_id, course, enrolled_at) VALUES (?, 'urbanism', ?)`, [
            otherCourse!.id,
            now,
          ]),
          stmt(`INSERT INTO course_trainers (user_id, course, assigned_at) VALUES (?, ?, ?), (?, 'urbanism', ?)`, [
            moderator!.id,
            COURSE,
            now,
            trainer!.id,
            now,
          ]),
          stmt(`INSERT INTO cohorts (id, course, name, join_code, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`, [
            COHORT,
            COURSE,
            'Actors cohort',
            'actorsjoin',
            moderator!.id,
            now,
          ]),
          ...[member!, banned!].map((u) =>
            stmt(`INSERT INTO cohort_members (cohort_id, user_id, state, joined_at) VALUES (?, ?, 'member', ?)`, [
              COHORT,
              u.id,
              now,
            ]),
          ),
          thread(THREAD, `course:${COURSE}`, 'course', member!.id),
          post(POST, THREAD, 1, member!.id),
          post(HIDE_POST, THREAD, 2, nonMember!.id),
          post(MEMBER_POST, THREAD, 3, member!.id),
          post(BANNED_POST, THREAD, 4, banned!.id),
          thread(COHORT_THREAD, `cohort:${COHORT}`, 'cohort', member!.id),
          post(COHORT_POST, COHORT_THREAD, 1, member!.id),
          thread(MOVE_THREAD, `course:${COURSE}`, 'course', nonMember!.id),
          post('actorsmovepost', MOVE_THREAD, 1, nonMember!.id),
          stmt(
            `UPDATE discussion_threads SET posts = (SELECT count(*) FROM discussion_posts p
            WHERE p.thread_id = discussion_threads.id) WHERE id IN (?, ?, ?)`,
            [THREAD, COHORT_THREAD, MOVE_THREAD],
          ),
          stmt(`INSERT INTO discussion_bans (user_id, until, reason, created_at) VALUES (?, NULL, 'actors ban', ?)`, [
            banned!.id,
            now,
          ]),
        ],
        'write',
      );
    },
  });
});
afterAll(async () => {
  await w?.close();
});

interface Case {
  name: string;
  method: Method;
  url: string;
  body?: (actor: Actor) => Record<string, string>;
  expect: Row;
  /** Where a 303 for a signed-in actor must go (a part of the Location). */
  to?: string;
}

const board = `/en/discussions/${COURSE}`;
const lessonBoard = `/en/discussions/${COURSE}/lessons/${LESSON}`;
const cohortBoard = `/en/discussions/cohorts/${COHORT}`;
const thread = `/en/discussions/threads/${THREAD}`;
const cohortThread = `/en/discussions/threads/${COHORT_THREAD}`;
const move = `/en/discussions/threads/${MOVE_THREAD}/move`;
const reports = `/en/discussions/${COURSE}/reports`;
const bans = '/en/admin/discussion-bans';
const newThread = (actor: Actor) => ({ title: `A thread by ${actor}`, body: `Started by ${actor}` });
const reply = (actor: Actor) => ({ intent: 'reply', body: `A reply by ${actor}` });

//                                    outsider otherCourse member nonMember trainer moderator admin banned
const CASES: Case[] = [
  { name: 'read the board', method: 'GET', url: board, expect: [303, 403, 200, 200, 403, 200, 200, 200] },
  {
    name: 'start a thread on the board',
    method: 'POST',
    url: board,
    body: newThread,
    expect: [303, 403, 303, 303, 403, 303, 303, 400],
    to: '/en/discussions/threads/',
  },
  {
    name: "read a lesson's questions",
    method: 'GET',
    url: lessonBoard,
    expect: [303, 403, 200, 200, 403, 200, 200, 200],
  },
  {
    name: 'ask under a lesson',
    method: 'POST',
    url: lessonBoard,
    body: newThread,
    expect: [303, 403, 303, 303, 403, 303, 303, 400],
    to: '/en/discussions/threads/',
  },
  {
    name: "read the cohort's board",
    method: 'GET',
    url: cohortBoard,
    expect: [303, 403, 200, 403, 403, 200, 200, 200],
  },
  {
    name: "start a thread on the cohort's board",
    method: 'POST',
    url: cohortBoard,
    body: newThread,
    expect: [303, 403, 303, 403, 403, 303, 303, 400],
    to: '/en/discussions/threads/',
  },
  { name: 'read a thread', method: 'GET', url: thread, expect: [303, 403, 200, 200, 403, 200, 200, 200] },
  {
    name: 'reply',
    method: 'POST',
    url: thread,
    body: reply,
    expect: [303, 403, 303, 303, 403, 303, 303, 400],
    to: thread,
  },
  {
    name: "read a cohort's thread",
    method: 'GET',
    url: cohortThread,
    expect: [303, 403, 200, 403, 403, 200, 200, 200],
  },
  {
    name: "reply in a cohort's thread",
    method: 'POST',
    url: cohortThread,
    body: reply,
    expect: [303, 403, 303, 403, 403, 303, 303, 400],
    to: cohortThread,
  },
  {
    name: "edit one's own post (a ban stops that too; others' posts are not one's own)",
    method: 'POST',
    url: thread,
    body: (actor) => ({
      intent: 'edit',
      post: actor === 'banned' ? BANNED_POST : MEMBER_POST,
      body: `Edited by ${actor}`,
    }),
    expect: [303, 403, 303, 400, 403, 400, 400, 400],
    to: thread,
  },
  {
    name: 'report a post (a ban stops posting, not reporting)',
    method: 'POST',
    url: thread,
    body: (actor) => ({ intent: 'report', post: POST, reason: `Reported by ${actor}` }),
    expect: [303, 403, 303, 303, 403, 303, 303, 303],
    to: thread,
  },
  {
    name: 'hide a post (moderators only)',
    method: 'POST',
    url: thread,
    body: (actor) => ({ intent: actor === 'admin' ? 'unhide' : 'hide', post: HIDE_POST, reason: 'Off topic' }),
    expect: [303, 403, 400, 400, 403, 303, 303, 400],
    to: thread,
  },
  {
    name: 'pin a thread (moderators only)',
    method: 'POST',
    url: thread,
    body: (actor) => ({ intent: actor === 'admin' ? 'unpin' : 'pin' }),
    expect: [303, 403, 400, 400, 403, 303, 303, 400],
    to: thread,
  },
  { name: 'the move page', method: 'GET', url: move, expect: [303, 403, 403, 403, 403, 200, 200, 403] },
  {
    name: 'move a thread',
    method: 'POST',
    url: move,
    body: (actor) => ({ to: actor === 'admin' ? `course:${COURSE}` : `lesson:${COURSE}/${LESSON}` }),
    expect: [303, 403, 403, 403, 403, 303, 303, 403],
    to: `/en/discussions/threads/${MOVE_THREAD}`,
  },
  { name: 'the moderation queue', method: 'GET', url: reports, expect: [303, 403, 403, 403, 403, 200, 200, 403] },
  {
    name: 'keep a reported post',
    method: 'POST',
    url: reports,
    body: () => ({ intent: 'dismiss', post: POST }),
    expect: [303, 403, 403, 403, 403, 303, 303, 403],
    to: reports,
  },
  {
    name: 'stop someone posting from the queue (admins only)',
    method: 'POST',
    url: reports,
    body: () => ({ intent: 'ban', user: w.users.target.id, period: 'week', reason: 'Abuse' }),
    expect: [303, 403, 403, 403, 403, 400, 303, 403],
    to: reports,
  },
  { name: 'the ban list', method: 'GET', url: bans, expect: [303, 403, 403, 403, 403, 403, 200, 403] },
  {
    name: 'lift a ban',
    method: 'POST',
    url: bans,
    body: () => ({ intent: 'lift', user: w.users.target.id }),
    expect: [303, 403, 403, 403, 403, 403, 303, 403],
    to: `${bans}?done=lifted`,
  },
];

test('every discussion route and action answers each actor as the rules say', async () => {
  const mismatches: string[] = [];
  for (const c of CASES)
    for (const [i, actor] of ACTORS.entries()) {
      const res = await w.http.request(c.method, c.url, { cookie: cookie(actor), body: c.body?.(actor) });
      const expected = c.expect[i]!;
      if (res.status !== expected) {
        mismatches.push(`${c.name} (${c.method} ${c.url}) as ${actor}: ${res.status}, expected ${expected}`);
        continue;
      }
      if (res.status !== 303) continue;
      const where = actor === 'outsider' ? '/en/login' : c.to;
      if (where && !res.location?.includes(where))
        mismatches.push(`${c.name} as ${actor}: 303 to ${res.location}, expected ${where}`);
    }
  expect(mismatches).toEqual([]);
});

test('what each actor posted is there, and nothing from those refused', async () => {
  // Read beside the running server (a second reader of the file; nothing is written here).
  const db = openFile(databaseFile(w.dataDir));
  const bodies = (await db.execute('SELECT body FROM discussion_posts')).rows.map((r) => String(r.body));
  for (const actor of ['member', 'nonMember', 'moderator', 'admin'])
    expect(bodies, actor).toContain(`A reply by ${actor}`);
  expect(bodies).toContain('Edited by member');
  expect(bodies).toContain(`Post ${BANNED_POST}`);
  for (const actor of ['otherCourse', 'trainer', 'banned'])
    expect(
      bodies.filter((b) => b.endsWith(`by ${actor}`)),
      actor,
    ).toEqual([]);
  const cohortReplies = (
    await db.execute({
      sql: 'SELECT body FROM discussion_posts WHERE thread_id = ? AND number > 1 ORDER BY body',
      args: [COHORT_THREAD],
    })
  ).rows.map((r) => String(r.body));
  expect(cohortReplies).toEqual(['A reply by admin', 'A reply by member', 'A reply by moderator']);
  db.close();
});

test("the thread offers to edit one's own post only to those who may still post", async () => {
  // The edit form's textarea is named after the post's number: 3 is the member's, 4 the banned user's.
  const member = await w.http.request('GET', thread, { cookie: cookie('member') });
  expect(member.text.includes('id="edit-p3"'), 'the member may edit').toBe(true);
  const banned = await w.http.request('GET', thread, { cookie: cookie('banned') });
  expect(banned.status).toBe(200);
  expect(banned.text.includes(`Post ${BANNED_POST}`), 'the banned user reads their post').toBe(true);
  expect(banned.text.includes('id="edit-p4"'), 'the banned user is offered no edit').toBe(false);
});
