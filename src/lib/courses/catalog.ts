/**
 * The course catalogue as plain data: modules, lessons and their translations, and the rules
 * for which translation a reader sees. Pure functions; `load.ts` feeds them from Astro.
 */
import { fallbackOrder, type Locale } from '#lib/i18n/locales.ts';
import type { Course, CourseOrigin, LessonMeta, Quiz } from './schema.ts';
import type { Assignment } from './assignment-schema.ts';
import type { Framework } from './framework-schema.ts';
import type { Programme } from './programme-schema.ts';
import type { LessonPath } from './paths.ts';

export interface LessonSource extends LessonPath {
  /** Content-collection id, used to render the MDX. */
  entryId: string;
  meta: LessonMeta;
}

export interface Lesson {
  slug: string;
  module: string;
  order: number;
  /** The lesson's file in each language it is written in. */
  translations: Partial<Record<Locale, LessonSource>>;
}

export interface CourseModule {
  folder: string;
  title: Course['title'];
  lessons: Lesson[];
}

export interface CatalogCourse {
  slug: string;
  data: Course;
  modules: CourseModule[];
  /** Every lesson in reading order. */
  lessons: Lesson[];
  quizzes: Record<string, Quiz>;
  /** The course's assignments by id (`assignments/<id>.yaml`). */
  assignments: Record<string, Assignment>;
  /** Where an imported course was first published (`origin.yaml`); absent for a course of this host. */
  origin?: CourseOrigin;
  /** The site's competency frameworks (`courses/_frameworks/`, decision 034), for credentials and pages. */
  frameworks?: readonly { id: string; data: Framework }[];
  /** The programmes whose path includes this course (decision 047): completing it may complete them. */
  programmes?: readonly CatalogProgramme[];
}

/** A programme (`courses/_programmes/<id>.yaml`, decision 047) with its courses the site still has, in path order. */
export interface CatalogProgramme {
  id: string;
  data: Programme;
  courses: readonly CatalogCourse[];
}

/**
 * The parts of a course the dashboard counts depend on (reports/course-counts.server.ts), read
 * either from the built catalogue or straight from the files of courses/ (content-files.ts).
 */
export interface CourseContent {
  slug: string;
  /** Lesson slugs in reading order. */
  lessons: readonly string[];
  /** The course's quizzes by id (with their answer keys: server only). */
  quizzes: Readonly<Record<string, Quiz>>;
  /** Former lesson names → the lesson that carries their progress now (`formerly:`, renames.ts). */
  renamed?: Readonly<Record<string, string>>;
}

/** Groups lesson files into a course's modules, in folder and file order. */
export function assembleCourse(
  slug: string,
  data: Course,
  sources: LessonSource[],
  quizzes: Record<string, Quiz>,
  assignments: Record<string, Assignment> = {},
): CatalogCourse {
  const bySlug = new Map<string, Lesson>();
  for (const source of sources) {
    const lesson = bySlug.get(source.slug) ?? {
      slug: source.slug,
      module: source.module,
      order: source.order,
      translations: {},
    };
    lesson.translations[source.locale] = source;
    bySlug.set(source.slug, lesson);
  }
  const modules = data.modules.map((m) => ({
    folder: m.folder,
    title: m.title,
    lessons: [...bySlug.values()].filter((l) => l.module === m.folder).sort((a, b) => a.order - b.order),
  }));
  return { slug, data, modules, lessons: modules.flatMap((m) => m.lessons), quizzes, assignments };
}

/** The translation a reader of `locale` sees, and whether it is a fallback. */
export function pickTranslation(
  lesson: Lesson,
  locale: Locale,
  chain: readonly Locale[],
): { source: LessonSource; fallback: boolean } {
  for (const candidate of fallbackOrder(locale, chain)) {
    const source = lesson.translations[candidate];
    if (source) return { source, fallback: candidate !== locale };
  }
  const any = Object.values(lesson.translations)[0];
  if (!any) throw new Error(`lesson ${lesson.slug} has no translation`);
  return { source: any, fallback: true };
}

/** Languages in which every lesson of the course is written. */
export function completeLocales(course: CatalogCourse, enabled: readonly Locale[]): Locale[] {
  return enabled.filter((l) => course.lessons.every((lesson) => lesson.translations[l]));
}

/** Total reading minutes of a course in a language (using fallbacks where needed). */
export function courseMinutes(course: CatalogCourse, locale: Locale, chain: readonly Locale[]): number {
  return course.lessons.reduce((sum, l) => sum + pickTranslation(l, locale, chain).source.meta.minutes, 0);
}

/** The lessons before and after `slug` in reading order. */
export function neighbours(course: CatalogCourse, slug: string): { previous?: Lesson; next?: Lesson } {
  const index = course.lessons.findIndex((l) => l.slug === slug);
  if (index < 0) return {};
  return { previous: course.lessons[index - 1], next: course.lessons[index + 1] };
}

/** The quiz a lesson shows to a reader of `locale` (from the translation they see), if any. */
export function lessonQuiz(
  course: CatalogCourse,
  slug: string,
  locale: Locale,
  chain: readonly Locale[],
): { lesson: Lesson; quizId: string } | undefined {
  const lesson = course.lessons.find((l) => l.slug === slug);
  if (!lesson) return undefined;
  const quizId = pickTranslation(lesson, locale, chain).source.meta.quiz;
  return quizId && course.quizzes[quizId] ? { lesson, quizId } : undefined;
}

/** The assignment a lesson shows to a reader of `locale` (from the translation they see), if any. */
export function lessonAssignment(
  course: CatalogCourse,
  slug: string,
  locale: Locale,
  chain: readonly Locale[],
): { lesson: Lesson; assignmentId: string; assignment: Assignment } | undefined {
  const lesson = course.lessons.find((l) => l.slug === slug);
  if (!lesson) return undefined;
  const assignmentId = pickTranslation(lesson, locale, chain).source.meta.assignment;
  const assignment = assignmentId ? course.assignments[assignmentId] : undefined;
  return assignmentId && assignment ? { lesson, assignmentId, assignment } : undefined;
}

/**
 * The lesson whose page shows an assignment to a reader of `locale`: the first in reading order
 * whose translation (the one they see) names it. Undefined when no page of theirs names it.
 */
export function assignmentLesson(
  course: CatalogCourse,
  assignmentId: string,
  locale: Locale,
  chain: readonly Locale[],
): Lesson | undefined {
  return course.lessons.find((l) => pickTranslation(l, locale, chain).source.meta.assignment === assignmentId);
}

/** Course and lesson of a quiz address `/{locale}/courses/{course}/{lesson}/quiz`. */
export function parseQuizPath(path: string): { course: string; lesson: string } | undefined {
  const match = /^\/[a-z]{2}\/courses\/([a-z0-9-]+)\/([a-z0-9-]+)\/quiz$/.exec(path);
  return match ? { course: match[1]!, lesson: match[2]! } : undefined;
}
