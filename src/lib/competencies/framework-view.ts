/**
 * What the public page of a framework shows (decision 034): its competencies in reading order,
 * groups as headings, each with its texts in the reader's language, its outside alignments, and
 * the courses that develop it. Pure; the page feeds it the framework and the catalogue.
 */
import type { Framework } from '#lib/courses/framework-schema.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { pickText, type Localized } from '#lib/i18n/pick-text.ts';
import { coursesDeveloping, type AssessingCourse } from './rule.ts';

export interface CompetencyView {
  id: string;
  title: string;
  description: string;
  alignments: { framework: string; name: string; url: string; code?: string }[];
  courses: { slug: string; title: string }[];
}

export interface GroupView {
  /** Null for the competencies that belong to no group. */
  group: { id: string; title: string; description: string } | null;
  competencies: CompetencyView[];
}

/** The competencies of a framework grouped under their parents (top-level ones without children last). */
export function frameworkView(
  framework: Framework,
  courses: readonly (AssessingCourse & { data: { title: Localized<string> } })[],
  locale: Locale,
  chain: readonly Locale[],
): GroupView[] {
  const text = (v: Localized<string>) => pickText(v, locale, chain);
  const list = framework.competencies;
  const view = (c: (typeof list)[number]): CompetencyView => ({
    id: c.id,
    title: text(c.title),
    description: text(c.description),
    alignments: (c.alignments ?? []).map((a) => ({ ...a })),
    courses: coursesDeveloping(courses, c.id).map((slug) => ({
      slug,
      title: text(courses.find((k) => k.slug === slug)?.data.title ?? {}),
    })),
  });
  const parents = new Set(list.map((c) => c.parent).filter(Boolean));
  const groups: GroupView[] = list
    .filter((c) => parents.has(c.id))
    .map((g) => ({
      group: { id: g.id, title: text(g.title), description: text(g.description) },
      competencies: list.filter((c) => c.parent === g.id).map(view),
    }));
  const loose = list.filter((c) => !c.parent && !parents.has(c.id)).map(view);
  return loose.length ? [...groups, { group: null, competencies: loose }] : groups;
}
