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

const isDir = (path: string) => existsSync(path) && statSync(path).isDirectory();

/**
 * Every course under `coursesDir` (folders with a course.yaml), in folder order, lessons in reading order, with its
 * course.yaml.
 */
export function readCourseContents(coursesDir: string): (CourseContent & { data: Course })[] {
  if (!isDir(coursesDir)) return [];
  return (
    readdirSync(coursesDir)
      .sort()
      // A dot folder is an import in progress or a course being set aside (bundle-install.ts).
      .filter((slug) => !slug.startsWith('.') && existsSync(join(coursesDir, slug, 'course.yaml')))
      .map((slug) => {
        const dir = join(coursesDir, slug);
        const course = courseSchema.parse(parseYaml(readFileSync(join(dir, 'course.yaml'), 'utf8')));
        const lessons = new Set<string>();
        for (const { folder } of course.modules) {
          if (!isDir(join(dir, folder))) continue;
          for (const file of readdirSync(join(dir, folder)).sort()) {
            if (!/\.mdx?$/.test(file)) continue;
            const where = parseLessonPath(`${slug}/${folder}/${file.replace(/\.mdx?$/, '')}`);
            if (!('error' in where)) lessons.add(where.slug);
          }
        }
        const quizDir = join(dir, 'quizzes');
        const quizzes: Record<string, Quiz> = {};
        if (isDir(quizDir)) {
          for (const file of readdirSync(quizDir).sort()) {
            const id = /^(.+)\.ya?ml$/.exec(file)?.[1];
            if (id) quizzes[id] = quizSchema.parse(parseYaml(readFileSync(join(quizDir, file), 'utf8')));
          }
        }
        return { slug, lessons: [...lessons], quizzes, data: course };
      })
  );
}
