/**
 * What a trainee's assignment page shows: the brief, where their work stands in words, the
 * draft they are writing (text, link, files), and every version handed in with the trainers'
 * reviews (the level chosen per rubric criterion, the comment, the decision). Texts come back
 * in the reader's language (or the nearest one the course has), Markdown already made safe.
 */
import type { Database } from '#db/client.ts';
import type { SubmissionRow } from '#db/schema.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { pickLocalized } from '#lib/i18n/pick-text.ts';
import { renderMarkdown } from '#lib/markdown/render.ts';
import { listVersionFiles, type StoredFile } from './files.server.ts';
import { listReviews, type ReviewRow } from './reviews.server.ts';
import type { Assignment } from './schema.ts';
import { findSubmission, type VersionRow } from './submissions.server.ts';
import { and, asc, eq } from 'drizzle-orm';
import { submissionVersions } from '#db/schema.ts';

export type TraineeState = 'not_started' | SubmissionRow['state'];

/** Who the work waits on now. */
export type WaitingOn = 'trainee' | 'reviewer' | 'nobody';

export interface ReviewView {
  decision: string;
  comment: string;
  /** Per criterion: its title and the title-like description of the level chosen. */
  levels: { criterion: string; level: string; points: number }[];
  points: number;
}

export interface VersionView {
  number: number;
  submittedAt: Date | null;
  /** Safe HTML of the written answer. */
  html: string;
  link: string | null;
  files: StoredFile[];
  reviews: ReviewView[];
}

export interface TraineeView {
  state: TraineeState;
  waitingOn: WaitingOn;
  editable: boolean;
  /** The draft being written (null when the work waits on a reviewer or is accepted). */
  draft: { body: string; link: string; files: StoredFile[] } | null;
  /** Earlier versions, handed in, newest first. */
  versions: VersionView[];
  resubmissionsLeft: number;
}

function text(value: Partial<Record<Locale, string>>, locale: Locale, chain: readonly Locale[]): string {
  return pickLocalized<string>(value, locale, chain)?.value ?? '';
}

function reviewView(review: ReviewRow, assignment: Assignment, locale: Locale, chain: readonly Locale[]): ReviewView {
  const chosen = (review.levels ?? {}) as Record<string, number>;
  const levels = assignment.rubric.flatMap((criterion) => {
    const level = criterion.levels[chosen[criterion.id] ?? -1];
    return level
      ? [
          {
            criterion: text(criterion.title, locale, chain),
            level: text(level.description, locale, chain),
            points: level.points,
          },
        ]
      : [];
  });
  return { decision: review.decision ?? '', comment: review.comment ?? '', levels, points: review.points ?? 0 };
}

function waitingOn(state: TraineeState): WaitingOn {
  if (state === 'submitted' || state === 'in_review') return 'reviewer';
  if (state === 'accepted') return 'nobody';
  return 'trainee';
}

/** Everything the trainee's page of one assignment shows, for `userId`. */
export async function traineeAssignmentView(
  db: Database,
  input: {
    userId: string;
    course: string;
    assignmentId: string;
    assignment: Assignment;
    locale: Locale;
    chain: readonly Locale[];
  },
): Promise<TraineeView> {
  const { assignment, locale, chain } = input;
  const submission = await findSubmission(db, input);
  const state: TraineeState = submission?.state ?? 'not_started';
  const rows: VersionRow[] = submission
    ? await db
        .select()
        .from(submissionVersions)
        .where(and(eq(submissionVersions.submissionId, submission.id)))
        .orderBy(asc(submissionVersions.number))
    : [];
  const reviews = submission ? await listReviews(db, submission.id) : [];
  const open = rows.find((r) => r.submittedAt === null);
  const versions: VersionView[] = [];
  for (const row of rows.filter((r) => r.submittedAt !== null).reverse()) {
    versions.push({
      number: row.number,
      submittedAt: row.submittedAt,
      html: renderMarkdown(row.body),
      link: row.link,
      files: await listVersionFiles(db, row.id),
      reviews: reviews
        .filter((r) => r.versionNumber === row.number && r.role === 'trainer')
        .map((r) => reviewView(r, assignment, locale, chain)),
    });
  }
  const canOpen = state === 'not_started' || state === 'draft' || state === 'needs_revision';
  const used = submission ? submission.version - 1 : 0;
  const resubmissionsLeft = Math.max(0, assignment.resubmissions - used);
  const editable = canOpen && (state !== 'needs_revision' || open !== undefined || resubmissionsLeft > 0);
  const last = rows.at(-1);
  const draft = editable
    ? {
        body: open?.body ?? (state === 'needs_revision' ? (last?.body ?? '') : ''),
        link: open?.link ?? (state === 'needs_revision' ? (last?.link ?? '') : ''),
        files: open ? await listVersionFiles(db, open.id) : [],
      }
    : null;
  return { state, waitingOn: waitingOn(state), editable, draft, versions, resubmissionsLeft };
}

const SHOWN_ERRORS = [
  'assignment.error.text_required',
  'assignment.error.link_required',
  'assignment.error.link_invalid',
  'assignment.error.files_required',
  'assignment.error.too_many_files',
  'assignment.error.nothing_to_hand_in',
  'assignment.error.text_too_long',
  'assignment.error.not_editable',
  'assignment.error.no_resubmissions_left',
  'assignment.error.changed_meanwhile',
  'assignment.error.file_too_large',
  'assignment.error.file_kind',
  'assignment.error.file_empty',
  'assignment.error.quota',
  'assignment.error.form_broken',
  'assignment.error.too_fast',
] as const;
export type ShownError = (typeof SHOWN_ERRORS)[number];

/** The error code a redirect carried in `?error=`, if it is one the page knows. */
export function shownError(raw: string | null): ShownError | undefined {
  return SHOWN_ERRORS.find((code) => code === raw);
}
