/**
 * Files attached to a proposal's `file` fields (decision 046), kept by the shared file storage
 * (`#lib/files`): read as a stream, refused by kind, size and the proposal's quota before they
 * are stored, and written only while the proposal is a draft. Who may fetch one: its team (the
 * lead and the invited co-applicants), admins, and the call's jurors for a submitted proposal
 * they have no conflict with (in blind review, not the files of an identifying field).
 */
import { and, eq, gt, isNotNull, sql, sum } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { createId } from '#db/ids.ts';
import { grantProposalFileChunks, grantProposalFiles, grantProposals } from '#db/schema.ts';
import { chunkStream, drain, MEGABYTE, writeChunks, type ChunkError } from '#lib/files/chunks.server.ts';
import { FILE_KINDS } from '#lib/files/download.ts';
import { cleanFileName } from '#lib/files/file-name.ts';
import type { Result } from '#lib/result.ts';
import {
  FILES_PER_FIELD,
  PROPOSAL_FILE_MAX_MEGABYTES,
  PROPOSAL_QUOTA_MEGABYTES,
  type ProposalFileError,
} from './file-limits.ts';
import { proposalForJuror } from './jury.server.ts';
import { proposalForTeam, type ProposalRow } from './proposals.server.ts';
import { findCall, type Call } from './calls.server.ts';

/** The most one attached file may have. */
export const PROPOSAL_FILE_MAX_BYTES = PROPOSAL_FILE_MAX_MEGABYTES * MEGABYTE;
/** What one proposal may keep in all its files together. */
export const PROPOSAL_QUOTA_BYTES = PROPOSAL_QUOTA_MEGABYTES * MEGABYTE;

export type { ProposalFileError };

const CHUNK_ERRORS: Record<ChunkError, ProposalFileError> = {
  kind: 'grants.error.file_kind',
  too_large: 'grants.error.file_too_large',
  quota: 'grants.error.file_quota',
  empty: 'grants.error.file_empty',
};

export type ProposalFile = typeof grantProposalFiles.$inferSelect;

const stored = (proposalId: string) =>
  and(eq(grantProposalFiles.proposalId, proposalId), isNotNull(grantProposalFiles.storedAt));
const isDraft = (proposalId: string) =>
  sql`EXISTS (SELECT 1 FROM ${grantProposals} p WHERE p.id = ${proposalId} AND p.status = 'draft')`;

async function usedBytes(db: Database, proposalId: string): Promise<number> {
  const [row] = await db
    .select({ bytes: sum(grantProposalFiles.size) })
    .from(grantProposalFiles)
    .where(eq(grantProposalFiles.proposalId, proposalId));
  return Number(row?.bytes ?? 0);
}

async function fieldCount(db: Database, proposalId: string, fieldId: string): Promise<number> {
  const rows = await db
    .select({ id: grantProposalFiles.id })
    .from(grantProposalFiles)
    .where(and(stored(proposalId), eq(grantProposalFiles.fieldId, fieldId)));
  return rows.length;
}

export interface ProposalUpload {
  proposal: Pick<ProposalRow, 'id' | 'status'>;
  fieldId: string;
  userId: string;
  name: string;
  data: AsyncIterable<Uint8Array>;
  now?: Date;
}

/** Stores one uploaded file with a draft proposal's field; on any refusal nothing of it stays. */
export async function storeProposalFile(
  db: Database,
  input: ProposalUpload,
): Promise<Result<{ file: ProposalFile }, ProposalFileError>> {
  const { proposal, fieldId } = input;
  const refuse = async (error: ProposalFileError) => {
    await drain(input.data);
    return { ok: false, error } as const;
  };
  if (proposal.status !== 'draft') return refuse('grants.error.not_draft');
  if ((await fieldCount(db, proposal.id, fieldId)) >= FILES_PER_FIELD) return refuse('grants.error.too_many_files');
  const budget = PROPOSAL_QUOTA_BYTES - (await usedBytes(db, proposal.id));
  const id = createId();
  const name = cleanFileName(input.name, 'file');
  const row = { id, proposalId: proposal.id, fieldId, name, kind: '', size: 0, sha256: '', uploadedBy: input.userId };
  await db.insert(grantProposalFiles).values(row);
  try {
    const written = await writeChunks(
      input.data,
      { kinds: FILE_KINDS, maxBytes: PROPOSAL_FILE_MAX_BYTES, budget },
      (seq, data) => db.insert(grantProposalFileChunks).values({ fileId: id, seq, data }),
    );
    if (!written.ok) {
      await removeFile(db, id);
      return { ok: false, error: CHUNK_ERRORS[written.error] };
    }
    const [file] = await db
      .update(grantProposalFiles)
      .set({ size: written.size, sha256: written.sha256, kind: written.kind, storedAt: input.now ?? new Date() })
      .where(
        and(
          eq(grantProposalFiles.id, id),
          isDraft(proposal.id),
          sql`(SELECT count(*) FROM ${grantProposalFiles} f WHERE f.proposal_id = ${proposal.id}
            AND f.field_id = ${fieldId} AND f.stored_at IS NOT NULL) < ${FILES_PER_FIELD}`,
        ),
      )
      .returning();
    if (!file) {
      await removeFile(db, id);
      return { ok: false, error: 'grants.error.not_draft' };
    }
    return { ok: true, file };
  } catch (error) {
    await removeFile(db, id);
    throw error;
  }
}

async function removeFile(db: Database, id: string): Promise<void> {
  await db.delete(grantProposalFiles).where(eq(grantProposalFiles.id, id));
}

/** Removes a file from a proposal while it is a draft. */
export async function deleteProposalFile(db: Database, proposalId: string, fileId: string): Promise<boolean> {
  const gone = await db
    .delete(grantProposalFiles)
    .where(and(eq(grantProposalFiles.id, fileId), eq(grantProposalFiles.proposalId, proposalId), isDraft(proposalId)))
    .returning({ id: grantProposalFiles.id });
  return gone.length > 0;
}

/** The stored files of a proposal, in the order they arrived. */
export async function listProposalFiles(db: Database, proposalId: string): Promise<ProposalFile[]> {
  return db.select().from(grantProposalFiles).where(stored(proposalId)).orderBy(grantProposalFiles.storedAt);
}

/** How many files each field holds, for the check of what is missing. */
export function filesByField(files: readonly Pick<ProposalFile, 'fieldId'>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of files) counts[f.fieldId] = (counts[f.fieldId] ?? 0) + 1;
  return counts;
}

export interface FileViewer {
  id: string;
  email: string;
  role: string;
}

/** May the viewer fetch the file: its team, an admin, or a juror of its call not in conflict (see the header). */
async function mayFetch(db: Database, viewer: FileViewer, file: ProposalFile, call: Call): Promise<boolean> {
  if (viewer.role === 'admin') return true;
  if (await proposalForTeam(db, file.proposalId, viewer)) return true;
  if (!(await proposalForJuror(db, call, file.proposalId, viewer.id))) return false;
  return !(call.blind && call.fields.find((f) => f.id === file.fieldId)?.identifying);
}

/** The stored file for a viewer allowed to fetch it, else null (the route answers 404 either way). */
export async function proposalFileFor(db: Database, viewer: FileViewer | undefined, fileId: string) {
  if (!viewer) return null;
  const [row] = await db
    .select({ file: grantProposalFiles, callId: grantProposals.callId })
    .from(grantProposalFiles)
    .innerJoin(grantProposals, eq(grantProposals.id, grantProposalFiles.proposalId))
    .where(and(eq(grantProposalFiles.id, fileId), isNotNull(grantProposalFiles.storedAt)));
  const call = row && (await findCall(db, row.callId));
  if (!row || !call || !(await mayFetch(db, viewer, row.file, call))) return null;
  return row.file;
}

/** The file's bytes as a stream, one piece (one query) at a time. */
export function readProposalFile(db: Database, fileId: string): ReadableStream<Uint8Array> {
  return chunkStream(async (after) => {
    const [row] = await db
      .select({ seq: grantProposalFileChunks.seq, data: grantProposalFileChunks.data })
      .from(grantProposalFileChunks)
      .where(and(eq(grantProposalFileChunks.fileId, fileId), gt(grantProposalFileChunks.seq, after)))
      .orderBy(grantProposalFileChunks.seq)
      .limit(1);
    return row;
  });
}
