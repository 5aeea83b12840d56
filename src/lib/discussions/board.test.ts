import { describe, expect, it } from 'vitest';
import { boardOf, cohortBoard, courseBoard, lessonBoard, pageOf, plainExcerpt, quoteOf, renderPost } from './board.ts';
import { composeReplyMail, readUnsubscribeToken, signatureMatches, unsubscribeToken } from './mail.ts';

const now = new Date('2026-12-05T00:00:00Z');
const old = { createdAt: new Date('2026-01-01T00:00:00Z') };
const fresh = { createdAt: new Date('2026-12-04T00:00:00Z') };

describe('boards', () => {
  it('round-trip through a thread row', () => {
    for (const board of [
      courseBoard('urbanism'),
      lessonBoard('urbanism', 'way-finding'),
      cohortBoard('c1', 'urbanism'),
    ])
      expect(boardOf({ board: board.key, kind: board.kind, course: board.course })).toEqual(board);
  });
  it('page a list', () => {
    expect([pageOf(1, 50), pageOf(50, 50), pageOf(51, 50)]).toEqual([1, 1, 2]);
  });
});

describe('renderPost', () => {
  it('marks every link ugc, and does not follow a new account’s links', () => {
    expect(renderPost('[a](https://e.kz)', old, now)).toContain('rel="ugc noopener noreferrer"');
    expect(renderPost('[a](https://e.kz)', fresh, now)).toContain('rel="nofollow ugc noopener noreferrer"');
  });
  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[x](javascript:alert(1))',
    '"><svg onload=alert(1)>',
    '<a href="https://e.kz" onclick="alert(1)">x</a>',
  ])('leaves no script: %s', (source) => {
    const html = renderPost(source, old, now);
    expect(html).not.toMatch(/<script|<img|<svg|javascript:|<[a-z][^>]*\son[a-z]+=/i);
  });
  it('quotes a post under its author’s name, without the name’s markup', () => {
    expect(quoteOf('**Әлия** <b>', 'line 1\nline 2')).toBe('> **Әлия b**\n> line 1\n> line 2\n\n');
  });
});

describe('unsubscribe tokens', () => {
  it('carry who and which thread, and only the right key signs them', () => {
    const token = unsubscribeToken('key-1', 'user1', 'thread1');
    const parts = readUnsubscribeToken(token)!;
    expect(parts).toMatchObject({ userId: 'user1', threadId: 'thread1' });
    expect(signatureMatches('key-1', 'user1', 'thread1', parts.sig)).toBe(true);
    expect(signatureMatches('key-2', 'user1', 'thread1', parts.sig)).toBe(false);
    expect(signatureMatches('key-1', 'user1', 'thread2', parts.sig)).toBe(false);
    expect(readUnsubscribeToken('a.b')).toBeNull();
  });
});

describe('the reply e-mail', () => {
  it('escapes names and titles and sanitises the reply in its HTML', () => {
    const markup = '<img src=x onerror=alert(1)><script>alert(1)</script>';
    const mail = composeReplyMail({
      to: 'a@b.kz',
      locale: 'kk',
      name: markup,
      siteName: 'Oqu',
      threadTitle: markup,
      authorName: markup,
      author: old,
      body: `${markup}\n\n[x](javascript:alert(1))`,
      threadUrl: 'https://oqu.kz/kk/discussions/threads/t',
      unsubscribeUrl: 'https://oqu.kz/kk/discussions/unsubscribe?token=a.b.c',
    });
    expect(mail.subject).toBe(`«${markup}» тақырыбында жаңа жауап`);
    expect(mail.html).not.toMatch(/<img|<script|href="javascript:|<[a-z][^>]*\son[a-z]+=/i);
    expect(mail.html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(mail.headers).toEqual({
      'List-Unsubscribe': '<https://oqu.kz/kk/discussions/unsubscribe?token=a.b.c>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });
});

describe('an answer’s excerpt', () => {
  it('is the post’s words as plain text, without the quoted post, markup or code', () => {
    const body =
      '> **Айгүл**\n> the question\n\nStart with **the bus stops** & [the map](https://example.kz).\n\n```\ncode\n```';
    expect(plainExcerpt(body)).toBe('Start with the bus stops & the map.');
    // Raw HTML stays words: the page escapes them like any text.
    expect(plainExcerpt('<script>alert(1)</script> and <b>x</b>')).toBe('<script>alert(1)</script> and <b>x</b>');
  });
  it('is cut at a word near the limit, with an ellipsis', () => {
    const excerpt = plainExcerpt('Қала картасы '.repeat(40), 50);
    expect(excerpt.length).toBeLessThanOrEqual(51);
    expect(excerpt).toMatch(/^Қала картасы .*[^\s]…$/u);
    expect(plainExcerpt('short', 50)).toBe('short');
  });
});
