/**
 * Stored files kept in the database in pieces of 256 KiB (docs/decisions/023), outside anything
 * the web server serves: an upload is read as a stream and written piece by piece, so a large
 * file never sits whole in memory, and read back as a stream one piece (one query) at a time.
 * The kind is decided from the first bytes (`file-type`), never from the name; the size limit
 * and the owner's remaining quota are checked while streaming. Each owner (assignment
 * submissions, grant proposals) keeps its own tables and says how a piece is written and read.
 */
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { Result } from '#lib/result.ts';
import { FILE_KINDS, type FileKind } from './download.ts';

export const CHUNK_BYTES = 256 * 1024;
/** A megabyte, as file managers count it. */
export const MEGABYTE = 1024 * 1024;

export type ChunkError = 'kind' | 'too_large' | 'quota' | 'empty';

export interface ChunkLimits {
  /** The kinds this upload may be. */
  kinds: readonly string[];
  /** The most bytes one file may have. */
  maxBytes: number;
  /** The bytes the owner has left (their quota less what they keep). */
  budget: number;
}

/** Pieces of exactly CHUNK_BYTES (the last one shorter), whatever sizes the source yields. */
export async function* rechunk(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
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

/** The accepted kind the content is, if it is one. */
export async function detectKind(head: Uint8Array): Promise<FileKind | null> {
  const found = await fileTypeFromBuffer(head);
  const ext = found?.ext as string | undefined;
  return FILE_KINDS.find((k) => k === ext) ?? null;
}

/** Drains what is left of a refused upload so the request can still be answered. */
export async function drain(source: AsyncIterable<unknown> | AsyncIterator<unknown>): Promise<void> {
  const iterator = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source;
  for (let r = await iterator.next(); !r.done; r = await iterator.next());
}

/**
 * Writes the pieces of `data` with `write` (in order, `seq` from 0), checking kind, size and
 * quota as they come; the failure, or the size, hash and kind when all is in. On a failure
 * the rest of the upload is drained and the caller removes what was written.
 */
export async function writeChunks(
  data: AsyncIterable<Uint8Array>,
  limits: ChunkLimits,
  write: (seq: number, piece: Buffer) => Promise<unknown>,
): Promise<Result<{ size: number; sha256: string; kind: FileKind }, ChunkError>> {
  const hash = createHash('sha256');
  const pieces = rechunk(data);
  let size = 0;
  let kind: FileKind | null = null;
  for (let seq = 0; ; seq++) {
    const next = await pieces.next();
    if (next.done) break;
    const piece = next.value;
    size += piece.length;
    let error: ChunkError | null = null;
    if (seq === 0) kind = await detectKind(piece);
    if (!kind || !limits.kinds.includes(kind)) error = 'kind';
    else if (size > limits.maxBytes) error = 'too_large';
    else if (size > limits.budget) error = 'quota';
    if (error) {
      await drain(pieces);
      return { ok: false, error };
    }
    hash.update(piece);
    await write(seq, piece);
  }
  if (size === 0 || !kind) return { ok: false, error: 'empty' };
  return { ok: true, size, sha256: hash.digest('hex'), kind };
}

/** A stored file's bytes as a stream: `next(afterSeq)` reads the piece after `afterSeq`, null at the end. */
export function chunkStream(
  next: (afterSeq: number) => Promise<{ seq: number; data: Uint8Array } | null | undefined>,
): ReadableStream<Uint8Array> {
  let seq = -1;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const row = await next(seq);
      if (!row) return controller.close();
      seq = row.seq;
      controller.enqueue(new Uint8Array(row.data));
    },
  });
}
