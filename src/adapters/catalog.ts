/**
 * Reads the content collections into the plain catalogue of src/lib/courses/catalog.ts: the
 * one adapter between Astro's content API and the domain. Routes and the middleware call it
 * and hand the courses to domain functions, which never read collections themselves (so they
 * run in tests and the command line without Astro).
 */
import { getCollection } from 'astro:content';
import { assembleCourse, type CatalogCourse, type CatalogProgramme, type LessonSource } from '#lib/courses/catalog.ts';
import { parseLessonPath } from '#lib/courses/paths.ts';
import type { Quiz } from '#lib/courses/schema.ts';
import type { Assignment } from '#lib/courses/assignment-schema.ts';

let cache: Promise<CatalogCourse[]> | undefined;

async function loadAll(): Promise<CatalogCourse[]> {
  const [courses, lessons, quizzes, assignments, origins, frameworkEntries, programmeEntries] = await Promise.all([
    getCollection('courses'),
    getCollection('lessons'),
    getCollection('quizzes'),
    getCollection('assignments'),
    getCollection('origins'),
    getCollection('frameworks'),
    getCollection('programmes'),
  ]);
  const frameworks = frameworkEntries.map((f) => ({ id: f.id, data: f.data }));
  const sources: LessonSource[] = [];
  for (const entry of lessons) {
    const where = parseLessonPath(entry.id);
    if ('error' in where) throw new Error(`${entry.filePath}: ${where.error}`);
    sources.push({ ...where, entryId: entry.id, meta: entry.data });
  }
  const catalog = courses
    .map((course): CatalogCourse => {
      const quizMap: Record<string, Quiz> = {};
      for (const q of quizzes) {
        const [owner, , id] = q.id.split('/');
        if (owner === course.id && id) quizMap[id] = q.data;
      }
      const assignmentMap: Record<string, Assignment> = {};
      for (const a of assignments) {
        const [owner, , id] = a.id.split('/');
        if (owner === course.id && id) assignmentMap[id] = a.data;
      }
      const assembled = assembleCourse(
        course.id,
        course.data,
        sources.filter((s) => s.course === course.id),
        quizMap,
        assignmentMap,
      );
      const origin = origins.find((o) => o.id === course.id)?.data.origin;
      return origin ? { ...assembled, origin, frameworks } : { ...assembled, frameworks };
    })
    .sort((a, b) => a.slug.localeCompare(b.slug));
  return linkProgrammes(
    catalog,
    programmeEntries.map((p) => ({ id: p.id, data: p.data })),
  );
}

/** Gives each programme its courses and each course the programmes through it (decision 047). */
function linkProgrammes(
  catalog: CatalogCourse[],
  entries: readonly { id: string; data: CatalogProgramme['data'] }[],
): CatalogCourse[] {
  const bySlug = new Map(catalog.map((c) => [c.slug, c]));
  programmes = entries
    .map((p) => ({ ...p, courses: p.data.courses.flatMap((slug) => bySlug.get(slug) ?? []) }))
    .sort((a, b) => a.id.localeCompare(b.id));
  for (const course of catalog) {
    const through = programmes.filter((p) => p.courses.includes(course));
    if (through.length) course.programmes = through;
  }
  return catalog;
}

let programmes: CatalogProgramme[] = [];

/** Every programme (`courses/_programmes/`), with its courses in path order. */
export async function loadProgrammes(): Promise<CatalogProgramme[]> {
  await loadCatalog();
  return programmes;
}

/** The programme with this id, if there is one. */
export async function findProgramme(id: string): Promise<CatalogProgramme | undefined> {
  return (await loadProgrammes()).find((p) => p.id === id);
}

/** Every course, in a stable order. Loaded once per process. */
export function loadCatalog(): Promise<CatalogCourse[]> {
  cache ??= loadAll();
  return cache;
}

/** The course with this slug, if there is one. */
export async function findCourse(slug: string): Promise<CatalogCourse | undefined> {
  return (await loadCatalog()).find((c) => c.slug === slug);
}

/** A course and one of its assignments, as a route names them; undefined when either is missing (404). */
export async function findCourseAssignment(
  courseSlug: string | undefined,
  assignmentId: string | undefined,
): Promise<{ course: CatalogCourse; assignmentId: string; assignment: Assignment } | undefined> {
  const course = await findCourse(courseSlug ?? '');
  const assignment = assignmentId ? course?.assignments[assignmentId] : undefined;
  return course && assignmentId && assignment ? { course, assignmentId, assignment } : undefined;
}
