/**
 * The trainee's draft form posted (multipart): parsed as it arrives (`#lib/files`), each file
 * streamed straight into `storeSubmissionFile` (the body is never held whole), then the text
 * and link saved, a file removed if asked, and on "Hand in" the draft handed in and the
 * learning step run. A refused file does not lose the text: it is saved first, the refusal
 * comes back as a value with what the message needs.
 */
import type { Database } from '#db/client.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { recordAssignmentHandedIn, type LearningContext } from '#lib/learning/learning.server.ts';
import { parseMultipart } from '#lib/files/multipart.server.ts';
import type { CatalogCourse } from '#lib/courses/catalog.ts';
import type { Holder } from '#lib/certificates/award.server.ts';
import { enrol } from '#lib/progress/progress.server.ts';
import { consumeRateLimits } from '#lib/rate-limits/rate-limit.server.ts';
import { RATE_LIMITS } from '#lib/rate-limits/rate-limit.ts';
import type { Result } from '#lib/result.ts';
import { deleteDraftFile, storeSubmissionFile, type FileErrorCode } from './files.server.ts';
import { MAX_TEXT_LENGTH } from './hand-in.ts';
import type { Assignment } from './schema.ts';
import { handIn, openDraft, saveDraft, type SubmissionErrorCode, type VersionRow } from './submissions.server.ts';

export type DraftFormErrorCode =
  FileErrorCode | SubmissionErrorCode | 'assignment.error.form_broken' | 'assignment.error.too_fast';

export interface DraftForm {
  learner: Holder;
  course: CatalogCourse;
  assignmentId: string;
  assignment: Assignment;
  locale: Locale;
  contentType: string;
  body: ReadableStream<Uint8Array> | null;
}

interface Parsed {
  fields: Map<string, string>;
  /** Files stored from this post: removed again when the post turns out broken. */
  stored: { draft: VersionRow; fileId: string }[];
  truncated: boolean;
  fileError: DraftFormErrorCode | null;
}

/** Reads the form: fields into a map, each non-empty file part into the draft as it comes. */
async function parse(db: Database, form: DraftForm, parsed: Parsed): Promise<void> {
  const { assignment } = form;
  const limits = { fields: 20, fieldSize: MAX_TEXT_LENGTH * 4 + 1024, files: 10, parts: 40 };
  const read = await parseMultipart(form.contentType, form.body!, limits, async (_field, filename, stream) => {
    if (parsed.fileError) return;
    const opened = await openDraft(db, {
      userId: form.learner.id,
      course: form.course.slug,
      assignmentId: form.assignmentId,
      assignment,
    });
    if (!opened.ok) {
      parsed.fileError = opened.error;
      return;
    }
    const stored = await storeSubmissionFile(db, {
      userId: form.learner.id,
      draft: opened.draft,
      assignment,
      name: filename,
      data: stream,
    });
    if (stored.ok) parsed.stored.push({ draft: opened.draft, fileId: stored.file.id });
    else parsed.fileError = stored.error;
  });
  parsed.fields = read.fields;
  parsed.truncated = read.truncated;
  if (read.tooManyFiles) parsed.fileError ??= 'assignment.error.too_many_files';
}

/** Handles one post of the draft form; `handedIn` says the work went to its reviewers. */
export async function receiveDraftForm(
  db: Database,
  form: DraftForm,
  context: LearningContext,
): Promise<Result<{ handedIn: boolean }, DraftFormErrorCode>> {
  const verdict = await consumeRateLimits(db, [[RATE_LIMITS.assignmentPost, form.learner.id]], context.now);
  const refused = !verdict.allowed ? 'assignment.error.too_fast' : 'assignment.error.form_broken';
  if (!verdict.allowed || !form.body || !/^multipart\/form-data;/i.test(form.contentType)) {
    await form.body?.cancel().catch(() => undefined);
    return { ok: false, error: refused };
  }
  const key = { userId: form.learner.id, course: form.course.slug, assignmentId: form.assignmentId };
  await enrol(db, form.learner.id, form.course.slug, context.now);
  const parsed: Parsed = { fields: new Map(), stored: [], truncated: false, fileError: null };
  try {
    await parse(db, form, parsed);
  } catch {
    // A body cut short may still have ended a file part cleanly: nothing of a broken post stays.
    for (const { draft, fileId } of parsed.stored) await deleteDraftFile(db, draft, fileId);
    return { ok: false, error: 'assignment.error.form_broken' };
  }
  const { fields } = parsed;
  if (parsed.truncated) return { ok: false, error: 'assignment.error.text_too_long' };
  const saved = await saveDraft(db, {
    ...key,
    assignment: form.assignment,
    body: fields.get('body') ?? '',
    link: fields.get('link') ?? '',
  });
  if (!saved.ok) return saved;
  const remove = fields.get('remove');
  if (remove) await deleteDraftFile(db, saved.draft, remove);
  if (parsed.fileError) return { ok: false, error: parsed.fileError };
  if (fields.get('intent') !== 'hand_in' || remove) return { ok: true, handedIn: false };
  const handed = await handIn(db, { ...key, assignment: form.assignment, now: context.now });
  if (!handed.ok) return handed;
  await recordAssignmentHandedIn(
    db,
    { learner: form.learner, course: form.course, assignmentId: form.assignmentId, locale: form.locale },
    context,
  );
  return { ok: true, handedIn: true };
}
