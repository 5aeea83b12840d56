/**
 * The parts of each course that the database's dashboard counts depend on (lesson slugs,
 * quizzes, and the course.yaml), read straight from the files in `courses/`, for
 * command-line steps that run outside Astro: `oqu prepare` (before the server starts) and
 * the benchmark seed. The site
 * itself reads the same files through its content collections (load.ts); both give the same
 * outline digest (course-counts.server.ts), so the server finds the counts already in line.
 * Expects a tree that `npm run validate` accepts (the build checks it first).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { CourseContent } from './catalog.ts';
import { parseLessonPath } from './paths.ts';
import { courseSchema, quizSchema, type Course, type Quiz } from './schema.ts';
import { formerlyOf, renamesOf, type LessonOutline } from './renames.ts';

const isDir = (path: string) => existsSync(path) && statSync(path).isDirectory();

/**
 * Every course under `coursesDir` (folders with a course.yaml), in folder order, lessons in reading order, with its
 * course.yaml.
 */
export function readCourseContents(coursesDir: string): (CourseContent & { data: Course })[] {
  return courseFolders(coursesDir).map((slug) => {
    const dir = join(coursesDir, slug);
    const course = courseSchema.parse(parseYaml(readFileSync(join(dir, 'course.yaml'), 'utf8')));
    const files = course.modules
      .filter(({ folder }) => isDir(join(dir, folder)))
      .flatMap(({ folder }) =>
        readdirSync(join(dir, folder))
          .sort()
          .map((file) => ({
            path: `${folder}/${file}`,
            text: () => readFileSync(join(dir, folder, file), 'utf8'),
          })),
      );
    const { lessons, renamed } = lessonOutline(slug, files);
    const quizDir = join(dir, 'quizzes');
    const quizzes: Record<string, Quiz> = {};
    if (isDir(quizDir)) {
      for (const file of readdirSync(quizDir).sort()) {
        const id = /^(.+)\.ya?ml$/.exec(file)?.[1];
        if (id) quizzes[id] = quizSchema.parse(parseYaml(readFileSync(join(quizDir, file), 'utf8')));
      }
    }
    return { slug, lessons, quizzes, renamed, data: course };
  });
}

/**
 * The lessons of one course and the former names they declare, from its files (`path` relative
 * to the course folder, `01-basics/01-plan.kk.mdx`): what `oqu prepare` syncs and what
 * `oqu import-course` compares (renames.ts).
 */
export function lessonOutline(
  course: string,
  files: readonly { path: string; text: () => string }[],
): LessonOutline & { lessons: string[] } {
  const lessons = new Map<string, string[]>();
  for (const { path, text } of files) {
    const slug = lessonSlugOf(course, path);
    if (slug) lessons.set(slug, [...(lessons.get(slug) ?? []), ...formerlyOf(frontMatter(text()))]);
  }
  const renamed = renamesOf([...lessons].map(([slug, formerly]) => ({ slug, formerly })));
  return { lessons: [...lessons.keys()], renamed };
}

/**
 * The lesson a file of course `course` is a language of (`01-basics/01-plan.kk.mdx` → `plan`), or
 * null for any other file (course.yaml, quizzes, assignments, trainer notes, images).
 */
export function lessonSlugOf(course: string, path: string): string | null {
  if (!/^[^/]+\/[^/]+\.mdx?$/.test(path)) return null;
  const where = parseLessonPath(`${course}/${path.replace(/\.mdx?$/, '')}`);
  return 'error' in where ? null : where.slug;
}

/** A lesson file's front matter, or null when it has none or it is not YAML (validation says so). */
function frontMatter(text: string): unknown {
  const match = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(text);
  if (!match) return null;
  try {
    return parseYaml(match[1] ?? '') as unknown;
  } catch {
    return null;
  }
}

/**
 * The course folders of `coursesDir`, sorted: folders with a course.yaml (not `_frameworks/`, `_programmes/` or
 * `_glossary.yaml`), and not a dot folder (an import in progress or a course set aside, bundle-install.ts).
 */
export function courseFolders(coursesDir: string): string[] {
  if (!isDir(coursesDir)) return [];
  return readdirSync(coursesDir)
    .filter((slug) => !slug.startsWith('.') && existsSync(join(coursesDir, slug, 'course.yaml')))
    .sort();
}
