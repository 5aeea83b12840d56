/**
 * Discussions against a real libSQL file and a real SMTP server on loopback: who may use a
 * board, threads and replies (numbers, follows, notifications), the answer shown first,
 * hiding, reports, bans, the edit window, deleting, the reply e-mail with its signed
 * unsubscribe link and List-Unsubscribe headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { discussionPosts } from '#db/schema.ts';
import { createMailer, type Mailer } from '#lib/mail/mailer.server.ts';
import { boardAccess, findCohortBoard, memberCohorts } from '#lib/discussions/access.server.ts';
import { cohortBoard, courseBoard, lessonBoard, LIMITS } from '#lib/discussions/board.ts';
import {
  banFromPosting,
  hidePost,
  markAnswer,
  moderationQueue,
  reportPost,
} from '#lib/discussions/moderation.server.ts';
import { deliverReplyMail, unsubscribe, isFollowing } from '#lib/discussions/notify.server.ts';
import { createThread, deleteOwnPost, editPost, replyToThread, type Author } from '#lib/discussions/posting.server.ts';
import { findThread, listBoard, loadThreadPage } from '#lib/discussions/reading.server.ts';
import { searchDiscussions } from '#lib/discussions/search.server.ts';
import type { User } from '#lib/auth/user.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';
import { startTestSmtp, type TestSmtp } from '../fixtures/smtp.ts';

let t: TestDatabase;
let smtp: TestSmtp;
let mailer: Mailer;
let a: User, b: User, outsider: User, trainer: User, admin: User;
const course = 'urbanism';
const mail = () => ({ mailer, baseUrl: 'https://oqu.example.kz', siteName: () => 'Oqu' });
const as = (u: User, staff = false): Author => ({ id: u.id, createdAt: u.createdAt, ip: '203.0.113.9', staff });

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startTestSmtp();
  mailer = createMailer({ smtpUrl: smtp.url, from: 'Oqu Test <no-reply@oqu.test>' });
  [a, b, outsider] = [await makeUser(t.db), await makeUser(t.db), await makeUser(t.db)];
  trainer = await makeUser(t.db, 'trainer');
  admin = await makeUser(t.db, 'admin');
  const now = Date.now();
  await t.db.$client.batch(
    [
      {
        sql: 'INSERT INTO enrollments (user_id, course, enrolled_at) VALUES (?, ?, ?), (?, ?, ?)',
        args: [a.id, course, now, b.id, course, now],
      },
      {
        sql: 'INSERT INTO enrollments (user_id, course, enrolled_at) VALUES (?, ?, ?)',
        args: [outsider.id, 'other', now],
      },
      {
        sql: 'INSERT INTO course_trainers (user_id, course, assigned_at) VALUES (?, ?, ?)',
        args: [trainer.id, course, now],
      },
      {
        sql: `INSERT INTO cohorts (id, course, name, join_code, created_at) VALUES ('c1', ?, 'Spring', 'JOIN1', ?)`,
        args: [course, now],
      },
      {
        sql: `INSERT INTO cohort_members (cohort_id, user_id, state, joined_at) VALUES ('c1', ?, 'member', ?)`,
        args: [a.id, now],
      },
    ],
    'write',
  );
});

afterAll(async () => {
  await smtp?.close();
  await t?.cleanup();
});

describe('who may use a board', () => {
  it('enrolled trainees and the course’s trainers and admins; not outsiders or another course’s trainees', async () => {
    const board = lessonBoard(course, 'wayfinding');
    expect(await boardAccess(t.db, undefined, board)).toEqual({ state: 'anonymous' });
    expect(await boardAccess(t.db, a, board)).toEqual({ state: 'allowed', moderate: false });
    expect(await boardAccess(t.db, outsider, board)).toEqual({ state: 'forbidden' });
    expect(await boardAccess(t.db, trainer, courseBoard(course))).toEqual({ state: 'allowed', moderate: true });
    expect(await boardAccess(t.db, trainer, courseBoard('other'))).toEqual({ state: 'forbidden' });
    expect(await boardAccess(t.db, admin, courseBoard('other'))).toEqual({ state: 'allowed', moderate: true });
  });
  it('a cohort’s board: its members and the course’s trainers only, not other trainees of the course', async () => {
    const board = (await findCohortBoard(t.db, 'c1'))!;
    expect(board).toMatchObject(cohortBoard('c1', course));
    expect(await boardAccess(t.db, a, board)).toEqual({ state: 'allowed', moderate: false });
    expect(await boardAccess(t.db, b, board)).toEqual({ state: 'forbidden' });
    expect(await boardAccess(t.db, trainer, board)).toEqual({ state: 'allowed', moderate: true });
    expect(await findCohortBoard(t.db, 'nope')).toBeNull();
    // The course's board links a member to their cohort's board, and nobody else.
    expect(await memberCohorts(t.db, a.id, course)).toEqual([{ id: 'c1', name: 'Spring' }]);
    expect(await memberCohorts(t.db, b.id, course)).toEqual([]);
    expect(await memberCohorts(t.db, a.id, 'other')).toEqual([]);
  });
});

describe('a question, a reply, the answer and the mail', () => {
  it('works end to end, with the unsubscribe link and headers', async () => {
    const board = lessonBoard(course, 'wayfinding');
    const asked = await createThread(t.db, { board, author: as(a), title: 'Қала картасы?', body: 'How do I *start*?' });
    if (!asked.ok) throw new Error(asked.error);
    const reply = await replyToThread(t.db, {
      threadId: asked.threadId,
      author: as(b),
      body: 'Start with **the bus stops**.',
    });
    if (!reply.ok) throw new Error(reply.error);
    expect(reply.number).toBe(2);
    expect(await deliverReplyMail(t.db, reply.postId, mail())).toBe(1);
    const message = await smtp.nextMessage();
    expect(message.to).toEqual([a.email]);
    expect(message.subject).toBe('New reply in “Қала картасы?”');
    expect(message.html).toContain('<strong>the bus stops</strong>');
    const headers = message.raw.replace(/\r?\n[ \t]+/g, ' ');
    expect(headers).toMatch(/^List-Unsubscribe: <https:\/\/oqu\.example\.kz\/en\/discussions\/unsubscribe\?token=/m);
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
    // The mail goes once: a second delivery finds nothing pending.
    expect(await deliverReplyMail(t.db, reply.postId, mail())).toBe(0);
    expect(await isFollowing(t.db, asked.threadId, b.id)).toBe(true);

    expect((await markAnswer(t.db, { id: trainer.id, email: trainer.email }, asked.threadId, reply.postId)).ok).toBe(
      true,
    );
    const thread = (await findThread(t.db, asked.threadId))!;
    const view = await loadThreadPage(t.db, thread, { id: a.id, moderator: false }, 1);
    expect(view.answer?.id).toBe(reply.postId);
    expect((await listBoard(t.db, board, a.id, 1)).threads[0]).toMatchObject({ answered: true, posts: 2, unread: 1 });

    const token = /token=([^\s>"]+)/.exec(message.text)![1]!;
    expect(await unsubscribe(t.db, `${token.slice(0, -1)}x`)).toBe(false);
    expect(await isFollowing(t.db, asked.threadId, a.id)).toBe(true);
    expect(await unsubscribe(t.db, token)).toBe(true);
    expect(await isFollowing(t.db, asked.threadId, a.id)).toBe(false);
    const again = await replyToThread(t.db, { threadId: asked.threadId, author: as(trainer, true), body: 'Yes.' });
    if (!again.ok) throw new Error(again.error);
    // A no longer follows; B does.
    expect(await deliverReplyMail(t.db, again.postId, mail())).toBe(1);
    expect((await smtp.nextMessage()).to).toEqual([b.email]);
  });
});

describe('moderation and the author’s own changes', () => {
  it('a reported post, hidden with a reason, vanishes for trainees but not for staff; the queue empties', async () => {
    const made = await createThread(t.db, { board: courseBoard(course), author: as(a), title: 'Hi', body: 'Hello' });
    if (!made.ok) throw new Error(made.error);
    const bad = await replyToThread(t.db, { threadId: made.threadId, author: as(b), body: 'abusive words' });
    if (!bad.ok) throw new Error(bad.error);
    expect((await reportPost(t.db, { postId: bad.postId, course, reporterId: a.id, reason: 'abuse' })).ok).toBe(true);
    expect(await reportPost(t.db, { postId: bad.postId, course, reporterId: a.id, reason: 'abuse' })).toMatchObject({
      error: 'discussion.error.already_reported',
    });
    expect((await moderationQueue(t.db, [course])).map((r) => r.postId)).toEqual([bad.postId]);
    expect(await moderationQueue(t.db, ['other'])).toEqual([]);
    expect((await hidePost(t.db, { id: trainer.id, email: trainer.email }, bad.postId, 'Insults')).ok).toBe(true);
    expect(await moderationQueue(t.db, [course])).toEqual([]);
    const thread = (await findThread(t.db, made.threadId))!;
    const trainee = (await loadThreadPage(t.db, thread, { id: a.id, moderator: false }, 1)).posts[1]!;
    expect(trainee).toMatchObject({ body: '', hidden: { reason: null } });
    const staff = (await loadThreadPage(t.db, thread, { id: trainer.id, moderator: true }, 1)).posts[1]!;
    expect(staff).toMatchObject({ body: 'abusive words', hidden: { reason: 'Insults' } });
    const audit = await t.db.$client.execute("SELECT action FROM audit_log WHERE action LIKE 'discussion.%'");
    expect(audit.rows.map((r) => r.action)).toContain('discussion.hide');
  });

  it('edits within the window show as edited; a deleted post leaves a placeholder', async () => {
    const made = await createThread(t.db, { board: courseBoard(course), author: as(b), title: 'Edit', body: 'v1' });
    if (!made.ok) throw new Error(made.error);
    const thread = (await findThread(t.db, made.threadId))!;
    const first = (await loadThreadPage(t.db, thread, { id: b.id, moderator: false }, 1)).posts[0]!;
    expect((await editPost(t.db, { postId: first.id, authorId: a.id, body: 'not mine' })).ok).toBe(false);
    expect((await editPost(t.db, { postId: first.id, authorId: b.id, body: 'v2' })).ok).toBe(true);
    const late = new Date(Date.now() + LIMITS.editWindowMs + 60_000);
    expect(await editPost(t.db, { postId: first.id, authorId: b.id, body: 'v3' }, late)).toMatchObject({
      error: 'discussion.error.edit_window',
    });
    expect((await deleteOwnPost(t.db, { postId: first.id, authorId: b.id })).ok).toBe(true);
    const after = (await loadThreadPage(t.db, thread, { id: b.id, moderator: false }, 1)).posts[0]!;
    expect(after).toMatchObject({ deleted: true, body: '' });
    expect(after.editedAt).not.toBeNull();
  });

  it('a locked thread refuses trainees’ replies; a banned person cannot post; a too long post is refused', async () => {
    const made = await createThread(t.db, { board: courseBoard(course), author: as(a), title: 'Lock', body: 'x' });
    if (!made.ok) throw new Error(made.error);
    await t.db.$client.execute({ sql: 'UPDATE discussion_threads SET locked = 1 WHERE id = ?', args: [made.threadId] });
    expect(await replyToThread(t.db, { threadId: made.threadId, author: as(b), body: 'y' })).toMatchObject({
      error: 'discussion.error.locked',
    });
    expect((await replyToThread(t.db, { threadId: made.threadId, author: as(trainer, true), body: 'y' })).ok).toBe(
      true,
    );
    const long = 'а'.repeat(LIMITS.body + 1);
    expect(
      await createThread(t.db, { board: courseBoard(course), author: as(a), title: 'L', body: long }),
    ).toMatchObject({
      error: 'discussion.error.too_long',
    });
    const before = await createThread(t.db, {
      board: courseBoard('other'),
      author: as(outsider),
      title: 'o',
      body: 'p',
    });
    if (!before.ok) throw new Error(before.error);
    const [own] = await t.db
      .select({ id: discussionPosts.id })
      .from(discussionPosts)
      .where(eq(discussionPosts.threadId, before.threadId));
    const ban = await banFromPosting(
      t.db,
      { id: admin.id, email: admin.email },
      { userId: outsider.id, until: null, reason: 'spam' },
    );
    expect(ban.ok).toBe(true);
    // Stopped from posting: their posts cannot be changed either, only deleted.
    expect(await editPost(t.db, { postId: own!.id, authorId: outsider.id, body: 'worse' })).toMatchObject({
      ok: false,
      error: 'discussion.error.banned',
    });
    expect((await deleteOwnPost(t.db, { postId: own!.id, authorId: outsider.id })).ok).toBe(true);
    expect(
      await createThread(t.db, { board: courseBoard('other'), author: as(outsider), title: 'x', body: 'y' }),
    ).toMatchObject({
      error: 'discussion.error.banned',
    });
  });

  it('a new account posts at most 6 times in 15 minutes', async () => {
    const fresh = await makeUser(t.db);
    const author = { ...as(fresh), ip: '198.51.100.4' };
    const results = [];
    for (let i = 0; i < 7; i++)
      results.push((await createThread(t.db, { board: courseBoard(course), author, title: `T${i}`, body: 'b' })).ok);
    expect(results).toEqual([true, true, true, true, true, true, false]);
  });
});

describe('search', () => {
  it('finds Kazakh words in any case, within the course, and not hidden posts', async () => {
    const made = await createThread(t.db, {
      board: courseBoard(course),
      author: as(admin, true),
      title: 'Іздеу',
      body: 'ӘЛЕУМЕТТІК ҒЫЛЫМ, ҚАЛА, ҢҢ, ӨНЕР, ҰЛТТЫҚ, ҮЙ, ҺАУА, ІЗДЕУ',
    });
    if (!made.ok) throw new Error(made.error);
    for (const word of ['әлеуметтік', 'ғылым', 'қала', 'ңң', 'өнер', 'ұлттық', 'үй', 'һауа', 'іздеу', 'ҚаЛа', 'Ұлт'])
      // Once, in its post (the thread titled "Қала картасы?" is also found by қала).
      expect(
        (await searchDiscussions(t.db, { board: courseBoard(course), text: word, moderator: false })).filter(
          (h) => h.threadId === made.threadId,
        ),
        word,
      ).toHaveLength(1);
    expect(await searchDiscussions(t.db, { board: courseBoard('other'), text: 'қала', moderator: false })).toEqual([]);
    // й is not и, ә is not а.
    expect(await searchDiscussions(t.db, { board: courseBoard(course), text: 'АЛЕУМЕТТІК', moderator: false })).toEqual(
      [],
    );
    expect(
      await searchDiscussions(t.db, { board: courseBoard(course), text: '" OR * NEAR(', moderator: false }),
    ).toEqual([]);
    const [hit] = await searchDiscussions(t.db, { board: courseBoard(course), text: 'һауа', moderator: false });
    expect(hit).toMatchObject({ threadId: made.threadId, number: 1, title: 'Іздеу' });
    await hidePost(t.db, { id: admin.id, email: admin.email }, hit!.postId, 'test');
    expect(await searchDiscussions(t.db, { board: courseBoard(course), text: 'һауа', moderator: false })).toEqual([]);
    expect((await searchDiscussions(t.db, { board: courseBoard(course), text: 'һауа', moderator: true })).length).toBe(
      1,
    );
    // An edit is searched by its new words.
    await t.db.$client.execute({
      sql: "UPDATE discussion_posts SET body = 'жаңа сөз' WHERE id = ?",
      args: [hit!.postId],
    });
    expect((await searchDiscussions(t.db, { board: courseBoard(course), text: 'жаңа', moderator: true })).length).toBe(
      1,
    );
    expect(await searchDiscussions(t.db, { board: courseBoard(course), text: 'һауа', moderator: true })).toEqual([]);
  });
});
