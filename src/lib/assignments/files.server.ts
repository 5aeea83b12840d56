/**
 * Submission files, kept in the database in pieces of 256 KiB (docs/decisions/023): an upload
 * is read as a stream and written piece by piece, so a 20 MB file never sits whole in memory;
 * its row stays `stored_at = null` (invisible, and removed on failure) until the last piece is
 * in. The kind is decided from the first bytes (`file-type`), never from the name; size, the
 * assignment's kinds and number of files, and the trainee's quota are checked while streaming.
 */
import { createHash } from 'node:crypto';
import { and, eq, gt, isNotNull, sql, sum } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import type { Database } from '#db/client.ts';
import { createId } from '#db/ids.ts';
import { submissionFileChunks, submissionFiles, submissions, submissionVersions } from '#db/schema.ts';
import type { Result } from '#lib/result.ts';
import { cleanFileName } from './file-name.ts';
import type { Assignment, SubmissionFileKind } from './schema.ts';
import { storedFileCount, type VersionRow } from './submissions.server.ts';

export const CHUNK_BYTES = 256 * 1024;
/** A megabyte in an assignment's `maxMegabytes`, as file managers count it. */
export const MEGABYTE = 1024 * 1024;
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

/** Pieces of exactly CHUNK_BYTES (the last one shorter), whatever sizes the source yields. */
async function* rechunk(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let length = 0;
  for await (const part of source) {
    pending.push(Buffer.from(part.buffer, part.byteOffset, part.byteLength));
    length += part.byteLength;
    while (length >= CHUNK_BYTES) {
      const all = Buffer.concat(pending, length);
      yield Buffer.from(all.subarray(0, CHUNK_BYTES));
      pending = [Buffer.from(all.subarray(CHUNK_BYTES))];
      length -= CHUNK_BYTES;
    }
  }
  if (length > 0) yield Buffer.concat(pending, length);
}

/** The submission kind the content is, if it is one. */
export async function detectKind(head: Uint8Array): Promise<SubmissionFileKind | null> {
  const found = await fileTypeFromBuffer(head);
  const ext = found?.ext as string | undefined;
  return (
    (['pdf', 'png', 'jpg', 'webp', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp'] as const).find((k) => k === ext) ?? null
  );
}

/** Drains what is left of a refused upload so the request can still be answered. */
async function drain(iterator: AsyncIterator<Buffer>): Promise<void> {
  for (let r = await iterator.next(); !r.done; r = await iterator.next());
}

/** Writes the pieces; the failure code, or the size and hash when all is in. */
async function writeChunks(
  db: Database,
  fileId: string,
  input: UploadInput,
  budget: number,
): Promise<Result<{ size: number; sha256: string; kind: SubmissionFileKind }, FileErrorCode>> {
  const limit = Math.min(input.assignment.handIn.files.maxMegabytes, 20) * MEGABYTE;
  const hash = createHash('sha256');
  const pieces = rechunk(input.data);
  let size = 0;
  let kind: SubmissionFileKind | null = null;
  for (let seq = 0; ; seq++) {
    const next = await pieces.next();
    if (next.done) break;
    const piece = next.value;
    size += piece.length;
    let error: FileErrorCode | null = null;
    if (seq === 0) kind = await detectKind(piece);
    if (!kind || !input.assignment.handIn.files.kinds.includes(kind)) error = 'assignment.error.file_kind';
    else if (size > limit) error = 'assignment.error.file_too_large';
    else if (size > budget) error = 'assignment.error.quota';
    if (error) {
      await drain(pieces);
      return { ok: false, error };
    }
    hash.update(piece);
    await db.insert(submissionFileChunks).values({ fileId, seq, data: piece });
  }
  if (size === 0 || !kind) return { ok: false, error: 'assignment.error.file_empty' };
  return { ok: true, size, sha256: hash.digest('hex'), kind };
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
    await drain(input.data[Symbol.asyncIterator]() as AsyncIterator<Buffer>);
    return { ok: false, error: 'assignment.error.too_many_files' };
  }
  const budget = (input.quotaBytes ?? TRAINEE_QUOTA_BYTES) - (await usedBytes(db, input.userId));
  const id = createId();
  const name = cleanFileName(input.name, 'file');
  await db.insert(submissionFiles).values({ id, versionId: input.draft.id, name, kind: '', size: 0, sha256: '' });
  try {
    const written = await writeChunks(db, id, input, budget);
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
  let seq = -1;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const [row] = await db
        .select({ seq: submissionFileChunks.seq, data: submissionFileChunks.data })
        .from(submissionFileChunks)
        .where(and(eq(submissionFileChunks.fileId, fileId), gt(submissionFileChunks.seq, seq)))
        .orderBy(submissionFileChunks.seq)
        .limit(1);
      if (!row) return controller.close();
      seq = row.seq;
      controller.enqueue(new Uint8Array(row.data));
    },
  });
}
