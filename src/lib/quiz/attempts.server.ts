/**
 * Quiz attempts: graded on the server (grade.ts), stored once per client idempotency key,
 * and held to the quiz's attempt limit by the database itself. The insert is a single
 * `INSERT ... SELECT ... WHERE (attempts so far) < limit ON CONFLICT DO NOTHING`, so
 * neither a double-click, a retried request nor two tabs can store an extra attempt.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { createId } from '#db/ids.ts';
import { quizAttempts, type QuizAttemptRow } from '#db/schema.ts';
import type { Quiz } from '#lib/courses/schema.ts';
import type { Failure } from '#lib/result.ts';
import { LOCALES, readerChain, type Locale } from '#lib/i18n/locales.ts';
import { pickText } from '#lib/i18n/pick-text.ts';
import { attemptsLeft } from './attempts.ts';
import { isIdempotencyKey } from './form.ts';
import { answersSchema, gradeQuiz, type QuizGrade } from './grade.ts';
import { countQuizSubmission } from '#lib/observe/metrics.ts';

export type AttemptErrorCode =
  'quiz.error.invalid_answers' | 'quiz.error.attempts_exhausted' | 'quiz.error.invalid_key' | 'quiz.error.key_reused';

export interface AttemptInput {
  userId: string;
  /** Course slug. */
  course: string;
  /** Quiz id within the course. */
  quizId: string;
  /** The quiz with its answer key (from courses/). */
  quiz: Quiz;
  /** The submitted answers, `{ questionId: string | string[] }`. */
  answers: unknown;
  locale: Locale;
  /** The reader's order of languages for feedback (`chainFor(locale)`); every language by default. */
  chain?: readonly Locale[];
  /** Chosen by the page once per submission (e.g. a random id in a hidden field). */
  idempotencyKey: string;
  now?: Date;
}

export interface AttemptResult {
  ok: true;
  attemptId: string;
  submittedAt: Date;
  grade: QuizGrade;
  /** True when this key was seen before and the stored result is returned. */
  replayed: boolean;
  /** Attempts stored for this quiz, this one included. */
  attemptsUsed: number;
  /** Left after this one; null when the quiz has no limit. */
  attemptsLeft: number | null;
}

/** The stored grade, with feedback in `locale` taken from the current quiz. */
function gradeFromRow(
  row: QuizAttemptRow,
  quiz: Quiz,
  locale: Locale,
  chain: readonly Locale[] = readerChain(LOCALES, locale),
): QuizGrade {
  const byId = new Map(quiz.questions.map((q) => [q.id, q]));
  const questions = row.results.map((r) => {
    const q = byId.get(r.id);
    const feedback = pickText(q?.feedback, locale, chain);
    return {
      ...r,
      type: q?.type ?? 'single',
      answered: Object.hasOwn(row.answers, r.id),
      ...(feedback ? { feedback } : {}),
    };
  });
  return { questions, score: row.score, max: row.maxScore, percent: row.percent, passed: row.passed };
}

async function countAttempts(db: Database, userId: string, course: string, quizId: string): Promise<number> {
  const row = await db
    .select({ n: sql<number>`count(*)` })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.course, course), eq(quizAttempts.quiz, quizId)))
    .get();
  return Number(row?.n ?? 0);
}

async function findByKey(db: Database, userId: string, key: string): Promise<QuizAttemptRow | undefined> {
  return db
    .select()
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.idempotencyKey, key)))
    .get();
}

async function replay(
  db: Database,
  input: AttemptInput,
  row: QuizAttemptRow,
): Promise<AttemptResult | Failure<AttemptErrorCode>> {
  if (row.course !== input.course || row.quiz !== input.quizId) return { ok: false, error: 'quiz.error.key_reused' };
  const used = await countAttempts(db, input.userId, input.course, input.quizId);
  return {
    ok: true,
    attemptId: row.id,
    submittedAt: row.submittedAt,
    grade: gradeFromRow(row, input.quiz, input.locale, input.chain),
    replayed: true,
    attemptsUsed: used,
    attemptsLeft: attemptsLeft(input.quiz, used),
  };
}

/**
 * Grades and stores an attempt, or returns the stored one for a repeated key. The insert comes
 * first: a new key (the usual case) costs one statement, which also counts the attempts so far, and a key seen
 * before, like a full attempt limit, makes the insert store nothing, after which the stored attempt is looked up.
 */
export async function submitAttempt(
  db: Database,
  input: AttemptInput,
): Promise<AttemptResult | Failure<AttemptErrorCode>> {
  const { userId, course, quizId, quiz, locale, idempotencyKey } = input;
  if (!isIdempotencyKey(idempotencyKey)) return { ok: false, error: 'quiz.error.invalid_key' };

  const parsed = answersSchema.safeParse(input.answers);
  if (!parsed.success) return { ok: false, error: 'quiz.error.invalid_answers' };
  const known = new Set(quiz.questions.map((q) => q.id));
  const answers = Object.fromEntries(Object.entries(parsed.data).filter(([id]) => known.has(id)));
  const grade = gradeQuiz(quiz, answers, locale, input.chain);
  const now = input.now ?? new Date();
  const id = createId();
  const results = grade.questions.map(({ id: qid, points, max, correct }) => ({ id: qid, points, max, correct }));
  const limit = quiz.maxAttempts ?? null;
  const inserted = await db.all<{ id: string; used: number }>(sql`
    INSERT INTO ${quizAttempts} (id, user_id, course, quiz, answers, results, locale, score, max_score, percent,
      passed, submitted_at, idempotency_key)
    SELECT ${id}, ${userId}, ${course}, ${quizId}, ${JSON.stringify(answers)}, ${JSON.stringify(results)}, ${locale},
           ${grade.score}, ${grade.max}, ${grade.percent}, ${grade.passed ? 1 : 0}, ${now.getTime()}, ${idempotencyKey}
    WHERE ${limit} IS NULL OR (
      SELECT count(*) FROM ${quizAttempts} WHERE user_id = ${userId} AND course = ${course} AND quiz = ${quizId}
    ) < ${limit}
    ON CONFLICT (user_id, idempotency_key) DO NOTHING
    RETURNING id, (
      SELECT count(*) FROM ${quizAttempts} WHERE user_id = ${userId} AND course = ${course} AND quiz = ${quizId}
    ) AS used`);
  if (inserted.length === 0) {
    // Either the key was used before (a retried request, or the same key racing), or the limit is reached.
    const raced = await findByKey(db, userId, idempotencyKey);
    if (raced) return replay(db, input, raced);
    return { ok: false, error: 'quiz.error.attempts_exhausted' };
  }
  countQuizSubmission(grade.passed);
  // The count in RETURNING runs after the row is stored, so it includes this attempt.
  const used = Number(inserted[0]!.used);
  return {
    ok: true,
    attemptId: id,
    submittedAt: now,
    grade,
    replayed: false,
    attemptsUsed: used,
    attemptsLeft: attemptsLeft(quiz, used),
  };
}

export interface AttemptSummary {
  id: string;
  submittedAt: Date;
  score: number;
  max: number;
  percent: number;
  passed: boolean;
}

/** A learner's attempts at one quiz, newest first. */
export async function listAttempts(
  db: Database,
  userId: string,
  course: string,
  quizId: string,
): Promise<AttemptSummary[]> {
  return db
    .select({
      id: quizAttempts.id,
      submittedAt: quizAttempts.submittedAt,
      score: quizAttempts.score,
      max: quizAttempts.maxScore,
      percent: quizAttempts.percent,
      passed: quizAttempts.passed,
    })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.course, course), eq(quizAttempts.quiz, quizId)))
    .orderBy(desc(quizAttempts.submittedAt), desc(quizAttempts.id));
}

/** Whether any attempt at the quiz passed. */
export async function hasPassed(db: Database, userId: string, course: string, quizId: string): Promise<boolean> {
  const row = await db
    .select({ id: quizAttempts.id })
    .from(quizAttempts)
    .where(
      and(
        eq(quizAttempts.userId, userId),
        eq(quizAttempts.course, course),
        eq(quizAttempts.quiz, quizId),
        eq(quizAttempts.passed, true),
      ),
    )
    .limit(1)
    .get();
  return row !== undefined;
}

/** The stored result of one attempt (for a result page), or null when it is not the user's. */
export async function getAttempt(
  db: Database,
  userId: string,
  attemptId: string,
  quiz: Quiz,
  locale: Locale,
  chain?: readonly Locale[],
): Promise<{ attemptId: string; course: string; quizId: string; submittedAt: Date; grade: QuizGrade } | null> {
  const row = await db
    .select()
    .from(quizAttempts)
    .where(and(eq(quizAttempts.id, attemptId), eq(quizAttempts.userId, userId)))
    .get();
  if (!row) return null;
  return {
    attemptId: row.id,
    course: row.course,
    quizId: row.quiz,
    submittedAt: row.submittedAt,
    grade: gradeFromRow(row, quiz, locale, chain),
  };
}
