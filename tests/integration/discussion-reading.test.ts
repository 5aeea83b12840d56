/**
 * Reading discussions against a real libSQL file: a board lists pinned threads first, then by
 * latest activity; a long thread's second page; a quote fills the reply box; a lesson's questions
 * carry their answer's excerpt; the posting limit of an established account; search in Russian
 * keeps ё and й apart from е and и (decision 038).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courseBoard, LIMITS, lessonBoard, quoteOf, type Board } from '#lib/discussions/board.ts';
import { hidePost, markAnswer, setThreadFlag } from '#lib/discussions/moderation.server.ts';
import { threadPage, type Visitor } from '#lib/discussions/pages.server.ts';
import { createThread, replyToThread, type Author } from '#lib/discussions/posting.server.ts';
import { findThread, listBoard, loadThreadPage } from '#lib/discussions/reading.server.ts';
import { searchDiscussions } from '#lib/discussions/search.server.ts';
import { createMailer } from '#lib/mail/mailer.server.ts';
import type { User } from '#lib/auth/user.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';

let t: TestDatabase;
let a: User, b: User, trainer: User;
const course = 'urbanism';
const MINUTE = 60_000;
const LONG_AGO = new Date(Date.now() - 90 * 24 * 60 * MINUTE);
// No reply here is mailed (nobody delivers): the mailer only fills the page's argument.
const mail = () => ({
  mailer: createMailer({ smtpUrl: 'smtp://127.0.0.1:9', from: 'Oqu Test <no-reply@oqu.test>' }),
  baseUrl: 'https://oqu.example.kz',
  siteName: () => 'Oqu',
});
/** An established account (older than a week): the ordinary posting limit. */
const as = (u: User, staff = false): Author => ({ id: u.id, createdAt: LONG_AGO, ip: null, staff });
const visitor = (u: User): Visitor => ({ id: u.id, role: u.role, email: u.email, ip: null });
const actor = (u: User) => ({ id: u.id, email: u.email });

async function ask(board: Board, who: User, title: string, body: string, at?: Date): Promise<string> {
  const done = await createThread(t.db, { board, author: as(who), title, body }, at);
  if (!done.ok) throw new Error(done.error);
  return done.threadId;
}

async function reply(threadId: string, who: User, body: string, at?: Date) {
  const done = await replyToThread(t.db, { threadId, author: as(who, who === trainer), body }, at);
  if (!done.ok) throw new Error(done.error);
  return done;
}

beforeAll(async () => {
  t = await createTestDatabase();
  [a, b] = [await makeUser(t.db), await makeUser(t.db)];
  trainer = await makeUser(t.db, 'trainer');
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
    ],
    'write',
  );
});

afterAll(async () => {
  await t?.cleanup();
});

describe('a board', () => {
  it('lists pinned threads first, then by latest activity (a reply brings a thread up)', async () => {
    const board = lessonBoard(course, 'order');
    const start = Date.now() - 60 * MINUTE;
    const first = await ask(board, a, 'First', 'one', new Date(start));
    const second = await ask(board, a, 'Second', 'two', new Date(start + MINUTE));
    const third = await ask(board, a, 'Third', 'three', new Date(start + 2 * MINUTE));
    const order = async () => (await listBoard(t.db, board, b.id, 1)).threads.map((th) => th.id);
    expect(await order()).toEqual([third, second, first]);
    await reply(first, b, 'up you go', new Date(start + 3 * MINUTE));
    expect(await order()).toEqual([first, third, second]);
    expect((await setThreadFlag(t.db, actor(trainer), second, 'pin')).ok).toBe(true);
    expect(await order()).toEqual([second, first, third]);
    expect((await listBoard(t.db, board, b.id, 1)).threads[0]).toMatchObject({ pinned: true });
  });
});

describe('a long thread', () => {
  it('is paged: page 2 holds the posts after the first 50, with the page count', async () => {
    const board = lessonBoard(course, 'long');
    const start = Date.now() - 24 * 60 * MINUTE;
    const threadId = await ask(board, a, 'Long', 'post 1', new Date(start));
    // Two people of their own a minute apart (rate-limit windows start at a person's first post).
    const [p1, p2] = [await makeUser(t.db), await makeUser(t.db)];
    for (let n = 2; n <= LIMITS.postsPerPage + 5; n++)
      await reply(threadId, n % 2 ? p1! : p2!, `post ${n}`, new Date(start + n * MINUTE));
    const thread = (await findThread(t.db, threadId))!;
    const one = await loadThreadPage(t.db, thread, { id: trainer.id, moderator: true }, 1);
    const two = await loadThreadPage(t.db, thread, { id: trainer.id, moderator: true }, 2);
    expect(one.pages).toBe(2);
    expect(one.posts.map((p) => p.number)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(two.posts.map((p) => p.body)).toEqual(['post 51', 'post 52', 'post 53', 'post 54', 'post 55']);
    // Through the page, as the trainee who has read none of it: page 2 moves the read marker to 55.
    const page = await threadPage(
      t.db,
      { threadId, visitor: visitor(trainer), form: null, page: 2, quote: null },
      mail(),
    );
    expect(page).toMatchObject({ state: 'shown', page: { pages: 2 } });
    expect((await listBoard(t.db, board, trainer.id, 1)).threads[0]).toMatchObject({ posts: 55, unread: 0 });
  });
});

describe('quoting', () => {
  it('?quote= fills the reply box with the post as a block quote under its author; not a hidden post', async () => {
    const threadId = await ask(lessonBoard(course, 'quote'), a, 'Quote me', 'The **first** line\nThe second');
    const thread = (await findThread(t.db, threadId))!;
    const question = (await loadThreadPage(t.db, thread, { id: b.id, moderator: false }, 1)).posts[0]!;
    const page = await threadPage(
      t.db,
      { threadId, visitor: visitor(b), form: null, page: 1, quote: question.id },
      mail(),
    );
    expect(page).toMatchObject({ state: 'shown', reply: quoteOf(a.displayName, 'The **first** line\nThe second') });
    expect(page.state === 'shown' && page.reply).toBe(`> **${a.displayName}**\n> The **first** line\n> The second\n\n`);
    const hidden = await reply(threadId, b, 'rude words');
    await hidePost(t.db, actor(trainer), hidden.postId, 'Rude');
    const refused = await threadPage(
      t.db,
      { threadId, visitor: visitor(a), form: null, page: 1, quote: hidden.postId },
      mail(),
    );
    expect(refused).toMatchObject({ state: 'shown', reply: undefined });
  });
});

describe('a lesson’s questions', () => {
  it('carry a short plain-text excerpt of the marked answer; none when the answer is hidden', async () => {
    const board = lessonBoard(course, 'excerpt');
    const threadId = await ask(board, a, 'Where to start?', 'Where do I start?');
    const unanswered = await ask(board, b, 'Open question', 'Nobody knows');
    const answer = await reply(
      threadId,
      b,
      `> **A**\n> Where do I start?\n\nStart at the **bus stop** ${'and walk '.repeat(40)}`,
    );
    expect((await markAnswer(t.db, actor(trainer), threadId, answer.postId)).ok).toBe(true);
    const listed = async () => new Map((await listBoard(t.db, board, a.id, 1)).threads.map((th) => [th.id, th.answer]));
    const excerpt = (await listed()).get(threadId)!;
    expect(excerpt).toMatch(/^Start at the bus stop and walk .*…$/);
    expect(excerpt.length).toBeLessThanOrEqual(201);
    expect((await listed()).get(unanswered)).toBeNull();
    await hidePost(t.db, actor(trainer), answer.postId, 'Wrong');
    expect((await listed()).get(threadId)).toBeNull();
  });
});

describe('the posting limit', () => {
  it('lets an established account post 30 times in 15 minutes, then asks it to wait', async () => {
    const busy = await makeUser(t.db);
    const board = courseBoard('limits');
    const now = new Date();
    const results = [];
    for (let i = 0; i < 31; i++)
      results.push(await createThread(t.db, { board, author: as(busy), title: `T${i}`, body: 'b' }, now));
    expect(results.slice(0, 30).every((r) => r.ok)).toBe(true);
    expect(results[30]).toMatchObject({ ok: false, error: 'discussion.error.rate_limited' });
    const wait = results[30]!.ok ? 0 : (results[30]!.retryAfterSeconds ?? 0);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(15 * 60);
    // A quarter of an hour later it may post again.
    const later = new Date(now.getTime() + 15 * MINUTE + 1000);
    expect((await createThread(t.db, { board, author: as(busy), title: 'Later', body: 'b' }, later)).ok).toBe(true);
  });
});

describe('search in Russian', () => {
  it('folds case but keeps ё and й apart from е and и', async () => {
    const board = courseBoard(course);
    const threadId = await ask(board, a, 'Вопрос', 'Ёлка у подъезда и йогурт в холодильнике');
    const found = async (text: string) =>
      (await searchDiscussions(t.db, { board, text, moderator: false })).some((h) => h.threadId === threadId);
    for (const word of ['ёлка', 'ЁЛКА', 'Йогурт', 'ЙОГУРТ', 'подъезда', 'холодильнике', 'ХОЛОДИЛЬНИК'])
      expect(await found(word), word).toBe(true);
    for (const word of ['елка', 'ЕЛКА', 'иогурт', 'Иогурт']) expect(await found(word), word).toBe(false);
  });
});
