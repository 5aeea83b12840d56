/**
 * The daily digest of discussions (decision 045) against a real libSQL file and a real SMTP
 * server on loopback: the choice saved from the account form, reply mail held back for digest
 * readers, one digest per person per day in their language with the followed threads' new posts
 * (hidden ones left out), no script from hostile Markdown or names, `List-Unsubscribe` and a
 * signed link that stops the digest, and two runs at once mailing once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '#lib/mail/mailer.server.ts';
import { courseBoard } from '#lib/discussions/board.ts';
import { sendDigests } from '#lib/discussions/digest.server.ts';
import { hidePost } from '#lib/discussions/moderation.server.ts';
import { deliverReplyMail, unsubscribe } from '#lib/discussions/notify.server.ts';
import { createThread, replyToThread, type Author } from '#lib/discussions/posting.server.ts';
import { mailModeOf, runMailChoiceForm } from '#lib/discussions/settings.server.ts';
import type { User } from '#lib/auth/user.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';
import { startTestSmtp, type TestSmtp } from '../fixtures/smtp.ts';

let t: TestDatabase;
let smtp: TestSmtp;
let mailer: Mailer;
let a: User, b: User, trainer: User;
const HOUR = 60 * 60 * 1000;
const mail = () => ({ mailer, baseUrl: 'https://oqu.example.kz', siteName: () => 'Oqu' });
const as = (u: User, staff = false): Author => ({ id: u.id, createdAt: u.createdAt, ip: '203.0.113.7', staff });
const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

async function reply(threadId: string, who: User, body: string): Promise<string> {
  const done = await replyToThread(t.db, { threadId, author: as(who), body });
  if (!done.ok) throw new Error(done.error);
  await deliverReplyMail(t.db, done.postId, mail());
  return done.postId;
}

async function thread(who: User, title: string): Promise<string> {
  const done = await createThread(t.db, { board: courseBoard('urbanism'), author: as(who), title, body: 'Question' });
  if (!done.ok) throw new Error(done.error);
  return done.threadId;
}

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startTestSmtp();
  mailer = createMailer({ smtpUrl: smtp.url, from: 'Oqu Test <no-reply@oqu.test>' });
  [a, b] = [await makeUser(t.db), await makeUser(t.db)];
  trainer = await makeUser(t.db, 'trainer');
  // The trainer follows a thread too, and wants no mail: the test's mailbox holds A's only.
  await runMailChoiceForm(t.db, trainer.id, form({ mail: 'off' }));
  await t.db.$client.execute({
    sql: `UPDATE users SET locale = 'kk', display_name = ? WHERE id = ?`,
    args: ['Айгүл', a.id],
  });
  await t.db.$client.execute({
    sql: `UPDATE users SET display_name = ? WHERE id = ?`,
    args: ['<img src=x onerror=alert(1)>Бек', b.id],
  });
});

afterAll(async () => {
  await smtp?.close();
  await t?.cleanup();
});

describe('the choice of discussion mail', () => {
  it('is saved from the account form; an unknown value is refused and changes nothing', async () => {
    expect(await mailModeOf(t.db, a.id)).toBe('each');
    expect(await runMailChoiceForm(t.db, a.id, form({ mail: 'hourly' }))).toEqual({
      ok: false,
      error: 'form.unreadable',
    });
    expect(await mailModeOf(t.db, a.id)).toBe('each');
    expect(await runMailChoiceForm(t.db, a.id, form({ mail: 'digest' }))).toMatchObject({ ok: true });
    expect(await mailModeOf(t.db, a.id)).toBe('digest');
  });
});

describe('the daily digest', () => {
  let day0: Date;
  let first: string, second: string;

  it('holds reply mail back for digest readers, then sends one digest with every followed thread', async () => {
    first = await thread(a, 'Аялдамалар қайда?');
    second = await thread(a, 'Second <b>thread</b>');
    await reply(first, b, 'See **the map**. <script>alert(1)</script> [x](javascript:alert(1))');
    await reply(second, trainer, 'Ask the akimat.');
    const hidden = await reply(second, b, 'Rude words');
    await hidePost(t.db, { id: trainer.id, email: trainer.email }, hidden, 'Rude');
    expect(smtp.messages).toHaveLength(0);

    day0 = new Date();
    expect(await sendDigests(t.db, mail(), day0)).toBe(1);
    const message = await smtp.nextMessage();
    expect(message.to).toEqual([a.email]);
    expect(message.subject).toBe('Талқылауларыңыздағы жаңа жазбалар');
    expect(message.text).toContain('Аялдамалар қайда?');
    expect(message.text).toContain('Ask the akimat.');
    expect(message.text).not.toContain('Rude words');
    expect(message.html).toContain('<strong>the map</strong>');
    expect(message.html).toContain('Second &#60;b&#62;thread&#60;/b&#62;');
    expect(message.html).toContain('&#60;img src=x onerror=alert(1)&#62;Бек');
    expect(message.html).not.toMatch(/<script|<img|javascript:/i);
    const headers = message.raw.replace(/\r?\n[ \t]+/g, ' ');
    expect(headers).toMatch(/^List-Unsubscribe: <https:\/\/oqu\.example\.kz\/kk\/discussions\/unsubscribe\?token=/m);
    expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
  });

  it('sends at most one a day, and nothing when there is nothing new', async () => {
    expect(await sendDigests(t.db, mail(), day0)).toBe(0);
    expect(await sendDigests(t.db, mail(), new Date(day0.getTime() + 25 * HOUR))).toBe(0);
    await reply(first, b, 'One more thing.');
    expect(await sendDigests(t.db, mail(), new Date(day0.getTime() + 2 * HOUR))).toBe(0);
    expect(await sendDigests(t.db, mail(), new Date(day0.getTime() + 22 * HOUR))).toBe(0);
    const [x, y] = await Promise.all([
      sendDigests(t.db, mail(), new Date(day0.getTime() + 24 * HOUR)),
      sendDigests(t.db, mail(), new Date(day0.getTime() + 24 * HOUR)),
    ]);
    expect(x + y).toBe(1);
    const message = await smtp.nextMessage();
    expect(message.text).toContain('One more thing.');
    expect(message.text).not.toContain('Ask the akimat.');
  });

  it('the digest’s link stops all discussion mail without signing in; a forged one does not', async () => {
    const message = smtp.messages.at(-1)!;
    const headers = message.raw.replace(/\r?\n[ \t]+/g, ' ');
    const token = /^List-Unsubscribe: <[^>]*token=([^>]+)>/m.exec(headers)![1]!;
    expect(token).toContain('.digest.');
    expect(await unsubscribe(t.db, token.replace('.digest.', '.digesT.'))).toBe(false);
    expect(await unsubscribe(t.db, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(await mailModeOf(t.db, a.id)).toBe('digest');
    expect(await unsubscribe(t.db, token)).toBe(true);
    expect(await mailModeOf(t.db, a.id)).toBe('off');
    await reply(first, b, 'Anyone?');
    expect(await sendDigests(t.db, mail(), new Date(day0.getTime() + 99 * HOUR))).toBe(0);
    expect(smtp.messages).toHaveLength(2);
  });
});
