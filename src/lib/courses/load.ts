/**
 * Reads the content collections into the plain catalogue of catalog.ts. The only module under
 * src/lib that knows Astro's content API.
 */
import { getCollection } from 'astro:content';
import { assembleCourse, type CatalogCourse, type LessonSource } from './catalog.ts';
import { parseLessonPath } from './paths.ts';
import type { Quiz } from './schema.ts';

let cache: Promise<CatalogCourse[]> | undefined;

async function loadAll(): Promise<CatalogCourse[]> {
  const [courses, lessons, quizzes] = await Promise.all([
    getCollection('courses'),
    getCollection('lessons'),
    getCollection('quizzes'),
  ]);
  const sources: LessonSource[] = [];
  for (const entry of lessons) {
    const where = parseLessonPath(entry.id);
    if ('error' in where) throw new Error(`${entry.filePath}: ${where.error}`);
    sources.push({ ...where, entryId: entry.id, meta: entry.data });
  }
  return courses
    .map((course) => {
      const quizMap: Record<string, Quiz> = {};
      for (const q of quizzes) {
        const [owner, , id] = q.id.split('/');
        if (owner === course.id && id) quizMap[id] = q.data;
      }
      return assembleCourse(course.id, course.data, sources.filter((s) => s.course === course.id), quizMap);
    })
    .sort((a, b) => a.slug.localeCompare(b.slug));
}

/** Every course, in a stable order. Loaded once per process. */
export function loadCatalog(): Promise<CatalogCourse[]> {
  cache ??= loadAll();
  return cache;
}

export async function findCourse(slug: string): Promise<CatalogCourse | undefined> {
  return (await loadCatalog()).find((c) => c.slug === slug);
}
