/**
 * Moving a thread and the admin's ban list (decision 045) against a real libSQL file: only the
 * course's trainers and admins may move (not its trainees, a cohort member, a banned trainee or
 * another course's trainer), only to a board of the same course (its board, a lesson it has, one
 * of its cohorts), and each move is audited; the ban list shows who is stopped, until when and by
 * whom, leaves out bans that ran out, and lifting one is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listActiveBans, runBanListForm } from '#lib/discussions/bans.server.ts';
import { courseBoard, lessonBoard } from '#lib/discussions/board.ts';
import { banFromPosting } from '#lib/discussions/moderation.server.ts';
import { movePage } from '#lib/discussions/move.server.ts';
import { createThread } from '#lib/discussions/posting.server.ts';
import { findThread, listBoard } from '#lib/discussions/reading.server.ts';
import type { User } from '#lib/auth/user.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';

let t: TestDatabase;
let member: User, trainee: User, outsider: User, banned: User, trainer: User, otherTrainer: User, admin: User;
let threadId: string;
const course = 'urbanism';
const lessons = async (c: string) =>
  c === course
    ? [
        { slug: 'wayfinding', title: 'Wayfinding' },
        { slug: 'streets', title: 'Streets' },
      ]
    : [{ slug: 'markets', title: 'Markets' }];
const visitor = (u: User) => ({ id: u.id, role: u.role, email: u.email, ip: '203.0.113.5' });
const form = (to: string) => {
  const f = new FormData();
  f.set('to', to);
  return f;
};
const move = (u: User, to: string | null) =>
  movePage(t.db, { threadId, visitor: visitor(u), form: to === null ? null : form(to), lessons });

beforeAll(async () => {
  t = await createTestDatabase();
  [member, trainee, outsider, banned] = [
    await makeUser(t.db),
    await makeUser(t.db),
    await makeUser(t.db),
    await makeUser(t.db),
  ];
  [trainer, otherTrainer, admin] = [
    await makeUser(t.db, 'trainer'),
    await makeUser(t.db, 'trainer'),
    await makeUser(t.db, 'admin'),
  ];
  const now = Date.now();
  const enrol = 'INSERT INTO enrollments (user_id, course, enrolled_at) VALUES (?, ?, ?)';
  await t.db.$client.batch(
    [
      { sql: enrol, args: [member.id, course, now] },
      { sql: enrol, args: [trainee.id, course, now] },
      { sql: enrol, args: [banned.id, course, now] },
      { sql: enrol, args: [outsider.id, 'other', now] },
      {
        sql: 'INSERT INTO course_trainers (user_id, course, assigned_at) VALUES (?, ?, ?), (?, ?, ?)',
        args: [trainer.id, course, now, otherTrainer.id, 'other', now],
      },
      {
        sql: `INSERT INTO cohorts (id, course, name, join_code, created_at)
          VALUES ('c1', ?, 'Spring', 'MOVE1', ?), ('c2', 'other', 'Autumn', 'MOVE2', ?)`,
        args: [course, now, now],
      },
      {
        sql: `INSERT INTO cohort_members (cohort_id, user_id, state, joined_at) VALUES ('c1', ?, 'member', ?)`,
        args: [member.id, now],
      },
    ],
    'write',
  );
  const made = await createThread(t.db, {
    board: courseBoard(course),
    author: { id: trainee.id, createdAt: trainee.createdAt, ip: null, staff: false },
    title: 'Where is the bus stop?',
    body: 'About the wayfinding lesson.',
  });
  if (!made.ok) throw new Error(made.error);
  threadId = made.threadId;
  await banFromPosting(t.db, { id: admin.id, email: admin.email }, { userId: banned.id, until: null, reason: 'Spam' });
});

afterAll(async () => {
  await t?.cleanup();
});

async function auditRows(action: string) {
  const { rows } = await t.db.$client.execute({
    sql: 'SELECT actor_email, target, details FROM audit_log WHERE action = ? ORDER BY id',
    args: [action],
  });
  return rows.map((r) => ({ actor: r.actor_email, target: r.target, details: JSON.parse(String(r.details)) }));
}

describe('moving a thread', () => {
  it('is refused to trainees, a cohort member, a banned trainee, an outsider, another course’s trainer', async () => {
    for (const u of [trainee, member, banned, outsider, otherTrainer]) {
      expect((await move(u, null)).state, u.email).toBe('forbidden');
      expect((await move(u, 'lesson:urbanism/wayfinding')).state, u.email).toBe('forbidden');
    }
    expect((await findThread(t.db, threadId))!.board).toBe('course:urbanism');
    expect(await movePage(t.db, { threadId: 'nope', visitor: visitor(admin), form: null, lessons })).toEqual({
      state: 'not-found',
    });
  });

  it('offers the course’s boards only, and refuses any other key', async () => {
    const view = await move(trainer, null);
    if (view.state !== 'shown') throw new Error(view.state);
    expect(view.targets.map((x) => x.board.key)).toEqual([
      'course:urbanism',
      'lesson:urbanism/wayfinding',
      'lesson:urbanism/streets',
      'cohort:c1',
    ]);
    for (const key of ['cohort:c2', 'lesson:other/markets', 'lesson:urbanism/no-such-lesson', 'course:other', '']) {
      expect(await move(trainer, key)).toMatchObject({ state: 'shown', error: 'discussion.error.move_target' });
    }
    expect(await move(trainer, 'course:urbanism')).toMatchObject({ error: 'discussion.error.move_same' });
    expect((await findThread(t.db, threadId))!.board).toBe('course:urbanism');
  });

  it('moves to a lesson’s questions and to a cohort’s board, audited with where it came from', async () => {
    expect(await move(trainer, 'lesson:urbanism/wayfinding')).toMatchObject({ state: 'moved' });
    const thread = (await findThread(t.db, threadId))!;
    expect(thread).toMatchObject({ board: 'lesson:urbanism/wayfinding', kind: 'lesson' });
    expect((await listBoard(t.db, lessonBoard(course, 'wayfinding'), trainee.id, 1)).threads.map((x) => x.id)).toEqual([
      threadId,
    ]);
    expect((await listBoard(t.db, courseBoard(course), trainee.id, 1)).threads).toEqual([]);
    expect(await move(admin, 'cohort:c1')).toMatchObject({ state: 'moved' });
    expect(await findThread(t.db, threadId)).toMatchObject({ board: 'cohort:c1', kind: 'cohort' });
    // Now on the cohort's board: the trainee who is not a member no longer reaches it to move it.
    expect((await move(trainee, 'course:urbanism')).state).toBe('forbidden');
    expect(await auditRows('discussion.move')).toEqual([
      {
        actor: trainer.email,
        target: threadId,
        details: { from: 'course:urbanism', to: 'lesson:urbanism/wayfinding' },
      },
      { actor: admin.email, target: threadId, details: { from: 'lesson:urbanism/wayfinding', to: 'cohort:c1' } },
    ]);
  });
});

describe('the ban list', () => {
  it('shows who is stopped, until when and by whom; a ban that ran out is not listed', async () => {
    const past = new Date(Date.now() - 60_000);
    await banFromPosting(
      t.db,
      { id: admin.id, email: admin.email },
      { userId: outsider.id, until: past, reason: 'Old' },
    );
    const bans = await listActiveBans(t.db);
    expect(bans).toHaveLength(1);
    expect(bans[0]).toMatchObject({
      userId: banned.id,
      email: banned.email,
      until: null,
      reason: 'Spam',
      byName: admin.displayName,
      byEmail: admin.email,
    });
  });

  it('lifting a ban lets the person post again, audited; a second lift finds nothing', async () => {
    const lift = new FormData();
    lift.set('intent', 'lift');
    lift.set('user', banned.id);
    const actor = { id: admin.id, email: admin.email, ip: null };
    expect(await runBanListForm(t.db, actor, lift)).toEqual({ ok: true, message: 'discussion.bans.lifted' });
    expect(await listActiveBans(t.db)).toEqual([]);
    expect((await auditRows('discussion.unban')).map((r) => r.target)).toEqual([banned.id]);
    expect(await runBanListForm(t.db, actor, lift)).toMatchObject({ ok: false, error: 'discussion.error.not_found' });
    lift.set('intent', 'ban');
    expect(await runBanListForm(t.db, actor, lift)).toMatchObject({ ok: false, error: 'form.unreadable' });
  });
});
