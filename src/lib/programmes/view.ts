/** Names a programme page shows, in the reader's language (decision 047). Pure. */
import type { CatalogProgramme } from '#lib/courses/catalog.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { pickText } from '#lib/i18n/pick-text.ts';
import type { ProgrammeAssignment } from './completion.ts';

/** A course of the path by its title (its folder name when the site no longer has it). */
export function courseTitleIn(programme: CatalogProgramme, slug: string, locale: Locale, chain: readonly Locale[]) {
  return pickText(programme.courses.find((c) => c.slug === slug)?.data.title, locale, chain) || slug;
}

/** "Course: assignment title" for each piece of work, joined by "; ". */
export function workTitles(
  programme: CatalogProgramme,
  work: readonly ProgrammeAssignment[],
  locale: Locale,
  chain: readonly Locale[],
): string {
  return work
    .map((a) => {
      const course = programme.courses.find((c) => c.slug === a.course);
      const title = pickText(course?.assignments[a.assignment]?.title, locale, chain) || a.assignment;
      return `${courseTitleIn(programme, a.course, locale, chain)}: ${title}`;
    })
    .join('; ');
}
