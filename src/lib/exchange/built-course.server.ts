/**
 * What every package for another LMS starts from: the course's files in `courses/` and its lessons
 * as Oqu built them (`dist/client/<locale>/courses/<course>/<lesson>/`), the site's stylesheets
 * those pages use, and a zip writer. Shared by the SCORM (scorm-package.server.ts) and Common
 * Cartridge (cc-package.server.ts) exports.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ZipFile } from 'yazl';
import { readCourseContents } from '#lib/courses/content-files.ts';
import { parseLessonPath } from '#lib/courses/paths.ts';
import type { Course, Quiz } from '#lib/courses/schema.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { paths } from '#lib/i18n/urls.ts';
import type { PackageAsset } from './package-paths.ts';

export class ExportError extends Error {}

/** A course file a lesson links that the build lacks (readLessonAssets); the message names both. */
export class MissingFileError extends ExportError {}

export interface BuiltCourse {
  slug: string;
  locale: Locale;
  data: Course;
  quizzes: Record<string, Quiz>;
  /** Lesson slugs in reading order. */
  lessons: readonly string[];
  /** The module folder of each lesson. */
  moduleOf: Map<string, string>;
  /** `dist/client`. */
  client: string;
  /** Built path prefix of the course's lessons, e.g. `/en/courses/urbanism/`. */
  lessonPrefix: string;
  /** Package file of each lesson (`NN-slug.html`, ASCII). */
  lessonFiles: Map<string, string>;
  /** The built page of a lesson. */
  html: (lesson: string) => string;
}

/** The course `slug` and its built lessons in `locale`; throws ExportError with a message to act on. */
export function readBuiltCourse(projectRoot: string, slug: string, locale: Locale): BuiltCourse {
  const course = readCourseContents(join(projectRoot, 'courses')).find((c) => c.slug === slug);
  if (!course) throw new ExportError(`There is no course "${slug}" in courses/.`);
  const client = join(projectRoot, 'dist', 'client');
  const built = (lesson: string) => join(client, paths.lesson(locale, slug, lesson), 'index.html');
  const missing = course.lessons.filter((l) => !existsSync(built(l)));
  if (missing.length === course.lessons.length)
    throw new ExportError(`No built lessons of ${slug} in ${locale}: run \`npm run build\` first.`);
  if (missing.length) throw new ExportError(`Lessons not built in ${locale}: ${missing.join(', ')}.`);
  const moduleOf = new Map<string, string>();
  for (const { folder } of course.data.modules) {
    const dir = join(projectRoot, 'courses', slug, folder);
    for (const file of existsSync(dir) ? readdirSync(dir) : []) {
      const where = parseLessonPath(`${slug}/${folder}/${file}`);
      if (!('error' in where) && !moduleOf.has(where.slug)) moduleOf.set(where.slug, folder);
    }
  }
  return {
    slug,
    locale,
    data: course.data,
    quizzes: course.quizzes,
    lessons: course.lessons,
    moduleOf,
    client,
    lessonPrefix: paths.course(locale, slug),
    lessonFiles: new Map(course.lessons.map((l, i) => [l, `${String(i + 1).padStart(2, '0')}-${l}.html`])),
    html: (lesson) => readFileSync(built(lesson), 'utf8'),
  };
}

/**
 * The course files a lesson page links, read from the build, by their names in the package. A
 * file the page links but the build lacks is an error naming the lesson and the file: a package
 * with a broken image or a missing handout is worse than none.
 */
export function readLessonAssets(
  course: BuiltCourse,
  lesson: string,
  assets: readonly PackageAsset[],
): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const asset of assets) {
    const source = join(course.client, asset.source);
    if (!statSync(source, { throwIfNoEntry: false })?.isFile())
      throw new MissingFileError(
        `Lesson "${lesson}" (${course.locale}) links ${asset.source}, which the build does not hold: ` +
          `put the file in courses/${course.slug}/assets/ (or fix the lesson's link) and run \`npm run build\` again.`,
      );
    files.set(asset.file, readFileSync(source));
  }
  return files;
}

/** The site's stylesheets a built page links (`/_astro/*.css`). */
export function pageStyles(html: string): string[] {
  return [...html.matchAll(/<link rel="stylesheet" href="(\/_astro\/[^"]+\.css)"/g)].map((m) => m[1]!);
}

/** The files as one zip (fixed times, so the same course gives the same bytes). */
export function zipBytes(files: Map<string, Buffer | string>): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, data] of files) zip.addBuffer(Buffer.from(data), name, { mtime: new Date(Date.UTC(2026, 0, 1)) });
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}
