/**
 * The proposal page's attachment form posted (multipart, streamed: the body-limit row says
 * `stream: true`): each file is stored with the field as it arrives, or the file named in
 * `remove` is removed. Any member of the team may do it while the proposal is a draft.
 */
import type { Database } from '#db/client.ts';
import { parseMultipart } from '#lib/files/multipart.server.ts';
import { consumeRateLimits } from '#lib/rate-limits/rate-limit.server.ts';
import { RATE_LIMITS } from '#lib/rate-limits/rate-limit.ts';
import type { Result } from '#lib/result.ts';
import { FILES_PER_FIELD, type FileFormError, type ProposalFileError } from './file-limits.ts';
import { deleteProposalFile, storeProposalFile } from './files.server.ts';
import type { ProposalAccess } from './proposals.server.ts';

export interface FileForm {
  access: ProposalAccess;
  userId: string;
  /** The `file` field of the call's form the post is for. */
  fieldId: string;
  contentType: string;
  body: ReadableStream<Uint8Array> | null;
  now?: Date;
}

/** Handles one post of a file field's form; how many files were stored. */
export async function receiveProposalFiles(
  db: Database,
  form: FileForm,
): Promise<Result<{ stored: number; removed: boolean }, FileFormError>> {
  const { access } = form;
  const verdict = await consumeRateLimits(db, [[RATE_LIMITS.grantFilePost, form.userId]], form.now);
  const field = access.call.fields.find((f) => f.id === form.fieldId && f.kind === 'file');
  if (!verdict.allowed || !field || !form.body || !/^multipart\/form-data;/i.test(form.contentType)) {
    await form.body?.cancel().catch(() => undefined);
    return { ok: false, error: verdict.allowed ? 'grants.error.form_broken' : 'grants.error.too_fast' };
  }
  const stored: string[] = [];
  let error: ProposalFileError | null = null;
  const limits = { fields: 5, fieldSize: 200, files: FILES_PER_FIELD, parts: 12 };
  let fields: Map<string, string>;
  try {
    const parsed = await parseMultipart(form.contentType, form.body, limits, async (_name, filename, stream) => {
      if (error) return;
      const done = await storeProposalFile(db, {
        proposal: access.proposal,
        fieldId: field.id,
        userId: form.userId,
        name: filename,
        data: stream,
      });
      if (done.ok) stored.push(done.file.id);
      else error = done.error;
    });
    fields = parsed.fields;
    if (parsed.tooManyFiles) error ??= 'grants.error.too_many_files';
  } catch {
    // Nothing of a broken post stays.
    for (const id of stored) await deleteProposalFile(db, access.proposal.id, id);
    return { ok: false, error: 'grants.error.form_broken' };
  }
  const remove = fields.get('remove');
  const removed = remove ? await deleteProposalFile(db, access.proposal.id, remove) : false;
  if (error) return { ok: false, error };
  if (remove && !removed && access.proposal.status !== 'draft') return { ok: false, error: 'grants.error.not_draft' };
  return { ok: true, stored: stored.length, removed };
}
