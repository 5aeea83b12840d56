/**
 * What completes a course, as pure functions over plain data (the server twin,
 * progress.server.ts, feeds them from the database).
 *
 * A course's rule names the lessons to mark done, the quizzes to pass and the assignments to
 * have accepted, each `'all'` or a list of slugs. Slugs that the course no longer has are
 * ignored on both sides: a removed lesson is neither required nor counted, so an edit of the
 * course never leaves a learner stuck or above 100 %. A rule that requires nothing that exists is never complete.
 * Sessions are counted (attending N of the course's sessions, present, meets `sessions: { attend: N }`) or
 * named (`sessions: { named: [kickoff] }`: a session of the course the trainer named so, attended).
 */
import type { CatalogCourse } from '#lib/courses/catalog.ts';
import { progressPercent } from './percent.ts';

export interface CompletionRule {
  lessons: 'all' | readonly string[];
  quizzes: 'all' | readonly string[];
  /** Left out (older outlines): `'all'`, which requires nothing in a course without assignments. */
  assignments?: 'all' | readonly string[];
  /** Sessions of the course (seminars, study visits…) to attend; left out, none. */
  sessions?: { attend?: number; named?: readonly string[] };
}

/** The parts of a course that progress needs, in reading order. */
export interface CourseOutline {
  slug: string;
  /** Lesson slugs in reading order. */
  lessons: readonly string[];
  /** Quiz ids of the course. */
  quizzes: readonly string[];
  /** Assignment ids of the course (none when left out). */
  assignments?: readonly string[];
  completion: CompletionRule;
}

export interface CompletionState {
  complete: boolean;
  /**
   * Progress as every page shows it (`progressPercent`, decision 022), with "completed" meaning
   * the rule is met now; pages that know the enrolment use its `completed_at` instead.
   */
  percent: number;
  requiredLessons: string[];
  requiredQuizzes: string[];
  missingLessons: string[];
  missingQuizzes: string[];
  requiredAssignments: string[];
  missingAssignments: string[];
  /** Sessions the rule requires attending, and how many of them are still to attend. */
  requiredSessions: number;
  missingSessions: number;
  /** Sessions the rule names, and those of them not attended yet. */
  requiredNamedSessions: string[];
  missingNamedSessions: string[];
}

/** The outline of a course from the catalogue. */
export function toCourseOutline(
  course: Pick<CatalogCourse, 'slug' | 'lessons' | 'quizzes' | 'data'> & Partial<Pick<CatalogCourse, 'assignments'>>,
): CourseOutline {
  return {
    slug: course.slug,
    lessons: course.lessons.map((l) => l.slug),
    quizzes: Object.keys(course.quizzes),
    assignments: Object.keys(course.assignments ?? {}),
    completion: course.data.completion,
  };
}

function required(selection: 'all' | readonly string[], existing: readonly string[]): string[] {
  if (selection === 'all') return [...existing];
  const present = new Set(existing);
  return [...new Set(selection)].filter((slug) => present.has(slug));
}

/**
 * Where a learner stands against the course's rule. The percent counts lessons only (decision
 * 022): handing in an assignment finishes its lesson, and its acceptance completes the course
 * (decision 027).
 */
export function evaluateCompletion(
  outline: CourseOutline,
  doneLessons: Iterable<string>,
  passedQuizzes: Iterable<string>,
  acceptedAssignments: Iterable<string> = [],
  attendedSessions = 0,
  attendedNames: Iterable<string> = [],
): CompletionState {
  const done = new Set(doneLessons);
  const passed = new Set(passedQuizzes);
  const accepted = new Set(acceptedAssignments);
  const requiredLessons = required(outline.completion.lessons, outline.lessons);
  const requiredQuizzes = required(outline.completion.quizzes, outline.quizzes);
  const requiredAssignments = required(outline.completion.assignments ?? 'all', outline.assignments ?? []);
  const missingLessons = requiredLessons.filter((l) => !done.has(l));
  const missingQuizzes = requiredQuizzes.filter((q) => !passed.has(q));
  const missingAssignments = requiredAssignments.filter((a) => !accepted.has(a));
  const requiredSessions = outline.completion.sessions?.attend ?? 0;
  const missingSessions = Math.max(0, requiredSessions - attendedSessions);
  const named = new Set(attendedNames);
  const requiredNamedSessions = [...new Set(outline.completion.sessions?.named ?? [])];
  const missingNamedSessions = requiredNamedSessions.filter((k) => !named.has(k));
  const total =
    requiredLessons.length +
    requiredQuizzes.length +
    requiredAssignments.length +
    requiredSessions +
    requiredNamedSessions.length;
  const missing =
    missingLessons.length +
    missingQuizzes.length +
    missingAssignments.length +
    missingSessions +
    missingNamedSessions.length;
  const achieved = total - missing;
  const complete = total > 0 && achieved === total;
  const lessons = new Set(outline.lessons);
  const percent = progressPercent([...lessons].filter((l) => done.has(l)).length, lessons.size, complete);
  return {
    complete,
    percent,
    requiredLessons,
    requiredQuizzes,
    missingLessons,
    missingQuizzes,
    requiredAssignments,
    missingAssignments,
    requiredSessions,
    missingSessions,
    requiredNamedSessions,
    missingNamedSessions,
  };
}

/**
 * The lesson to continue with: the one last opened if it is not done yet, else the first
 * lesson not done after it, wrapping round to the start; null when every lesson is done.
 */
export function findNextLesson(
  lessons: readonly string[],
  doneLessons: Iterable<string>,
  lastLesson?: string | null,
): string | null {
  const done = new Set(doneLessons);
  const from = Math.max(0, lastLesson ? lessons.indexOf(lastLesson) : 0);
  for (let step = 0; step < lessons.length; step++) {
    const slug = lessons[(from + step) % lessons.length]!;
    if (!done.has(slug)) return slug;
  }
  return null;
}
