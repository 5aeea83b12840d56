/**
 * The public course format. Every file in `courses/` is checked against these schemas, both
 * by Astro's content collections at build time and by `npm run validate`. The doc comment on
 * each field is the authoring reference (see docs/authoring.md); keep these names stable.
 */
import { z } from 'zod';
import { addAuthorIssue, authorRefinement, authorText } from './author-messages.ts';
import { refineUniqueIds } from './unique-ids.ts';
import { LOCALES } from '#lib/i18n/locales.ts';

/**
 * A text per language: `{ kk: ..., ru: ... }`. Which languages a course must have is checked by
 * `npm run validate` (the course's `languages`, else the site's; `courses/languages.ts`); a
 * reader of a missing one sees the next language of their chain (decision 020).
 */
export const localizedText = z
  .object(
    {
      kk: z.string().trim().min(1, authorText('text_empty_kk')).optional(),
      ru: z.string().trim().min(1, authorText('text_empty_ru')).optional(),
      en: z.string().trim().min(1, authorText('text_empty_en')).optional(),
    },
    { error: authorText('text_expected') },
  )
  .refine((t) => Boolean(t.kk ?? t.ru ?? t.en), authorRefinement('text_no_language'));

/** A list of texts per language, e.g. accepted answers (required languages as for `localizedText`). */
export const localizedList = z
  .object({
    kk: z.array(z.string().trim().min(1)).min(1).optional(),
    ru: z.array(z.string().trim().min(1)).min(1).optional(),
    en: z.array(z.string().trim().min(1)).min(1).optional(),
  })
  .refine((t) => Boolean(t.kk ?? t.ru ?? t.en), authorRefinement('list_no_language'));

/** A programme field's id (`field:`): one of the site's `fields` (checked by `npm run validate`). */
export const fieldRef = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, authorText('field_id_format'));
export const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;

/** An id in the course format (course folder, quiz question, competency, criterion): `theory-of-change`. */
export const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, authorText('slug_format'));

/**
 * Which competencies a course, quiz question or rubric criterion gives evidence of: ids of
 * competencies in `courses/_frameworks/` (framework-schema.ts, decision 034).
 */
export const competencyRefs = z.array(slug).min(1, authorText('competencies_empty'));

/** The name a trainer gives a session so that a course's rule can require it, e.g. "kickoff" (<= 40 characters). */
export const SESSION_KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const sessionKeySchema = slug.max(40);

/** "all", or a list of ids. */
const selection = z.union([z.literal('all'), z.array(slug).min(1)]);
/**
 * Assignments may also be `[]`: none required, so a course can offer practice that does not gate
 * the certificate (decision 027). Lessons and quizzes keep at least one id: an empty list there
 * is more likely a slip than a choice.
 */
const assignmentSelection = z.union([z.literal('all'), z.array(slug)]);

/**
 * `origin.yaml` beside course.yaml: where an imported course was first published, written by
 * `oqu import-course` from the bundle (decision 030) and kept when the course travels on, so the
 * pages credit its first host as CC BY-SA asks. Authors do not write it.
 */
export const courseOriginSchema = z.strictObject({
  /** The exporting host's name (its configuration's `name`, in its default language). */
  site: z.string().trim().min(1).max(200),
  /**
   * The exporting host's public address: http or https only, since every page of the course links
   * to it (a partner's bundle naming a `javascript:` address would put script in those links).
   */
  url: z.url({ protocol: /^https?$/, error: authorText('web_address') }).max(500),
  /** The course's folder name on that host. */
  course: slug,
  /** When it was exported there (ISO 8601; a YAML timestamp, which some readers turn into a date, is taken too). */
  exportedAt: z.preprocess((v) => (v instanceof Date ? v.toISOString() : v), z.iso.datetime()),
});
export type CourseOrigin = z.infer<typeof courseOriginSchema>;

export const moduleSchema = z.strictObject({
  /** The module's folder name, e.g. `01-foundations`. */
  folder: z.string().regex(/^\d{2}-[a-z0-9-]+$/, authorText('module_folder_format')),
  /** The module's title in every language. */
  title: localizedText,
});

export const courseSchema = z.strictObject({
  /** Course title in every language. */
  title: localizedText,
  /** One or two sentences for the catalogue, in every language. */
  summary: localizedText,
  /** What a trainee can do after the course, in every language (one item per line). */
  outcomes: localizedList.optional(),
  /** Expected study time in hours, shown on the syllabus and the certificate. */
  hours: z.number().positive().max(500),
  /** `beginner`, `intermediate` or `advanced`. */
  level: z.enum(LEVELS),
  /**
   * The programme field: an id of the site configuration's `fields` (by default
   * `social-entrepreneurship`, `creative-industries` or `urbanism`).
   */
  field: fieldRef,
  /**
   * `trainees` (the default) lists the course in the catalogue; `trainers` lists it apart, under
   * "For trainers" (guides such as the example course).
   */
  audience: z.enum(['trainees', 'trainers']).default('trainees'),
  /**
   * The languages the course is written in, e.g. `[kk, ru]`: its titles, texts and quizzes must
   * have these (those the site enables); readers of other languages see a fallback with a notice.
   * Left out: every language the site enables.
   */
  languages: z.array(z.enum(LOCALES)).min(1).optional(),
  /** The competencies the course develops (ids from `courses/_frameworks/`); optional. */
  competencies: competencyRefs.optional(),
  /** Who wrote the course; shown on every page of it. */
  authors: z
    .array(z.strictObject({ name: z.string().trim().min(1), organisation: z.string().trim().min(1).optional() }))
    .min(1, authorText('authors_empty')),
  /** The content licence, shown on every page of the course. */
  license: z.string().trim().min(1).default('CC BY-SA 4.0'),
  /**
   * Whether other Oqu hosts may follow the course through this host's course feed
   * (`/.well-known/oqu-courses.json`, decision 054). Left out: shared unless the site configuration
   * hides or archives it.
   */
  shared: z.boolean().optional(),
  /** Modules in order, each with its folder and title. */
  modules: z.array(moduleSchema).min(1, authorText('modules_empty')),
  /**
   * What completes the course: which lessons must be done, which quizzes passed and which
   * assignments accepted (`all`, or a list of ids; for assignments `[]` requires none), and how
   * many of the course's face-to-face or online sessions to attend (`sessions: { attend: 1 }`) or
   * which, by the names trainers give them (`sessions: { named: [kickoff] }`).
   */
  completion: z
    .strictObject({
      lessons: selection.default('all'),
      quizzes: selection.default('all'),
      assignments: assignmentSelection.default('all'),
      sessions: z
        .strictObject({
          attend: z.number().int().min(1).max(100).optional(),
          /** Sessions to attend by name: the trainer gives a session of the course one of these names. */
          named: z.array(sessionKeySchema).min(1).max(20).optional(),
        })
        .refine((s) => s.attend !== undefined || s.named !== undefined, authorRefinement('sessions_rule_empty'))
        .optional(),
    })
    .default({ lessons: 'all', quizzes: 'all', assignments: 'all' }),
});
export type Course = z.infer<typeof courseSchema>;

/** Front matter of a lesson file `<NN-module>/<NN-lesson>.<locale>.mdx`. */
export const lessonSchema = z.strictObject({
  /** Lesson title in this file's language. */
  title: z.string().trim().min(1),
  /** One sentence describing the lesson (search results, previews). */
  description: z.string().trim().min(1),
  /** Reading time in minutes. */
  minutes: z.number().int().positive().max(240),
  /** The id of a quiz in `quizzes/` shown at the end of the lesson. */
  quiz: slug.optional(),
  /** The id of an assignment in `assignments/` whose brief and hand-in form end the lesson. */
  assignment: slug.optional(),
  /**
   * The lesson's former names (slugs) after a rename: trainees' progress on them moves to this
   * lesson when the site starts with the new version (course-counts.server.ts, renames.ts).
   */
  formerly: z.array(slug).min(1).max(20).optional(),
});
export type LessonMeta = z.infer<typeof lessonSchema>;

export const QUESTION_TYPES = ['single', 'multiple', 'truefalse', 'text', 'order'] as const;

export const choiceSchema = z.strictObject({
  /** Stable id, unique within the question; answers are stored by it. */
  id: slug,
  /** The choice as shown, in every language. */
  text: localizedText,
  /** Whether this choice is right. Never sent to the browser. */
  correct: z.boolean().default(false),
});

export const questionSchema = z
  .strictObject({
    /** Stable id, unique within the quiz; attempts are stored by it. */
    id: slug,
    /** `single`, `multiple`, `truefalse`, `text` or `order`. */
    type: z.enum(QUESTION_TYPES),
    /** The question, in every language. */
    prompt: localizedText,
    /** Choices for `single`, `multiple`, `truefalse`; for `order`, the items in their right order. */
    choices: z.array(choiceSchema).optional(),
    /** Accepted answers for `text`, per language (compared ignoring case and extra spaces). */
    accept: localizedList.optional(),
    /** Shown after grading, in every language: why the answer is what it is. */
    feedback: localizedText.optional(),
    /** The competencies a right answer gives evidence of (ids from `courses/_frameworks/`); optional. */
    competencies: competencyRefs.optional(),
  })
  .superRefine((q, ctx) => {
    const choices = q.choices ?? [];
    if (q.type === 'text') {
      if (!q.accept) addAuthorIssue(ctx, ['accept'], 'text_question_accept');
      return;
    }
    if (choices.length < 2) {
      addAuthorIssue(ctx, ['choices'], 'choices_too_few', { type: q.type });
      return;
    }
    refineUniqueIds(ctx, choices, ['choices'], 'choice_id_twice');
    const right = choices.filter((c) => c.correct).length;
    if (q.type === 'order') return;
    if (right === 0) addAuthorIssue(ctx, ['choices'], 'no_correct_choice');
    if ((q.type === 'single' || q.type === 'truefalse') && right > 1)
      addAuthorIssue(ctx, ['choices'], 'one_correct_choice', { type: q.type, count: right });
    if (q.type === 'truefalse' && choices.length !== 2) addAuthorIssue(ctx, ['choices'], 'truefalse_two');
  });
export type Question = z.infer<typeof questionSchema>;

export const quizSchema = z
  .strictObject({
    /** Quiz title in every language. */
    title: localizedText,
    /** Share of points needed to pass, 0-100. */
    passPercent: z.number().min(0).max(100),
    /** How many attempts a trainee has; unlimited when left out. */
    maxAttempts: z.number().int().positive().optional(),
    /** Show questions (and choices) in a different order for each attempt. */
    shuffle: z.boolean().default(false),
    /** The questions, in order. */
    questions: z.array(questionSchema).min(1, authorText('quiz_no_question')),
  })
  .superRefine((quiz, ctx) => refineUniqueIds(ctx, quiz.questions, ['questions'], 'question_id_twice'));
export type Quiz = z.infer<typeof quizSchema>;
