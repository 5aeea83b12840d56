/**
 * Reads the glossary collection (courses/_glossary.yaml) and the lessons' texts for the glossary
 * page and the `<Term id>` component: the adapter between Astro's content API and
 * src/lib/glossary, which never reads collections itself.
 */
import { getCollection } from 'astro:content';
import { parseLessonPath } from '#lib/courses/paths.ts';
import type { Glossary } from '#lib/courses/glossary-schema.ts';
import type { LessonText } from '#lib/courses/glossary-usage.ts';

let cache: Promise<Glossary> | undefined;

/** The glossary by id (empty when the curriculum has none). Loaded once per process. */
export function loadGlossary(): Promise<Glossary> {
  cache ??= getCollection('glossary').then((entries) => Object.fromEntries(entries.map(({ id, data }) => [id, data])));
  return cache;
}

/** Every lesson file's course, name, language, title and MDX text. */
export async function loadLessonTexts(): Promise<LessonText[]> {
  const out: LessonText[] = [];
  for (const entry of await getCollection('lessons')) {
    const where = parseLessonPath(entry.id);
    if ('error' in where) continue;
    out.push({
      course: where.course,
      slug: where.slug,
      locale: where.locale,
      title: entry.data.title,
      body: entry.body ?? '',
    });
  }
  return out;
}
