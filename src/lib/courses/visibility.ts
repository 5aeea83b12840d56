/**
 * Which courses a copy offers (decision 030): the configuration's `courses.hidden` and
 * `courses.archived` lists. A hidden course is kept out of the catalogue, search and sitemap
 * but stays open; an archived one is kept out the same way and takes no new enrolments.
 * Neither loses anything: enrolments, progress and certificates stay, and so do the reports.
 */

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
