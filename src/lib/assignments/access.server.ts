/**
 * Who may see a submission and fetch its files: the trainee who wrote it, a peer allocated to
 * review it, a trainer assigned to its course, and admins. Everyone else is refused; the
 * routes answer them exactly as they answer a file that does not exist.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { courseTrainers, peerAllocations, type SubmissionRow } from '#db/schema.ts';

export type SubmissionAccess = 'author' | 'peer' | 'staff';

export interface Viewer {
  id: string;
  role: string;
}

/** How `viewer` may see `submission`, or null when not at all. */
export async function submissionAccess(
  db: Database,
  viewer: Viewer | undefined,
  submission: Pick<SubmissionRow, 'id' | 'userId' | 'course'>,
): Promise<SubmissionAccess | null> {
  if (!viewer) return null;
  if (viewer.id === submission.userId) return 'author';
  if (viewer.role === 'admin') return 'staff';
  if (viewer.role === 'trainer') {
    const [assigned] = await db
      .select({ course: courseTrainers.course })
      .from(courseTrainers)
      .where(and(eq(courseTrainers.userId, viewer.id), eq(courseTrainers.course, submission.course)));
    if (assigned) return 'staff';
  }
  const [allocated] = await db
    .select({ at: peerAllocations.assignedAt })
    .from(peerAllocations)
    .where(and(eq(peerAllocations.submissionId, submission.id), eq(peerAllocations.reviewerId, viewer.id)))
    .limit(1);
  return allocated ? 'peer' : null;
}
