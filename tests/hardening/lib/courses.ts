/** The courses the suite drives, read from courses/ independently of the site code. */
import { join } from 'node:path';
import { listCourses, listLessonFiles, readQuizFiles, requiredAssignments } from '../../helpers/course-files.ts';
import { rightAnswers, wrongAnswers, type QuizFile } from '../../helpers/quiz-answers.ts';
import { projectRoot } from './site-build.ts';

export const coursesDir = join(projectRoot, 'courses');

export interface CourseInfo {
  slug: string;
  /** Lesson slugs in reading order. */
  lessons: string[];
  /** Quiz id → the lesson (slug) that hosts it, and the quiz file. */
  quizzes: Record<string, { lesson: string; file: QuizFile & { maxAttempts?: number } }>;
  /** The assignments the course requires: a completer needs them accepted (tests/helpers/accepted-work.ts). */
  assignments: string[];
}

export function courseInfo(slug: string): CourseInfo {
  const files = listLessonFiles(coursesDir).filter((l) => l.course === slug);
  const lessons = [...new Set(files.map((l) => l.slug))];
  const quizzes: CourseInfo['quizzes'] = {};
  for (const [id, file] of Object.entries(readQuizFiles(coursesDir, slug))) {
    const host = files.find((l) => l.quiz === id && l.locale === 'en') ?? files.find((l) => l.quiz === id);
    if (host) quizzes[id] = { lesson: host.slug, file };
  }
  return { slug, lessons, quizzes, assignments: requiredAssignments(coursesDir, slug) };
}

export const allCourses = (): string[] => listCourses(coursesDir);

export const quizPath = (course: string, lesson: string, locale = 'en') =>
  `/${locale}/courses/${course}/${lesson}/quiz`;
export const donePath = (course: string, lesson: string, locale = 'en') =>
  `/${locale}/courses/${course}/${lesson}/done`;

/** A form that passes the quiz, with the given idempotency key. */
export function passingForm(quiz: QuizFile, key?: string): URLSearchParams {
  const form = rightAnswers(quiz);
  if (key) form.set('idempotencyKey', key);
  return form;
}

export function failingForm(quiz: QuizFile, key?: string): URLSearchParams {
  const form = wrongAnswers(quiz);
  if (key) form.set('idempotencyKey', key);
  return form;
}

/** A random idempotency key as the page's script makes one (32 hex characters). */
export function randomKey(): string {
  return crypto.randomUUID().replace(/-/g, '');
}
