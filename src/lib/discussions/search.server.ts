/**
 * Search in a course's discussions: the FTS5 index of migration 0018 over the posts' text
 * (case folded for Kazakh and Russian letters alike), limited to the course's board and lesson
 * questions; a cohort's board stays out (its words are for its members). Hidden and deleted
 * posts are found only by moderators (a deleted post has no text left to find).
 */
import { sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { searchQuery } from './board.ts';

export interface SearchHit {
  postId: string;
  threadId: string;
  title: string;
  number: number;
  excerpt: string;
}

/** Up to 20 posts of `course`'s discussions matching `input`, best first. */
export async function searchDiscussions(
  db: Database,
  input: { course: string; text: string; moderator: boolean },
): Promise<SearchHit[]> {
  const query = searchQuery(input.text);
  if (!query) return [];
  const visible = input.moderator ? sql`1 = 1` : sql`p.hidden_at IS NULL`;
  const rows = await db.all<{ postId: string; threadId: string; title: string; number: number; excerpt: string }>(
    sql`SELECT p.id AS postId, p.thread_id AS threadId, t.title AS title, p.number AS number,
        snippet(discussion_posts_fts, 0, '', '', '…', 16) AS excerpt
      FROM discussion_posts_fts
      JOIN discussion_posts p ON p.rowid = discussion_posts_fts.rowid
      JOIN discussion_threads t ON t.id = p.thread_id
      WHERE discussion_posts_fts MATCH ${query} AND t.course = ${input.course} AND t.kind <> 'cohort'
        AND p.deleted_at IS NULL AND ${visible}
      ORDER BY rank LIMIT 20`,
  );
  return rows.map((r) => ({ ...r, number: Number(r.number) }));
}
