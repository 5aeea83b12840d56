/**
 * The rules of discussions over plain data (docs/decisions/038): what a board is, how long a
 * post may be, how long its author may edit it, when an account counts as new (its links are
 * not followed, its posting limits are stricter), and how a post's Markdown becomes HTML.
 */
import sanitizeHtml from 'sanitize-html';
import { renderMarkdown } from '#lib/markdown/render.ts';

export type BoardKind = 'course' | 'lesson' | 'cohort';

/** A place to talk: a course's board, one lesson's questions, or a cohort's private board. */
export interface Board {
  /** `course:<slug>`, `lesson:<slug>/<lesson>` or `cohort:<id>` (the threads' `board` column). */
  key: string;
  kind: BoardKind;
  course: string;
  lesson?: string;
  cohortId?: string;
  /** A cohort's name (its board's heading). */
  name?: string;
}

export function courseBoard(course: string): Board {
  return { key: `course:${course}`, kind: 'course', course };
}

export function lessonBoard(course: string, lesson: string): Board {
  return { key: `lesson:${course}/${lesson}`, kind: 'lesson', course, lesson };
}

export function cohortBoard(cohortId: string, course: string): Board {
  return { key: `cohort:${cohortId}`, kind: 'cohort', course, cohortId };
}

/** The board a thread row names (its `board`, `kind` and `course` columns). */
export function boardOf(thread: { board: string; kind: BoardKind; course: string }): Board {
  const rest = thread.board.slice(thread.board.indexOf(':') + 1);
  if (thread.kind === 'lesson') return lessonBoard(thread.course, rest.slice(rest.indexOf('/') + 1));
  if (thread.kind === 'cohort') return cohortBoard(rest, thread.course);
  return courseBoard(thread.course);
}

export const LIMITS = {
  /** Characters of a thread's title. */
  title: 150,
  /** Characters of a post's Markdown: a long answer fits, a pasted book does not. */
  body: 10_000,
  /** Characters of a moderator's reason or a report. */
  reason: 500,
  /** Threads per board page and posts per thread page. */
  threadsPerPage: 30,
  postsPerPage: 50,
  /** How long an author may edit a post after writing it. */
  editWindowMs: 30 * 60_000,
  /** An account younger than this is "new": stricter limits, links not followed. */
  newAccountMs: 7 * 24 * 60 * 60_000,
} as const;

export function isNewAccount(createdAt: Date, now: Date): boolean {
  return now.getTime() - createdAt.getTime() < LIMITS.newAccountMs;
}

/** May the author still edit a post written at `createdAt`? */
export function withinEditWindow(createdAt: Date, now: Date): boolean {
  return now.getTime() - createdAt.getTime() <= LIMITS.editWindowMs;
}

/**
 * A post's HTML through the kept sanitiser. Every link is user-generated content (`ugc`);
 * links of new accounts are also not followed, so a fresh spam account gains nothing by posting them.
 */
export function renderPost(body: string, author: { createdAt: Date } | null, now: Date = new Date()): string {
  const fresh = !author || isNewAccount(author.createdAt, now);
  return renderMarkdown(body, 'part', fresh ? 'nofollow ugc noopener noreferrer' : 'ugc noopener noreferrer');
}

/** Characters of an answer's excerpt under its question on a lesson's questions page. */
export const EXCERPT_CHARS = 200;

/**
 * A post's words as plain text, cut at a word near `max` characters (with "…"): for an excerpt
 * that the page escapes like any text. The Markdown goes through the kept sanitiser first, then
 * every tag is dropped; quoted blocks (another post's words) and code blocks are left out.
 */
export function plainExcerpt(body: string, max: number = EXCERPT_CHARS): string {
  const text = sanitizeHtml(renderMarkdown(body), {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: ['blockquote', 'pre', 'style', 'script', 'textarea', 'option'],
  })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut.slice(0, max)).replace(/[\s.,;:!?…-]+$/u, '')}…`;
}

/** The Markdown that quotes a post in a reply: its lines as a block quote, under its author's name. */
export function quoteOf(name: string, body: string): string {
  const lines = body.trim().split(/\r?\n/).slice(0, 20);
  return `> **${name.replace(/[*_`[\]<>\\]/g, '')}**\n${lines.map((l) => `> ${l}`).join('\n')}\n\n`;
}

/** The page of a list that holds item `n` (1-based), `size` per page. */
export function pageOf(n: number, size: number): number {
  return Math.max(1, Math.ceil(n / size));
}

/**
 * What a person typed in the search box as an FTS5 query: its words (letters and digits of any
 * alphabet), each quoted and matched as a prefix, all required; at most 8. Quotes, operators and
 * column filters in the input are only separators, so no input is an FTS5 syntax error.
 */
export function searchQuery(input: string): string | null {
  const words = (input.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : null;
}
