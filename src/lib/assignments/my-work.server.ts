/**
 * A trainee's assignments on "My learning": what waits on them (a draft to hand in, a revision
 * asked for, peer reviews they owe or may still ask for) and what waits on a reviewer (handed
 * in, or in its peer round). Two queries for the whole page, whatever the number of courses.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { peerAllocations, submissions, type SubmissionRow } from '#db/schema.ts';
import type { Assignment } from './schema.ts';

export type MyWorkReason = 'draft' | 'needs_revision' | 'peer_owed' | 'peer_ask' | 'submitted' | 'in_review';

export interface MyWorkItem {
  course: string;
  assignmentId: string;
  reason: MyWorkReason;
  /** For `peer_owed`: how many reviews; for `peer_ask`: how many more to ask for. */
  count?: number;
  /** Whose move it is. */
  waitingOn: 'trainee' | 'reviewer';
}

/** Finds an assignment of the catalogue (undefined when the course no longer has it). */
export type AssignmentLookup = (course: string, assignmentId: string) => Assignment | undefined;

const ON_TRAINEE: SubmissionRow['state'][] = ['draft', 'needs_revision'];

/** What waits on the trainee first, then what waits on a reviewer; oldest first within each. */
export async function listMyWork(db: Database, userId: string, lookup: AssignmentLookup): Promise<MyWorkItem[]> {
  const own = await db
    .select()
    .from(submissions)
    .where(and(eq(submissions.userId, userId), sql`${submissions.state} <> 'accepted'`))
    .orderBy(submissions.createdAt);
  const given = await db.all<{ course: string; assignment: string; allocated: number; owed: number }>(sql`
    SELECT s.course, s.assignment, count(*) AS allocated, sum(p.review_id IS NULL) AS owed
    FROM ${peerAllocations} p JOIN ${submissions} s ON s.id = p.submission_id
    WHERE p.reviewer_id = ${userId} GROUP BY s.course, s.assignment`);
  const items: MyWorkItem[] = [];
  for (const s of own) {
    const assignment = lookup(s.course, s.assignment);
    if (!assignment) continue;
    const reason = s.state as MyWorkReason;
    items.push({ course: s.course, assignmentId: s.assignment, reason, waitingOn: waitingOn(s.state) });
  }
  for (const g of given) {
    if (Number(g.owed) > 0 && lookup(g.course, g.assignment))
      items.push({
        course: g.course,
        assignmentId: g.assignment,
        reason: 'peer_owed',
        count: Number(g.owed),
        waitingOn: 'trainee',
      });
  }
  // Peer assignments handed in whose trainee has not been given all the work they are to review.
  for (const s of own) {
    const assignment = lookup(s.course, s.assignment);
    if (!assignment || assignment.review.by === 'trainer' || ON_TRAINEE.includes(s.state)) continue;
    const allocated = Number(given.find((g) => g.course === s.course && g.assignment === s.assignment)?.allocated ?? 0);
    const left = assignment.review.reviewsPerTrainee - allocated;
    if (left > 0)
      items.push({
        course: s.course,
        assignmentId: s.assignment,
        reason: 'peer_ask',
        count: left,
        waitingOn: 'trainee',
      });
  }
  return [...items.filter((i) => i.waitingOn === 'trainee'), ...items.filter((i) => i.waitingOn === 'reviewer')];
}

function waitingOn(state: SubmissionRow['state']): MyWorkItem['waitingOn'] {
  return ON_TRAINEE.includes(state) ? 'trainee' : 'reviewer';
}
