/**
 * Which courses a copy offers (decision 030): the configuration's `courses.hidden` and
 * `courses.archived` lists. A hidden course is kept out of the catalogue, search and sitemap
 * but stays open; an archived one is kept out the same way and takes no new enrolments.
 * Neither loses anything: enrolments, progress and certificates stay, and so do the reports.
 */
import { closest } from './nearest.ts';

/** How a copy offers a course. */
export type CourseState = 'listed' | 'hidden' | 'archived';

/** The configuration's `courses:` lists. */
export interface CourseStates {
  hidden: readonly string[];
  archived: readonly string[];
}

/** The state of the course in folder `slug`. */
export function courseState(states: CourseStates, slug: string): CourseState {
  if (states.archived.includes(slug)) return 'archived';
  if (states.hidden.includes(slug)) return 'hidden';
  return 'listed';
}

/** The courses the catalogue, search and sitemap show. */
export function listedCourses<C extends { slug: string }>(courses: readonly C[], states: CourseStates): C[] {
  return courses.filter((c) => courseState(states, c.slug) === 'listed');
}

/** Whether someone not yet enrolled may enrol (or start making progress) in the course. */
export function acceptsEnrolments(states: CourseStates, slug: string): boolean {
  return courseState(states, slug) !== 'archived';
}

/** A name in `courses.hidden` or `courses.archived` that is no course folder, with the nearest one. */
export interface UnknownCourseName {
  key: 'courses.hidden' | 'courses.archived';
  name: string;
  /** The course folder it was probably meant to be, when one is close. */
  probably?: string;
}

/**
 * The names in the configuration's lists that match no folder of courses/ (a typo would
 * otherwise leave the course listed, or open to enrolments, without a word).
 */
export function unknownCourseNames(states: CourseStates, folders: readonly string[]): UnknownCourseName[] {
  const known = new Set(folders);
  return (['hidden', 'archived'] as const).flatMap((list) =>
    states[list]
      .filter((name) => !known.has(name))
      .map((name) => ({ key: `courses.${list}` as const, name, probably: closest(name, folders) })),
  );
}

/** What start-up says about one (the server log is in English). */
export function unknownCourseMessage(configFile: string, unknown: UnknownCourseName): string {
  const meant = unknown.probably ? ` (did you mean "${unknown.probably}"?)` : '';
  return (
    `Site configuration ${configFile}: ${unknown.key} names "${unknown.name}", which is not a course folder in ` +
    `courses/${meant}. Correct the name, or remove it from the list, then run \`npm run build\` and start again.`
  );
}
