/**
 * A multipart form read as it arrives (busboy): text fields into a map, each file part handed
 * to `onFile` in order as a stream (the body is never held whole). Empty file inputs are
 * skipped; a part the callback leaves unread is drained. A broken body throws once the parts
 * already handed over are done, so the caller can remove what they stored.
 */
import { Readable } from 'node:stream';
import busboy from 'busboy';

export interface MultipartLimits {
  fields: number;
  /** The longest text field, in bytes. */
  fieldSize: number;
  files: number;
  parts: number;
}

export interface Multipart {
  /** The first value of each text field. */
  fields: Map<string, string>;
  /** A text field was cut at `fieldSize`. */
  truncated: boolean;
  /** More file parts came than `files`; the rest were not handed over. */
  tooManyFiles: boolean;
}

export type FileHandler = (field: string, filename: string, stream: Readable) => Promise<void>;

/** Reads the multipart `body`; the fields, once every file part went through `onFile`. */
export async function parseMultipart(
  contentType: string,
  body: ReadableStream<Uint8Array>,
  limits: MultipartLimits,
  onFile: FileHandler,
): Promise<Multipart> {
  const parser = busboy({
    headers: { 'content-type': contentType },
    limits: { ...limits, fieldNameSize: 100 },
    defParamCharset: 'utf8',
  });
  const parsed: Multipart = { fields: new Map(), truncated: false, tooManyFiles: false };
  let chain: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  parser.on('field', (name, value, info) => {
    if (info.valueTruncated) parsed.truncated = true;
    if (!parsed.fields.has(name)) parsed.fields.set(name, value);
  });
  parser.on('file', (name, stream, info) => {
    chain = chain.then(async () => {
      if (!info.filename) {
        stream.resume();
        await new Promise((resolve) => stream.once('close', resolve));
        return;
      }
      await onFile(name, info.filename, stream);
      stream.resume();
    });
    // Kept, not left unhandled while the parser still runs: thrown once it is done.
    chain = chain.catch((error: unknown) => {
      failure ??= error;
      stream.resume();
    });
  });
  parser.on('filesLimit', () => (parsed.tooManyFiles = true));
  const done = new Promise<void>((resolve, reject) => {
    parser.once('close', resolve);
    parser.once('error', reject);
  });
  const source = Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>);
  source.once('error', (error) => parser.destroy(error));
  source.pipe(parser);
  try {
    await done;
  } finally {
    await chain;
  }
  if (failure) throw failure;
  return parsed;
}
