/**
 * The course dashboard's tables as CSV files (see csv.ts for the format): trainees, the lesson
 * funnel and the quiz statistics, of a course or one of its cohorts. Every export is written to
 * the audit log. The trainee table is streamed page by page, so an export of any size holds
 * one page in memory and is never cut short.
 *
 * Headers are in the page's language; a title stands beside each id (lesson, quiz, question,
 * choice); a text question has its three most common wrong typed answers with their counts, as
 * on the dashboard; rates are percentages rounded to one decimal, written as numbers ("66,7",
 * read as a number by Excel in Kazakh and Russian); times are in Almaty, as the headers say (decision 022).
 */
import type { Database } from '#db/client.ts';
import { recordAudit, type Actor } from '#lib/audit/audit.server.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { pickText } from '#lib/i18n/pick-text.ts';
import { translate, type MessageKey } from '#lib/i18n/t.ts';
import { ensureCourseCounts, type CountedCourse, type CourseContent } from './course-counts.server.ts';
import { streamCsv, toCsv, type CsvValue } from './csv.ts';
import { lessonFunnel } from './funnel.server.ts';
import type { ReportScope } from './scope.server.ts';
import { quizStats, wrongTypedAnswers } from './quiz-stats.server.ts';
import { describeTypedAnswers } from './typed-answers.ts';
import { traineeTable } from './trainees.server.ts';
import { MAX_PAGE_SIZE, type TraineeTableOptions } from './trainees.ts';

export const COURSE_TABLES = ['trainees', 'funnel', 'quizzes'] as const;
export type CourseTable = (typeof COURSE_TABLES)[number];

export function isCourseTable(name: string | undefined): name is CourseTable {
  return (COURSE_TABLES as readonly (string | undefined)[]).includes(name);
}

export interface CourseExport {
  actor: Actor;
  course: CourseContent;
  table: CourseTable;
  cohortId?: string;
  /** The trainee table's filters, as on the page (its sort and paging are the export's own). */
  filters?: TraineeTableOptions;
  /** The language of the headers and titles (the page's); English when not given. */
  locale?: Locale;
  /** The languages to show titles in, the reader's first (the site's `chainFor(locale)`); `[locale]` when not given. */
  chain?: readonly Locale[];
  /** Lesson titles by slug in `locale` (the catalog's; the funnel writes them beside the slugs). */
  lessonTitles?: Readonly<Record<string, string>>;
}

/** A share 0..1 as a percentage with one decimal (2/3 → 66.7); empty when there is none. */
export function sharePercent(share: number | null | undefined): number | null {
  return share === null || share === undefined ? null : Math.round(share * 1000) / 10;
}

/** A percentage 0..100 rounded to one decimal. */
const roundPercent = (value: number | null | undefined): number | null =>
  value === null || value === undefined ? null : Math.round(value * 10) / 10;

interface Wording {
  locale: Locale;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  text: (text: Parameters<typeof pickText>[0]) => string;
  lessonTitles: Readonly<Record<string, string>>;
}

function wording(input: CourseExport): Wording {
  const locale = input.locale ?? 'en';
  const chain = input.chain ?? [locale];
  return {
    locale,
    t: (key, params) => translate(locale, key, params),
    text: (text) => pickText(text, locale, chain),
    lessonTitles: input.lessonTitles ?? {},
  };
}

/** Records the export in the audit log and returns the file's name and its bytes. */
export async function exportCourseTable(
  db: Database,
  input: CourseExport,
): Promise<{ filename: string; body: ReadableStream<Uint8Array> | string }> {
  const { course, table, cohortId } = input;
  const counted = await ensureCourseCounts(db, course);
  const scope: ReportScope = { course: course.slug, cohortId };
  const filename = `${course.slug}${cohortId ? `-${cohortId}` : ''}-${table}.csv`;
  await recordAudit(db, input.actor, 'report.export', `${course.slug}/${table}`, { cohortId });
  const words = wording(input);
  if (table === 'funnel') return { filename, body: await funnelCsv(db, scope, counted, words) };
  if (table === 'quizzes') return { filename, body: await quizzesCsv(db, scope, counted, words) };
  return { filename, body: traineesCsv(db, scope, counted, input.filters ?? {}, words) };
}

async function funnelCsv(db: Database, scope: ReportScope, counted: CountedCourse, w: Wording): Promise<string> {
  const steps = await lessonFunnel(db, scope, counted.lessons);
  return toCsv(
    [w.t('csv.lesson'), w.t('csv.lesson_title'), w.t('csv.lesson_done_people')],
    steps.map((s) => [s.lesson, w.lessonTitles[s.lesson] ?? '', s.done]),
  );
}

async function quizzesCsv(db: Database, scope: ReportScope, counted: CountedCourse, w: Wording): Promise<string> {
  const [stats, typed] = await Promise.all([quizStats(db, scope, counted), wrongTypedAnswers(db, scope, counted)]);
  const rows = stats.flatMap((q) => {
    const quiz = counted.quizzes[q.quizId];
    return q.questions.map((s) => {
      const question = quiz?.questions.find((x) => x.id === s.questionId);
      const wrong = s.mostChosenWrong;
      const wrongChoice = wrong ? question?.choices?.find((c) => c.id === wrong.choiceId) : undefined;
      return [
        q.quizId,
        w.text(quiz?.title),
        q.learners,
        q.attempts,
        sharePercent(q.passRate),
        s.questionId,
        w.text(question?.prompt),
        s.answered,
        sharePercent(s.shareRight),
        wrong?.choiceId ?? '',
        wrongChoice ? w.text(wrongChoice.text) : '',
        wrong?.count ?? null,
        describeTypedAnswers(typed.get(q.quizId)?.get(s.questionId) ?? [], w.locale),
      ];
    });
  });
  return toCsv(
    [
      w.t('csv.quiz'),
      w.t('csv.quiz_title'),
      w.t('csv.quiz_learners'),
      w.t('csv.quiz_attempts'),
      w.t('csv.quiz_pass_rate'),
      w.t('csv.question'),
      w.t('csv.question_text'),
      w.t('csv.question_answered'),
      w.t('csv.question_share_right'),
      w.t('csv.most_chosen_wrong'),
      w.t('csv.most_chosen_wrong_text'),
      w.t('csv.wrong_count'),
      w.t('csv.typed_wrong'),
    ],
    rows,
  );
}

/** Every trainee matching the filters, in enrolment order (which pages cheaply), however many. */
function traineesCsv(
  db: Database,
  scope: ReportScope,
  counted: CountedCourse,
  filters: TraineeTableOptions,
  w: Wording,
): ReadableStream<Uint8Array> {
  const quizzes = Object.keys(counted.quizzes);
  const header = [
    w.t('csv.name'),
    w.t('csv.email'),
    w.t('csv.region'),
    w.t('csv.enrolled_at'),
    w.t('csv.last_activity_at'),
    w.t('csv.lessons_done'),
    w.t('csv.progress'),
    w.t('csv.completed_at'),
    ...quizzes.map((q) => w.t('csv.best_score', { quiz: w.text(counted.quizzes[q]?.title) || q, id: q })),
  ];
  async function* pages(): AsyncGenerator<CsvValue[][]> {
    for (let offset = 0; ; offset += MAX_PAGE_SIZE) {
      const page = await traineeTable(db, scope, counted, {
        ...filters,
        sort: 'enrolled',
        dir: 'asc',
        offset,
        limit: MAX_PAGE_SIZE,
      });
      yield page.rows.map((r) => [
        r.name,
        r.email,
        r.region,
        r.enrolledAt,
        r.lastActivityAt,
        r.lessonsDone,
        r.percent,
        r.completedAt,
        ...quizzes.map((q) => roundPercent(r.bestScores[q])),
      ]);
      if (page.rows.length < MAX_PAGE_SIZE) return;
    }
  }
  return streamCsv(header, pages());
}
