/**
 * Every table Oqu keeps, the one source of truth for drizzle-kit's migrations
 * (`npx drizzle-kit generate` writes them to db/migrations/).
 *
 * Conventions: times are integers of milliseconds since the epoch (`timestamp_ms`), so
 * comparisons in SQL are plain integer comparisons and tests can inject a clock. Content is
 * not copied here: rows name course, lesson and quiz slugs, and the code tolerates a slug
 * that a later edit of the course removed.
 */
import { sql } from 'drizzle-orm';
import { blob, check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const ROLES = ['learner', 'trainer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Mirrors src/lib/i18n/locales.ts (db/ stays free of app imports so drizzle-kit loads it alone). */
export const USER_LOCALES = ['kk', 'ru', 'en'] as const;

export const users = sqliteTable(
  'users',
  {
    /** Random, unguessable (see db/ids.ts), so it can appear in URLs. */
    id: text('id').primaryKey(),
    /** Trimmed and lower-cased before it is stored, so the unique index catches duplicates. */
    email: text('email').notNull(),
    /** The name as the certificate shows it, NFC-normalised. */
    displayName: text('display_name').notNull(),
    /** argon2id PHC string. */
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull().default('learner'),
    /** Preferred language, also the language of the e-mails the user receives. */
    locale: text('locale', { enum: USER_LOCALES }).notNull(),
    region: text('region'),
    organisation: text('organisation'),
    /** A deactivated user cannot sign in; their records stay (certificates must still verify). */
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /**
     * When the person consented, on the registration form, to the processing of their personal
     * data (decision 026); null for an account made by an administrator or before consent was asked.
     */
    privacyConsentAt: integer('privacy_consent_at', { mode: 'timestamp_ms' }),
    /**
     * How the holder is named in their Open Badges credentials: `email` (a salted hash of the
     * e-mail, which anyone who knows the e-mail can confirm) or `opaque` (an identifier that
     * reveals nothing). The holder chooses on "My learning".
     */
    credentialSubject: text('credential_subject', { enum: ['email', 'opaque'] })
      .notNull()
      .default('email'),
  },
  (t) => [
    uniqueIndex('users_email_unique').on(t.email),
    // The trainee table's sort by name can stop after one page.
    index('users_display_name_idx').on(t.displayName),
    // The admin's user list, newest first or by role, stops after one page (e-mail breaks ties).
    index('users_created_idx').on(t.createdAt, t.email),
    index('users_role_idx').on(t.role, t.email),
    check('users_role_check', sql`${t.role} in ('learner', 'trainer', 'admin')`),
    check('users_locale_check', sql`${t.locale} in ('kk', 'ru', 'en')`),
  ],
);

export const sessions = sqliteTable(
  'sessions',
  {
    /** Hex SHA-256 of the session token; the token itself is never stored. */
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** Idle expiry, pushed forward while the session is used (sliding). */
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    /** The hard cap: the session ends here however active it is. */
    absoluteExpiresAt: integer('absolute_expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

export const passwordResetTokens = sqliteTable(
  'password_reset_tokens',
  {
    /** Hex SHA-256 of the token sent by e-mail. */
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    /** Set when the token is redeemed; a used token never works again. */
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
    /**
     * A random value chosen by the request that redeemed the token, so the later statements
     * of that request's batch act only when its own claim won.
     */
    claim: text('claim'),
  },
  (t) => [index('password_reset_tokens_user_idx').on(t.userId)],
);

/**
 * Fixed-window counters for rate limiting, in the database so that several app processes
 * share them. `key` names the action and the subject, e.g. `signin:account:a@b.kz`.
 */
export const rateLimits = sqliteTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    windowStartedAt: integer('window_started_at', { mode: 'timestamp_ms' }).notNull(),
    hits: integer('hits').notNull(),
  },
  (t) => [index('rate_limits_window_idx').on(t.windowStartedAt)],
);

export const enrollments = sqliteTable(
  'enrollments',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Course slug (its folder name in courses/). */
    course: text('course').notNull(),
    enrolledAt: integer('enrolled_at', { mode: 'timestamp_ms' }).notNull(),
    /** Set exactly once, when the course's completion rule is first met. */
    completedAt: integer('completed_at', { mode: 'timestamp_ms' }),
    /** The lesson last opened or marked done, for "continue where you left off". */
    lastLesson: text('last_lesson'),
    lastActivityAt: integer('last_activity_at', { mode: 'timestamp_ms' }),
    /**
     * The trainee's last activity in the course (a lesson done or a quiz attempt, the latest of
     * lesson_progress.completed_at and quiz_attempts.submitted_at), null before any. Kept by
     * triggers (migration 0011), so "active in the last 7 days" and the sort by last activity
     * read an index range (src/lib/reports/activity.server.ts).
     */
    lastActiveAt: integer('last_active_at', { mode: 'timestamp_ms' }),
    /**
     * Lessons done that the course has (per outline_lessons). Kept by triggers on
     * lesson_progress (migration 0004); recounted when the course's outline changes.
     */
    lessonsDone: integer('lessons_done').notNull().default(0),
    /**
     * The sum over the course's quizzes (per outline_quizzes) of the best percentage, null
     * before any attempt. Kept by triggers on quiz_attempts; the trainee table sorts by it.
     */
    scoreTotal: real('score_total'),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.course] }),
    index('enrollments_course_idx').on(t.course, t.lastActivityAt),
    // Dashboards: completed counts and the enrolment-date sort without reading every row.
    index('enrollments_course_enrolled_idx').on(t.course, t.enrolledAt, t.completedAt),
    // The trainee table's sorts by progress and by score.
    index('enrollments_course_lessons_done_idx').on(t.course, t.lessonsDone),
    index('enrollments_course_score_idx').on(t.course, t.scoreTotal),
    // Dashboards: "active in the last 7 days" and the sort by last activity.
    index('enrollments_course_active_idx').on(t.course, t.lastActiveAt),
  ],
);

export const lessonProgress = sqliteTable(
  'lesson_progress',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    course: text('course').notNull(),
    lesson: text('lesson').notNull(),
    completedAt: integer('completed_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.course, t.lesson] }),
    index('lesson_progress_course_lesson_idx').on(t.course, t.lesson),
  ],
);

export const quizAttempts = sqliteTable(
  'quiz_attempts',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    course: text('course').notNull(),
    quiz: text('quiz').notNull(),
    /** The answers as submitted (after validation): `{ questionId: string | string[] }`. */
    answers: text('answers', { mode: 'json' }).notNull().$type<Record<string, string | string[]>>(),
    /** Per-question points as graded at submission: `[{ id, points, max, correct }]`. */
    results: text('results', { mode: 'json' }).notNull().$type<StoredQuestionResult[]>(),
    /** The language the attempt was graded in (text answers depend on it). */
    locale: text('locale', { enum: USER_LOCALES }).notNull(),
    score: real('score').notNull(),
    maxScore: real('max_score').notNull(),
    percent: real('percent').notNull(),
    passed: integer('passed', { mode: 'boolean' }).notNull(),
    submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }).notNull(),
    /** Chosen by the client per submission, so a retried request is stored once. */
    idempotencyKey: text('idempotency_key').notNull(),
  },
  (t) => [
    // Scoped to the user: a key guessed from someone else cannot return their result.
    uniqueIndex('quiz_attempts_user_key_unique').on(t.userId, t.idempotencyKey),
    index('quiz_attempts_user_quiz_idx').on(t.userId, t.course, t.quiz),
    index('quiz_attempts_course_quiz_idx').on(t.course, t.quiz),
  ],
);

/**
 * What the database knows of each course's content, so that triggers can keep counts right:
 * the lessons, the quizzes, and which questions have choices. Written by
 * src/lib/reports/course-counts.server.ts when a course's outline `digest` changes, which
 * recounts that course's counters in the same transaction.
 */
export const courseOutlines = sqliteTable('course_outlines', {
  course: text('course').primaryKey(),
  /** sha-256 of the outline as synced (lessons, quizzes, choice questions). */
  digest: text('digest').notNull(),
  syncedAt: integer('synced_at', { mode: 'timestamp_ms' }).notNull(),
});

export const outlineLessons = sqliteTable(
  'outline_lessons',
  { course: text('course').notNull(), lesson: text('lesson').notNull() },
  (t) => [primaryKey({ columns: [t.course, t.lesson] })],
);

export const outlineQuizzes = sqliteTable(
  'outline_quizzes',
  { course: text('course').notNull(), quiz: text('quiz').notNull() },
  (t) => [primaryKey({ columns: [t.course, t.quiz] })],
);

/** Single, multiple and true/false questions: the ones whose answers are counted per choice. */
export const outlineChoiceQuestions = sqliteTable(
  'outline_choice_questions',
  { course: text('course').notNull(), quiz: text('quiz').notNull(), question: text('question').notNull() },
  (t) => [primaryKey({ columns: [t.course, t.quiz, t.question] })],
);

/**
 * Course-wide quiz statistics, kept by triggers on quiz_attempts (migration 0004) so a
 * dashboard reads a few rows instead of every attempt: per quiz, attempts and distinct
 * learners who tried and who passed.
 */
export const quizCounts = sqliteTable(
  'quiz_counts',
  {
    course: text('course').notNull(),
    quiz: text('quiz').notNull(),
    attempts: integer('attempts').notNull(),
    learners: integer('learners').notNull(),
    passedLearners: integer('passed_learners').notNull(),
  },
  (t) => [primaryKey({ columns: [t.course, t.quiz] })],
);

/** Per question (by id): attempts that answered it, were graded on it, and got it right. */
export const quizQuestionCounts = sqliteTable(
  'quiz_question_counts',
  {
    course: text('course').notNull(),
    quiz: text('quiz').notNull(),
    question: text('question').notNull(),
    answered: integer('answered').notNull(),
    graded: integer('graded').notNull(),
    correct: integer('correct').notNull(),
  },
  (t) => [primaryKey({ columns: [t.course, t.quiz, t.question] })],
);

/** Per choice of a choice question: attempts whose answer was, or included, the choice. */
export const quizChoiceCounts = sqliteTable(
  'quiz_choice_counts',
  {
    course: text('course').notNull(),
    quiz: text('quiz').notNull(),
    question: text('question').notNull(),
    choice: text('choice').notNull(),
    picked: integer('picked').notNull(),
  },
  (t) => [primaryKey({ columns: [t.course, t.quiz, t.question, t.choice] })],
);

/**
 * The programme report's numbers kept on write (triggers in migration 0005): per course, the
 * trainee's current region ('' for none) and Almaty month, enrolments made, completions, and
 * first certificates of trainees who hold a valid one (see src/lib/reports/programme.ts).
 * Rows may fall to all zeros; the report leaves those out.
 */
export const programmeCounts = sqliteTable(
  'programme_counts',
  {
    course: text('course').notNull(),
    region: text('region').notNull(),
    /** `YYYY-MM`, Almaty time. */
    month: text('month').notNull(),
    enrolments: integer('enrolments').notNull(),
    completions: integer('completions').notNull(),
    certificates: integer('certificates').notNull(),
  },
  (t) => [primaryKey({ columns: [t.course, t.region, t.month] })],
);

export interface StoredQuestionResult {
  id: string;
  points: number;
  max: number;
  correct: boolean;
}

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type EnrollmentRow = typeof enrollments.$inferSelect;
export type QuizAttemptRow = typeof quizAttempts.$inferSelect;

/**
 * Certificates: one current certificate per user and course (a partial unique index, so
 * issuing is exactly-once under any concurrency). What the certificate says is a snapshot
 * taken at issue time: later edits of a name, a course title or the site's signatory do not
 * change a certificate already given. A name correction issues a new certificate and marks
 * the old one replaced.
 */
/** A certificate's words in one of its languages, as issued (decision 048). */
export interface CertificateEdition {
  locale: (typeof USER_LOCALES)[number];
  courseTitle: string;
  issuerName: string;
  signatoryTitle: string;
  /** The competencies demonstrated, titles in this language. */
  competencies: string[];
}

export const certificates = sqliteTable(
  'certificates',
  {
    /** The short public code, XXXX-XXXX-XXXX (60 random bits). */
    code: text('code').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    course: text('course').notNull(),
    /** The certificate's language: the holder's preferred language at issue. */
    locale: text('locale', { enum: USER_LOCALES }).notNull(),
    holderName: text('holder_name').notNull(),
    courseTitle: text('course_title').notNull(),
    hours: real('hours').notNull(),
    issuedAt: integer('issued_at', { mode: 'timestamp_ms' }).notNull(),
    issuerName: text('issuer_name').notNull(),
    signatoryName: text('signatory_name').notNull(),
    signatoryTitle: text('signatory_title').notNull(),
    /** The signed Open Badges 3.0 credential (VC-JWT). */
    credential: text('credential').notNull(),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
    revokedReason: text('revoked_reason'),
    revokedBy: text('revoked_by'),
    /** The code of the certificate that replaced this one (after a name correction). */
    replacedBy: text('replaced_by'),
    /** The competencies the holder demonstrated, titles in `locale`, printed on the PDF (decision 035). */
    competencies: text('competencies', { mode: 'json' }).$type<string[]>(),
    /**
     * The words of each language the certificate is printed in, first on top (decision 048);
     * null for a certificate in `locale` alone, whose words are the columns above.
     */
    editions: text('editions', { mode: 'json' }).$type<CertificateEdition[]>(),
  },
  (t) => [
    uniqueIndex('certificates_current_unique')
      .on(t.userId, t.course)
      .where(sql`${t.replacedBy} IS NULL`),
    index('certificates_course_idx').on(t.course),
    // A trainee's certificates for a course, replaced and revoked ones included (the programme
    // counts' triggers read them on every certificate write).
    index('certificates_user_course_idx').on(t.userId, t.course),
  ],
);
export type CertificateRow = typeof certificates.$inferSelect;

/** Which trainers follow which courses (admins see every course). */
export const courseTrainers = sqliteTable(
  'course_trainers',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    course: text('course').notNull(),
    assignedAt: integer('assigned_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.course] }), index('course_trainers_course_idx').on(t.course)],
);

/**
 * A group of trainees taking a course together, with optional dates and an application
 * window (trainees apply while it is open; a trainer accepts or declines).
 */
export const cohorts = sqliteTable(
  'cohorts',
  {
    id: text('id').primaryKey(),
    course: text('course').notNull(),
    name: text('name').notNull(),
    startsOn: text('starts_on'),
    endsOn: text('ends_on'),
    applicationsOpenOn: text('applications_open_on'),
    applicationsCloseOn: text('applications_close_on'),
    /** Short code a trainer shares so trainees can join (or apply) by link. */
    joinCode: text('join_code').notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** When a trainer archived it: hidden from the active list, read-only, join link closed; null while active. */
    archivedAt: integer('archived_at', { mode: 'timestamp_ms' }),
    /** The programme the group follows (`courses/_programmes/<id>.yaml`, decision 047); null: the course alone. */
    programme: text('programme'),
    /** The programme's courses when the cohort started: members are enrolled in each. */
    programmeCourses: text('programme_courses', { mode: 'json' }).$type<string[]>(),
  },
  (t) => [uniqueIndex('cohorts_join_code_unique').on(t.joinCode), index('cohorts_course_idx').on(t.course)],
);

export const COHORT_MEMBER_STATES = ['member', 'applied', 'declined'] as const;
export type CohortMemberState = (typeof COHORT_MEMBER_STATES)[number];

export const cohortMembers = sqliteTable(
  'cohort_members',
  {
    cohortId: text('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    state: text('state', { enum: COHORT_MEMBER_STATES }).notNull(),
    joinedAt: integer('joined_at', { mode: 'timestamp_ms' }).notNull(),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.userId] }), index('cohort_members_user_idx').on(t.userId)],
);

export const COHORT_INVITATION_STATES = ['pending', 'accepted', 'declined'] as const;
export type CohortInvitationState = (typeof COHORT_INVITATION_STATES)[number];

/**
 * A trainer's CSV import invites; it never adds anyone (docs/decisions/014). Until the
 * person accepts on "My learning", the trainer sees only the address the file gave and the
 * state, never the account's name or progress, and an existing account looks exactly like
 * one the import created.
 */
export const cohortInvitations = sqliteTable(
  'cohort_invitations',
  {
    cohortId: text('cohort_id')
      .notNull()
      .references(() => cohorts.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The address as the trainer's file gave it (trimmed, lower-cased). */
    email: text('email').notNull(),
    state: text('state', { enum: COHORT_INVITATION_STATES }).notNull(),
    invitedBy: text('invited_by').references(() => users.id, { onDelete: 'set null' }),
    invitedAt: integer('invited_at', { mode: 'timestamp_ms' }).notNull(),
    /** When the invitation e-mail last went out (a resend is allowed once this is old enough). */
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }).notNull(),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
  },
  (t) => [primaryKey({ columns: [t.cohortId, t.userId] }), index('cohort_invitations_user_idx').on(t.userId, t.state)],
);

/** Every admin and trainer action: who, what, when and from where. Never updated or deleted. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    actorId: text('actor_id'),
    actorEmail: text('actor_email'),
    /** e.g. `user.role`, `user.deactivate`, `certificate.revoke`, `cohort.import`. */
    action: text('action').notNull(),
    /** What it was done to: a user's e-mail, a certificate code, a cohort id. */
    target: text('target'),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
    ip: text('ip'),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_actor_idx').on(t.actorId)],
);

export const SUBMISSION_STATES = ['draft', 'submitted', 'in_review', 'needs_revision', 'accepted'] as const;
export type SubmissionState = (typeof SUBMISSION_STATES)[number];

/**
 * A trainee's work on one assignment of a course (`courses/<course>/assignments/<id>.yaml`): one
 * row per trainee and assignment, whose versions are the drafts and hand-ins.
 */
export const submissions = sqliteTable(
  'submissions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    course: text('course').notNull(),
    assignment: text('assignment').notNull(),
    /** The cohort the trainee was in when they first handed in (peer reviews stay within it). */
    cohortId: text('cohort_id'),
    state: text('state', { enum: SUBMISSION_STATES }).notNull().default('draft'),
    /** The number of the latest version (1, 2, …); earlier versions stay readable. */
    version: integer('version').notNull().default(1),
    /** Raised by every change of state: a decision names the revision it was made on (two reviewers). */
    revision: integer('revision').notNull().default(0),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** When the latest version was handed in (the review queue is oldest first by it). */
    submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
    /**
     * Milliseconds from the first version's hand-in to the first trainer decision, kept by
     * triggers (migration 0020) so the dashboard reads the median time to review from an index.
     */
    reviewWaitMs: integer('review_wait_ms'),
  },
  (t) => [
    uniqueIndex('submissions_user_assignment_unique').on(t.userId, t.course, t.assignment),
    index('submissions_review_wait_idx')
      .on(t.course, t.assignment, t.reviewWaitMs, t.state)
      .where(sql`review_wait_ms IS NOT NULL`),
    // A cohort's figures on its dashboard read the cohort's submissions only.
    index('submissions_cohort_idx')
      .on(t.cohortId, t.assignment, t.state)
      .where(sql`cohort_id IS NOT NULL`),
    index('submissions_queue_idx').on(t.course, t.state, t.submittedAt),
    index('submissions_assignment_idx').on(t.course, t.assignment, t.state),
    // An admin's review queue, oldest first, reads only the waiting rows in order (queue.server.ts).
    index('submissions_waiting_idx')
      .on(t.submittedAt, t.course, t.assignment, t.cohortId)
      .where(sql`state in ('submitted', 'in_review')`),
  ],
);

/** One version of a submission: a draft until it is handed in, then never changed. */
export const submissionVersions = sqliteTable(
  'submission_versions',
  {
    id: text('id').primaryKey(),
    submissionId: text('submission_id')
      .notNull()
      .references(() => submissions.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    /** The written answer, Markdown as typed (rendered through the sanitiser when shown). */
    body: text('body').notNull().default(''),
    link: text('link'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** Null while it is a draft. */
    submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('submission_versions_number_unique').on(t.submissionId, t.number)],
);

/** A file handed in with a version; its bytes are in `submission_file_chunks` (decision 023). */
export const submissionFiles = sqliteTable(
  'submission_files',
  {
    id: text('id').primaryKey(),
    versionId: text('version_id')
      .notNull()
      .references(() => submissionVersions.id, { onDelete: 'cascade' }),
    /** The trainee's file name, cleaned (no path, no control characters), for the download. */
    name: text('name').notNull(),
    /** The kind decided from the content (`pdf`, `png`, …), never from the name. */
    kind: text('kind').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    /** Null while its chunks are being written: such a file is not shown and is removed by pruning. */
    storedAt: integer('stored_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('submission_files_version_idx').on(t.versionId)],
);

/** The bytes of a submission file, in pieces so an upload is written and read as a stream. */
export const submissionFileChunks = sqliteTable(
  'submission_file_chunks',
  {
    fileId: text('file_id')
      .notNull()
      .references(() => submissionFiles.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    data: blob('data', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.fileId, t.seq] })],
);

export const REVIEWER_ROLES = ['trainer', 'peer'] as const;
export const REVIEW_DECISIONS = ['accept', 'revise'] as const;

/** A review of one version: rubric levels and a comment; a trainer's carries the decision. */
export const submissionReviews = sqliteTable(
  'submission_reviews',
  {
    id: text('id').primaryKey(),
    submissionId: text('submission_id')
      .notNull()
      .references(() => submissions.id, { onDelete: 'cascade' }),
    versionNumber: integer('version_number').notNull(),
    reviewerId: text('reviewer_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: REVIEWER_ROLES }).notNull(),
    /** The level chosen per rubric criterion: `{ criterionId: levelIndex }`. */
    levels: text('levels', { mode: 'json' }).notNull().$type<Record<string, number>>(),
    points: integer('points').notNull(),
    comment: text('comment').notNull().default(''),
    /** A trainer's decision; null for a peer review. */
    decision: text('decision', { enum: REVIEW_DECISIONS }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** Set when the trainee flags a peer review as unhelpful or abusive, for the trainer. */
    flaggedAt: integer('flagged_at', { mode: 'timestamp_ms' }),
    flagReason: text('flag_reason', { enum: ['unhelpful', 'abusive'] }),
  },
  (t) => [
    index('submission_reviews_submission_idx').on(t.submissionId, t.versionNumber),
    index('submission_reviews_reviewer_idx').on(t.reviewerId),
  ],
);

/**
 * How many trainer reviews of each assignment chose each level of each rubric criterion, for a
 * whole course; kept by triggers on submission_reviews (migration 0020), so the dashboard does not
 * read every review's levels. A cohort's figures are counted from the reviews themselves.
 */
export const assignmentLevelCounts = sqliteTable(
  'assignment_level_counts',
  {
    course: text('course').notNull(),
    assignment: text('assignment').notNull(),
    criterion: text('criterion').notNull(),
    level: integer('level').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.course, t.assignment, t.criterion, t.level] })],
);

/** Which trainee reviews which submission in a peer round; never their own, never twice. */
export const peerAllocations = sqliteTable(
  'peer_allocations',
  {
    submissionId: text('submission_id')
      .notNull()
      .references(() => submissions.id, { onDelete: 'cascade' }),
    versionNumber: integer('version_number').notNull(),
    reviewerId: text('reviewer_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    assignedAt: integer('assigned_at', { mode: 'timestamp_ms' }).notNull(),
    /** The review given; null while it is still owed. */
    reviewId: text('review_id'),
  },
  (t) => [
    primaryKey({ columns: [t.submissionId, t.versionNumber, t.reviewerId] }),
    index('peer_allocations_reviewer_idx').on(t.reviewerId, t.reviewId),
  ],
);
export type SubmissionRow = typeof submissions.$inferSelect;
export type SubmissionReviewRow = typeof submissionReviews.$inferSelect;

export * from './schema/events.ts';
export * from './schema/competencies.ts';
export * from './schema/discussions.ts';
export * from './schema/grants.ts';
export * from './schema/reports.ts';
