/**
 * Who may see a submission and fetch its files: the trainee who wrote it, a peer allocated to
 * review it, a trainer assigned to its course, and admins. Everyone else is refused; the
 * routes answer them exactly as they answer a file that does not exist.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { courseTrainers, peerAllocations, type SubmissionRow } from '#db/schema.ts';
import { downloadName } from './file-name.ts';

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

/** The headers of a submission file's download: always an attachment, never sniffed, never run. */
export function submissionFileHeaders(file: { name: string; kind: string; size: number }): Record<string, string> {
  const name = downloadName(file.name, file.kind);
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  return {
    'Content-Type': SAFE_TYPES[file.kind] ?? 'application/octet-stream',
    'Content-Length': String(file.size),
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, no-store',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/** Types for the kinds a submission may have; none of them is a page or a script. */
const SAFE_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
};
