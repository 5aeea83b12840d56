/**
 * Moderation of discussions against a real libSQL file and a real SMTP server on loopback: a
 * hidden question hides its whole thread (title and all) from everyone but staff, on every page,
 * in search and in mail; the answer mark refuses the question and hidden or deleted posts, through
 * the thread page's own forms; locking, pinning, the answer, keeping a reported post and a ban
 * through the pages' forms, each in the audit log; staff posts marked (trainer or moderator).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '#lib/mail/mailer.server.ts';
import { courseBoard } from '#lib/discussions/board.ts';
import { sendDigests } from '#lib/discussions/digest.server.ts';
import { latestThreads } from '#lib/discussions/latest.server.ts';
import { hidePost, moderationQueue, reportPost } from '#lib/discussions/moderation.server.ts';
import { unsubscribeToken } from '#lib/discussions/mail.ts';
import { checkUnsubscribeToken, deliverReplyMail, mailKeyOf } from '#lib/discussions/notify.server.ts';
import { reportsPage, threadPage, type Visitor } from '#lib/discussions/pages.server.ts';
import { createThread, deleteOwnPost, replyToThread, type Author } from '#lib/discussions/posting.server.ts';
import { findThread, listBoard, loadThreadPage } from '#lib/discussions/reading.server.ts';
import { searchDiscussions } from '#lib/discussions/search.server.ts';
import { setMailMode } from '#lib/discussions/settings.server.ts';
import type { User } from '#lib/auth/user.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';
import { startTestSmtp, type TestSmtp } from '../fixtures/smtp.ts';

let t: TestDatabase;
let smtp: TestSmtp;
let mailer: Mailer;
let a: User, b: User, trainer: User, admin: User;
const course = 'urbanism';
const HOUR = 60 * 60 * 1000;
const mail = () => ({ mailer, baseUrl: 'https://oqu.example.kz', siteName: () => 'Oqu' });
/** Accounts older than a week: the ordinary posting limit (30 in 15 minutes), not a new account's 6. */
const LONG_AGO = new Date(Date.now() - 90 * 24 * HOUR);
const as = (u: User, staff = false): Author => ({ id: u.id, createdAt: LONG_AGO, ip: '203.0.113.21', staff });
const visitor = (u: User): Visitor => ({ id: u.id, role: u.role, email: u.email, ip: '203.0.113.21' });
const actor = (u: User) => ({ id: u.id, email: u.email });

async function ask(who: User, title: string, body = 'Question'): Promise<string> {
  const done = await createThread(t.db, { board: courseBoard(course), author: as(who), title, body });
  if (!done.ok) throw new Error(done.error);
  return done.threadId;
}

async function reply(threadId: string, who: User, body: string, staff = false) {
  const done = await replyToThread(t.db, { threadId, author: as(who, staff), body });
  if (!done.ok) throw new Error(done.error);
  return done;
}

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

/** Posts a form of the thread's page as `who`, as the route does. */
async function postOnThread(threadId: string, who: User, fields: Record<string, string>) {
  return threadPage(t.db, { threadId, visitor: visitor(who), form: form(fields), page: 1, quote: null }, mail());
}

async function openingPostOf(threadId: string): Promise<string> {
  const thread = (await findThread(t.db, threadId))!;
  return (await loadThreadPage(t.db, thread, { id: trainer.id, moderator: true }, 1)).posts[0]!.id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startTestSmtp();
  mailer = createMailer({ smtpUrl: smtp.url, from: 'Oqu Test <no-reply@oqu.test>' });
  [a, b] = [await makeUser(t.db), await makeUser(t.db)];
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
        sql: 'INSERT INTO course_trainers (user_id, course, assigned_at) VALUES (?, ?, ?)',
        args: [trainer.id, course, now],
      },
      {
        sql: 'UPDATE users SET created_at = ? WHERE id IN (?, ?, ?, ?)',
        args: [LONG_AGO.getTime(), a.id, b.id, trainer.id, admin.id],
      },
    ],
    'write',
  );
  // Staff want no mail: the test's mailbox holds the trainees' only.
  await setMailMode(t.db, trainer.id, 'off');
  await setMailMode(t.db, admin.id, 'off');
});

afterAll(async () => {
  await smtp?.close();
  await t?.cleanup();
});

describe('a hidden question', () => {
  it('hides its thread, title and all, from everyone but staff, who see it marked hidden', async () => {
    const threadId = await ask(a, 'Abusive zzyzxtitle words', 'abusive question body');
    await reply(threadId, b, 'a reply under it');
    const other = await ask(b, 'A fair question');
    expect((await hidePost(t.db, actor(trainer), await openingPostOf(threadId), 'Insults')).ok).toBe(true);

    // The board: gone for trainees (from the list and the count of pages), there for staff, marked.
    const board = courseBoard(course);
    for (const who of [a, b]) {
      const list = await listBoard(t.db, board, who.id, 1);
      expect(list.threads.map((th) => th.id)).toEqual([other]);
    }
    const staffList = await listBoard(t.db, board, trainer.id, 1, true);
    expect(staffList.threads.map((th) => [th.id, th.hidden])).toEqual([
      [other, false],
      [threadId, true],
    ]);

    // The thread's own page (its heading): not found for trainees, its author included; staff see it marked.
    for (const who of [a, b])
      expect(
        (await threadPage(t.db, { threadId, visitor: visitor(who), form: null, page: 1, quote: null }, mail())).state,
      ).toBe('not-found');
    const staffPage = await threadPage(
      t.db,
      { threadId, visitor: visitor(trainer), form: null, page: 1, quote: null },
      mail(),
    );
    expect(staffPage).toMatchObject({ state: 'shown', thread: { hidden: true, title: 'Abusive zzyzxtitle words' } });

    // Search: neither the title nor the replies under it (which would show the title) for trainees.
    for (const text of ['zzyzxtitle', 'reply under'])
      expect(await searchDiscussions(t.db, { board, text, moderator: false }), text).toEqual([]);
    expect((await searchDiscussions(t.db, { board, text: 'zzyzxtitle', moderator: true })).length).toBe(1);

    // The course page's latest threads.
    expect((await latestThreads(t.db, a, course))!.map((th) => th.id)).toEqual([other]);
    const staffLatest = (await latestThreads(t.db, trainer, course))!;
    expect(staffLatest.map((th) => [th.id, th.hidden])).toEqual([
      [other, false],
      [threadId, true],
    ]);
  });

  it('sends no mail about the thread: neither a reply e-mail nor a digest names it', async () => {
    const threadId = await ask(a, 'Another zzyzxmail title');
    await reply(threadId, b, 'first reply');
    expect(await deliverReplyMail(t.db, (await reply(threadId, trainer, 'noted', true)).postId, mail())).toBe(2);
    await smtp.nextMessage();
    await smtp.nextMessage();
    // The unsubscribe link of an earlier mail names the thread, until its question is hidden.
    const token = unsubscribeToken(await mailKeyOf(t.db, b.id), b.id, threadId);
    expect(await checkUnsubscribeToken(t.db, token)).toMatchObject({ title: 'Another zzyzxmail title' });
    expect((await hidePost(t.db, actor(trainer), await openingPostOf(threadId), 'Insults')).ok).toBe(true);
    expect(await checkUnsubscribeToken(t.db, token)).toEqual({ kind: 'thread', userId: b.id, threadId, title: null });
    // Staff may still post in it; the followers hear nothing of it.
    expect(await deliverReplyMail(t.db, (await reply(threadId, admin, 'closing this', true)).postId, mail())).toBe(0);
    await setMailMode(t.db, b.id, 'digest');
    await reply(threadId, trainer, 'for the digest', true);
    expect(await sendDigests(t.db, mail(), new Date(Date.now() + HOUR))).toBe(0);
  });
});

describe('marking the answer', () => {
  it('refuses the question itself and a hidden or deleted reply, with a message; takes a shown reply', async () => {
    const threadId = await ask(a, 'Which answer?');
    const question = await openingPostOf(threadId);
    const hidden = (await reply(threadId, b, 'hidden reply')).postId;
    const deleted = (await reply(threadId, b, 'deleted reply')).postId;
    const good = (await reply(threadId, b, 'the real answer')).postId;
    await hidePost(t.db, actor(trainer), hidden, 'Off topic');
    expect((await deleteOwnPost(t.db, { postId: deleted, authorId: b.id })).ok).toBe(true);
    for (const post of [question, hidden, deleted]) {
      const view = await postOnThread(threadId, trainer, { intent: 'answer', post });
      expect(view, post).toMatchObject({ state: 'shown', failed: { ok: false, error: 'discussion.error.answer' } });
      expect((await findThread(t.db, threadId))!.answerPostId).toBeNull();
    }
    expect(await postOnThread(threadId, trainer, { intent: 'answer', post: good })).toMatchObject({ state: 'done' });
    expect((await findThread(t.db, threadId))!.answerPostId).toBe(good);
    // A trainee's posted "answer" is refused whatever the post.
    expect(await postOnThread(threadId, a, { intent: 'unanswer' })).toMatchObject({
      failed: { error: 'error.403.title' },
    });
  });
});

/** The audit rows of `action` on `target`, oldest first. */
async function audited(action: string, target: string) {
  const rows = await t.db.$client.execute({
    sql: 'SELECT actor_id, details FROM audit_log WHERE action = ? AND target = ? ORDER BY id',
    args: [action, target],
  });
  return rows.rows.map((r) => ({
    actor: r.actor_id,
    details: r.details ? (JSON.parse(String(r.details)) as Record<string, unknown>) : null,
  }));
}

describe('moderators’ forms', () => {
  // The pages' replies mail their followers after answering: none wanted here.
  beforeAll(async () => {
    for (const u of [a, b]) await setMailMode(t.db, u.id, 'off');
  });

  it('lock: a trainee’s reply is refused with the message and kept in the box; staff still reply', async () => {
    const threadId = await ask(a, 'Lock me');
    expect(await postOnThread(threadId, trainer, { intent: 'lock' })).toMatchObject({ state: 'done' });
    expect((await findThread(t.db, threadId))!.locked).toBe(true);
    const refused = await postOnThread(threadId, b, { intent: 'reply', body: 'one more thing' });
    expect(refused).toMatchObject({
      state: 'shown',
      failed: { ok: false, error: 'discussion.error.locked' },
      reply: 'one more thing',
    });
    expect(await postOnThread(threadId, admin, { intent: 'reply', body: 'Closed.' })).toMatchObject({ state: 'done' });
    expect(await postOnThread(threadId, trainer, { intent: 'unlock' })).toMatchObject({ state: 'done' });
    expect(await postOnThread(threadId, b, { intent: 'reply', body: 'now it works' })).toMatchObject({ state: 'done' });
    expect((await audited('discussion.lock', threadId)).map((r) => r.actor)).toEqual([trainer.id]);
    expect((await audited('discussion.unlock', threadId)).map((r) => r.actor)).toEqual([trainer.id]);
  });

  it('pin, answer, keep a reported post and a ban each write an audit row naming who did it', async () => {
    const threadId = await ask(a, 'Audit me');
    const answer = (await reply(threadId, b, 'the answer')).postId;
    expect(await postOnThread(threadId, trainer, { intent: 'pin' })).toMatchObject({ state: 'done' });
    expect(await postOnThread(threadId, trainer, { intent: 'answer', post: answer })).toMatchObject({ state: 'done' });
    expect(await audited('discussion.pin', threadId)).toEqual([{ actor: trainer.id, details: {} }]);
    expect(await audited('discussion.answer', threadId)).toEqual([{ actor: trainer.id, details: { postId: answer } }]);

    // Kept from the moderation queue: the report leaves it.
    expect((await reportPost(t.db, { postId: answer, course, reporterId: a.id, reason: 'wrong' })).ok).toBe(true);
    const queue = { course, visitor: visitor(trainer) };
    expect(await reportsPage(t.db, { ...queue, form: form({ intent: 'dismiss', post: answer }) })).toEqual({
      state: 'done',
    });
    expect((await moderationQueue(t.db, [course])).map((r) => r.postId)).not.toContain(answer);
    expect(await audited('discussion.dismiss', answer)).toEqual([{ actor: trainer.id, details: {} }]);

    // A ban from the queue: admins only.
    const spammer = await makeUser(t.db);
    const ban = { intent: 'ban', user: spammer.id, period: 'week', reason: 'Spam links' };
    expect(await reportsPage(t.db, { ...queue, form: form(ban) })).toMatchObject({
      state: 'shown',
      failed: { error: 'error.403.title' },
    });
    const before = Date.now();
    expect(await reportsPage(t.db, { course, visitor: visitor(admin), form: form(ban) })).toEqual({ state: 'done' });
    const [row] = await audited('discussion.ban', spammer.email);
    expect(row).toMatchObject({ actor: admin.id, details: { reason: 'Spam links' } });
    const until = Date.parse(String(row!.details!.until));
    expect(until - before).toBeGreaterThanOrEqual(7 * 24 * HOUR - 1000);
    expect(until - before).toBeLessThanOrEqual(7 * 24 * HOUR + 60_000);
  });
});

describe('staff posts', () => {
  it('are marked: a trainer’s as the course’s trainer, an admin’s as a moderator, a trainee’s not at all', async () => {
    const threadId = await ask(a, 'Who is who?');
    expect(await postOnThread(threadId, trainer, { intent: 'reply', body: 'From the trainer' })).toMatchObject({
      state: 'done',
    });
    expect(await postOnThread(threadId, admin, { intent: 'reply', body: 'From the admin' })).toMatchObject({
      state: 'done',
    });
    const thread = (await findThread(t.db, threadId))!;
    const posts = (await loadThreadPage(t.db, thread, { id: b.id, moderator: false }, 1)).posts;
    expect(posts.map((p) => [p.body, p.badge])).toEqual([
      ['Question', null],
      ['From the trainer', 'trainer'],
      ['From the admin', 'moderator'],
    ]);
  });
});
