/**
 * Search in a course's discussions: the FTS5 indexes of migrations 0018 (the posts' text) and
 * 0026 (the threads' titles), case folded for Kazakh and Russian letters alike. On a course's
 * board and its lessons' questions it covers those boards; a cohort's board stays out (its words
 * are for its members), and on a cohort's board the search covers that board alone. Hidden and
 * deleted posts are found only by moderators (a deleted post has no text left to find), and so
 * are threads whose question is hidden, by their title or by any of their posts.
 * Threads whose title matches come first, then the posts.
 *
 * A common word matches a good part of a million posts; ranking every match (bm25) cost 425 ms
 * at p95 on the benchmark copy. So the ranking runs over the newest 500 matches in scope, read
 * in rowid order from the index, which stops early (decision 045): a rare word is ranked whole,
 * a common one among its recent posts, which is what a reader of a discussion looks for.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { searchQuery, type Board } from './board.ts';
import { threadVisibleTo } from './hidden-threads.server.ts';

export interface SearchHit {
  postId: string;
  threadId: string;
  title: string;
  number: number;
  excerpt: string;
}

const HITS = 20;
const TITLE_HITS = 5;
/** How many of the newest matches in scope are ranked. */
const CANDIDATES = 500;

/** Up to 20 hits in `board`'s search scope matching `input.text`: titles first, then posts, best first. */
export async function searchDiscussions(
  db: Database,
  input: { board: Board; text: string; moderator: boolean },
): Promise<SearchHit[]> {
  const query = searchQuery(input.text);
  if (!query) return [];
  const scope: SQL =
    input.board.kind === 'cohort'
      ? sql`t.board = ${input.board.key}`
      : sql`t.course = ${input.board.course} AND t.kind <> 'cohort'`;
  const thread = threadVisibleTo(sql`t.id`, input.moderator);
  const visible = input.moderator ? sql`1 = 1` : sql`p.hidden_at IS NULL AND ${thread}`;
  type Row = { postId: string; threadId: string; title: string; number: number; excerpt: string };
  const [titles, posts] = await Promise.all([
    db.all<Row>(
      sql`SELECT postId, threadId, title, number, excerpt FROM (
        SELECT p.id AS postId, t.id AS threadId, t.title AS title, 1 AS number, t.title AS excerpt,
          discussion_threads_fts.rank AS score
        FROM discussion_threads_fts
        JOIN discussion_threads t ON t.rowid = discussion_threads_fts.rowid
        JOIN discussion_posts p ON p.thread_id = t.id AND p.number = 1
        WHERE discussion_threads_fts MATCH ${query} AND ${scope} AND ${thread}
        ORDER BY discussion_threads_fts.rowid DESC LIMIT ${CANDIDATES})
        ORDER BY score LIMIT ${TITLE_HITS}`,
    ),
    db.all<Row>(
      sql`SELECT postId, threadId, title, number, excerpt FROM (
        SELECT p.id AS postId, p.thread_id AS threadId, t.title AS title, p.number AS number,
          snippet(discussion_posts_fts, 0, '', '', '…', 16) AS excerpt, discussion_posts_fts.rank AS score
        FROM discussion_posts_fts
        JOIN discussion_posts p ON p.rowid = discussion_posts_fts.rowid
        JOIN discussion_threads t ON t.id = p.thread_id
        WHERE discussion_posts_fts MATCH ${query} AND ${scope} AND p.deleted_at IS NULL AND ${visible}
        ORDER BY discussion_posts_fts.rowid DESC LIMIT ${CANDIDATES})
        ORDER BY score LIMIT ${HITS}`,
    ),
  ]);
  const seen = new Set(titles.map((r) => r.postId));
  return [...titles, ...posts.filter((r) => !seen.has(r.postId))]
    .slice(0, HITS)
    .map((r) => ({ ...r, number: Number(r.number) }));
}
