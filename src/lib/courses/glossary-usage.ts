/**
 * The glossary page of one language: every entry shown there (not the interface words), with its
 * preferred form, definition, the forms to avoid and the lessons of that language that use it.
 */
import type { Locale } from '#lib/i18n/locales.ts';
import { usesTerm } from './glossary-match.ts';
import type { Glossary } from './glossary-schema.ts';

/** A lesson file as the page needs it: where it is, its title and its MDX text. */
export interface LessonText {
  course: string;
  slug: string;
  locale: Locale;
  title: string;
  body: string;
}

export interface GlossaryRow {
  id: string;
  term: string;
  definition: string;
  avoid: readonly string[];
  lessons: { course: string; slug: string; title: string }[];
}

/** The rows of the page in `locale`, sorted by term in that language's order. */
export function glossaryRows(glossary: Glossary, lessons: readonly LessonText[], locale: Locale): GlossaryRow[] {
  const own = lessons.filter((l) => l.locale === locale);
  return Object.entries(glossary)
    .flatMap(([id, entry]) => {
      const form = entry[locale];
      if (!entry.page || !form) return [];
      const using = own
        .filter((l) => usesTerm(`${l.title}\n${l.body}`, id, glossary, locale))
        .map(({ course, slug, title }) => ({ course, slug, title }));
      return [{ id, term: form.term, definition: form.definition, avoid: form.avoid, lessons: using }];
    })
    .sort((a, b) => a.term.localeCompare(b.term, locale));
}
