/**
 * The public format of an assignment: `courses/<course>/assignments/<id>.yaml` (part of the
 * course format, so it lives beside schema.ts; `#lib/assignments/schema.ts` re-exports it for
 * the submission domain). A lesson names it in its front matter (`assignment: <id>`); trainees
 * hand work in on the lesson page and it counts towards the course when accepted. The doc
 * comment on each field is the authoring reference (docs/authoring.md); keep these names stable.
 */
import { z } from 'zod';
import { addAuthorIssue, authorText } from './author-messages.ts';
import { competencyRefs, localizedText, slug } from './schema.ts';
import { refineUniqueIds } from './unique-ids.ts';

/**
 * The kinds of file a trainee may hand in, by their usual extension. The kind is decided from
 * the file's content when it arrives, never from its name.
 */
export const SUBMISSION_FILE_KINDS = [
  'pdf',
  'png',
  'jpg',
  'webp',
  'docx',
  'xlsx',
  'pptx',
  'odt',
  'ods',
  'odp',
] as const;
export type SubmissionFileKind = (typeof SUBMISSION_FILE_KINDS)[number];

/** Whether a part of the hand-in is asked for: `required`, `optional` or `no`. */
const want = z.enum(['required', 'optional', 'no']);

export const handInSchema = z.strictObject({
  /** A written answer (Markdown), `required`, `optional` or `no`. */
  text: want.default('required'),
  /** A link (e.g. to a map or a shared document), `required`, `optional` or `no`. */
  link: want.default('no'),
  /** Files: how many at most (0: none), of which kinds, and how large each may be. */
  files: z
    .strictObject({
      /** How many files at most; 0 means no files. */
      max: z.number().int().min(0).max(10).default(0),
      /** Which kinds, e.g. `[pdf, png, jpg]`. */
      kinds: z.array(z.enum(SUBMISSION_FILE_KINDS)).min(1).default(['pdf']),
      /** The largest size of one file, in megabytes (at most 20). */
      maxMegabytes: z.number().positive().max(20).default(10),
      /** Whether at least one file must be handed in. */
      required: z.boolean().default(false),
    })
    .default({ max: 0, kinds: ['pdf'], maxMegabytes: 10, required: false }),
});
export type HandIn = z.infer<typeof handInSchema>;

export const rubricLevelSchema = z.strictObject({
  /** The points this level gives (0 or more). */
  points: z.number().int().min(0).max(100),
  /** What work at this level looks like, in every language. */
  description: localizedText,
});

export const rubricCriterionSchema = z
  .strictObject({
    /** Stable id, unique within the rubric; scores are stored by it. */
    id: slug,
    /** What is judged, in every language. */
    title: localizedText,
    /** The levels, from the lowest to the highest, each with its points. */
    levels: z.array(rubricLevelSchema).min(2, authorText('criterion_levels_few')),
    /**
     * The competencies this criterion gives evidence of when the accepted work reaches its pass
     * level (ids from `courses/_frameworks/`; decision 035); optional.
     */
    competencies: competencyRefs.optional(),
  })
  .superRefine((c, ctx) => {
    const points = c.levels.map((l) => l.points);
    if (points.some((p, i) => i > 0 && p <= (points[i - 1] ?? -1))) addAuthorIssue(ctx, ['levels'], 'levels_order');
  });
export type RubricCriterion = z.infer<typeof rubricCriterionSchema>;

export const reviewSchema = z
  .strictObject({
    /**
     * Who reviews: `trainer`; `peer` (other trainees, whose scores decide); or `peer-then-trainer`
     * (peers review first, a trainer decides, seeing their reviews).
     */
    by: z.enum(['trainer', 'peer', 'peer-then-trainer']).default('trainer'),
    /** For peer review: how many peer reviews each submission gets. */
    reviewsPerSubmission: z.number().int().min(1).max(5).default(2),
    /** For peer review: how many reviews each trainee gives before seeing the reviews of their own work. */
    reviewsPerTrainee: z.number().int().min(1).max(5).default(2),
  })
  .default({ by: 'trainer', reviewsPerSubmission: 2, reviewsPerTrainee: 2 });
export type ReviewPlan = z.infer<typeof reviewSchema>;

export const assignmentSchema = z
  .strictObject({
    /** Assignment title in every language. */
    title: localizedText,
    /** What to do and hand in, in every language (Markdown: lists, links, emphasis; no HTML). */
    brief: localizedText,
    /** What may be handed in: text, a link, files. */
    handIn: handInSchema.default({
      text: 'required',
      link: 'no',
      files: { max: 0, kinds: ['pdf'], maxMegabytes: 10, required: false },
    }),
    /** The criteria the work is scored on, each with its levels. */
    rubric: z.array(rubricCriterionSchema).min(1, authorText('rubric_empty')),
    /** Share of the rubric's highest total needed to be accepted, 0-100. */
    passPercent: z.number().min(0).max(100),
    /** Who reviews the work. */
    review: reviewSchema,
    /** How many times a trainee may hand in again after "needs revision" (0: no resubmission). */
    resubmissions: z.number().int().min(0).max(10).default(2),
  })
  .superRefine((a, ctx) => {
    refineUniqueIds(ctx, a.rubric, ['rubric'], 'criterion_id_twice');
    const h = a.handIn;
    if (h.text === 'no' && h.link === 'no' && h.files.max === 0) addAuthorIssue(ctx, ['handIn'], 'nothing_to_hand_in');
    if (h.files.required && h.files.max === 0)
      addAuthorIssue(ctx, ['handIn', 'files', 'max'], 'files_required_max_zero');
  });
export type Assignment = z.infer<typeof assignmentSchema>;

/** The highest total a submission can score: the top level of every criterion. */
export function maxRubricPoints(rubric: readonly RubricCriterion[]): number {
  return rubric.reduce((sum, c) => sum + Math.max(...c.levels.map((l) => l.points)), 0);
}
