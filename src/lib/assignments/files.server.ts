/**
 * Submission files, kept in the database in pieces of 256 KiB by the shared file storage
 * (`#lib/files/chunks.server.ts`, docs/decisions/023): a row stays `stored_at = null`
 * (invisible, and removed on failure) until the last piece is in; size, the assignment's kinds
 * and number of files, and the trainee's quota are checked while streaming.
 */
import { and, eq, gt, isNotNull, sql, sum } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { createId } from '#db/ids.ts';
import { submissionFileChunks, submissionFiles, submissions, submissionVersions } from '#db/schema.ts';
import type { Result } from '#lib/result.ts';
import { chunkStream, drain, MEGABYTE, writeChunks, type ChunkError } from '#lib/files/chunks.server.ts';
import { cleanFileName } from '#lib/files/file-name.ts';
import type { Assignment } from './schema.ts';
import { storedFileCount, type VersionRow } from './submissions.server.ts';

export { CHUNK_BYTES, MEGABYTE } from '#lib/files/chunks.server.ts';
/** What one trainee may keep in all their submissions' files together (a constant, not configuration). */
export const TRAINEE_QUOTA_BYTES = 200 * MEGABYTE;

export type FileErrorCode =
  | 'assignment.error.file_too_large'
  | 'assignment.error.file_kind'
  | 'assignment.error.file_empty'
  | 'assignment.error.quota'
  | 'assignment.error.too_many_files'
  | 'assignment.error.not_editable';

export type StoredFile = typeof submissionFiles.$inferSelect;

export interface UploadInput {
  userId: string;
  /** The draft version the file belongs to (from `openDraft`). */
  draft: VersionRow;
  assignment: Assignment;
  /** The name the browser sent. */
  name: string;
  data: AsyncIterable<Uint8Array>;
  /** The trainee's quota; TRAINEE_QUOTA_BYTES unless a test says otherwise. */
  quotaBytes?: number;
  now?: Date;
}

/** Bytes the trainee's stored files take, across all their submissions. */
export async function usedBytes(db: Database, userId: string): Promise<number> {
  const [row] = await db
    .select({ bytes: sum(submissionFiles.size) })
    .from(submissionFiles)
    .innerJoin(submissionVersions, eq(submissionVersions.id, submissionFiles.versionId))
    .innerJoin(submissions, eq(submissions.id, submissionVersions.submissionId))
    .where(eq(submissions.userId, userId));
  return Number(row?.bytes ?? 0);
}

const CHUNK_ERRORS: Record<ChunkError, FileErrorCode> = {
  kind: 'assignment.error.file_kind',
  too_large: 'assignment.error.file_too_large',
  quota: 'assignment.error.quota',
  empty: 'assignment.error.file_empty',
};

/** Writes the pieces; the failure code, or the size and hash when all is in. */
async function writeFile(db: Database, fileId: string, input: UploadInput, budget: number) {
  const files = input.assignment.handIn.files;
  const written = await writeChunks(
    input.data,
    { kinds: files.kinds, maxBytes: Math.min(files.maxMegabytes, 20) * MEGABYTE, budget },
    (seq, data) => db.insert(submissionFileChunks).values({ fileId, seq, data }),
  );
  return written.ok ? written : ({ ok: false, error: CHUNK_ERRORS[written.error] } as const);
}

/**
 * Stores one uploaded file with a draft version. On any refusal (or a broken upload) the rows
 * written so far are removed and nothing of the file is visible.
 */
export async function storeSubmissionFile(
  db: Database,
  input: UploadInput,
): Promise<Result<{ file: StoredFile }, FileErrorCode>> {
  const now = input.now ?? new Date();
  if (input.draft.submittedAt !== null) return { ok: false, error: 'assignment.error.not_editable' };
  if ((await storedFileCount(db, input.draft.id)) >= input.assignment.handIn.files.max) {
    await drain(input.data);
    return { ok: false, error: 'assignment.error.too_many_files' };
  }
  const budget = (input.quotaBytes ?? TRAINEE_QUOTA_BYTES) - (await usedBytes(db, input.userId));
  const id = createId();
  const name = cleanFileName(input.name, 'file');
  await db.insert(submissionFiles).values({ id, versionId: input.draft.id, name, kind: '', size: 0, sha256: '' });
  try {
    const written = await writeFile(db, id, input, budget);
    if (!written.ok) {
      await removeFile(db, id);
      return written;
    }
    const [file] = await db
      .update(submissionFiles)
      .set({ size: written.size, sha256: written.sha256, kind: written.kind, storedAt: now })
      .where(
        and(
          eq(submissionFiles.id, id),
          sql`(SELECT count(*) FROM ${submissionFiles} f WHERE f.version_id = ${input.draft.id}
            AND f.stored_at IS NOT NULL) < ${input.assignment.handIn.files.max}`,
          sql`EXISTS (SELECT 1 FROM ${submissionVersions} WHERE ${submissionVersions.id} = ${input.draft.id}
            AND ${submissionVersions.submittedAt} IS NULL)`,
        ),
      )
      .returning();
    if (!file) {
      await removeFile(db, id);
      return { ok: false, error: 'assignment.error.too_many_files' };
    }
    return { ok: true, file };
  } catch (error) {
    await removeFile(db, id);
    throw error;
  }
}

async function removeFile(db: Database, id: string): Promise<void> {
  await db.delete(submissionFiles).where(eq(submissionFiles.id, id));
}

/** Removes a stored file from a draft (never from a version that was handed in). */
export async function deleteDraftFile(db: Database, draft: VersionRow, fileId: string): Promise<boolean> {
  if (draft.submittedAt !== null) return false;
  const gone = await db
    .delete(submissionFiles)
    .where(
      and(
        eq(submissionFiles.id, fileId),
        eq(submissionFiles.versionId, draft.id),
        sql`EXISTS (SELECT 1 FROM ${submissionVersions} WHERE ${submissionVersions.id} = ${draft.id}
          AND ${submissionVersions.submittedAt} IS NULL)`,
      ),
    )
    .returning({ id: submissionFiles.id });
  return gone.length > 0;
}

/** The stored (complete) files of a version, in the order they arrived. */
export async function listVersionFiles(db: Database, versionId: string): Promise<StoredFile[]> {
  return db
    .select()
    .from(submissionFiles)
    .where(and(eq(submissionFiles.versionId, versionId), isNotNull(submissionFiles.storedAt)))
    .orderBy(submissionFiles.storedAt);
}

/** A stored file and who it belongs to, for the download route's permission check. */
export async function findStoredFile(db: Database, fileId: string) {
  const [row] = await db
    .select({ file: submissionFiles, submission: submissions, versionNumber: submissionVersions.number })
    .from(submissionFiles)
    .innerJoin(submissionVersions, eq(submissionVersions.id, submissionFiles.versionId))
    .innerJoin(submissions, eq(submissions.id, submissionVersions.submissionId))
    .where(and(eq(submissionFiles.id, fileId), isNotNull(submissionFiles.storedAt)));
  return row ?? null;
}

/** The file's bytes as a stream, one piece (one query) at a time. */
export function readSubmissionFile(db: Database, fileId: string): ReadableStream<Uint8Array> {
  return chunkStream(async (after) => {
    const [row] = await db
      .select({ seq: submissionFileChunks.seq, data: submissionFileChunks.data })
      .from(submissionFileChunks)
      .where(and(eq(submissionFileChunks.fileId, fileId), gt(submissionFileChunks.seq, after)))
      .orderBy(submissionFileChunks.seq)
      .limit(1);
    return row;
  });
}
