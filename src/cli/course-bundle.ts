/**
 * `oqu export-course <course> [file]` and `oqu import-course <file> [--as name] [--replace]`:
 * a course as one file that another Oqu host can import (src/lib/courses/bundle.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BundleError, bundleFileName, exportCourse, importCourse, MAX_BUNDLE_BYTES } from '#lib/courses/bundle.ts';
import { KEEP_REPLACED } from '#lib/courses/bundle-install.ts';
import { loadSiteConfigFile, localize } from '#lib/site/config.ts';

/** Prints a refusal (or an unexpected failure's message, never a stack trace) and returns 1. */
function refuse(error: unknown): number {
  console.error(
    error instanceof BundleError
      ? error.message
      : `The course step failed: ${(error as Error)?.message ?? String(error)}`,
  );
  return 1;
}

export async function runExportCourse(projectRoot: string, args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true });
  const [slug, file] = positionals;
  if (!slug) {
    console.error('usage: npm run oqu -- export-course <course> [file]   (default file: <course>.oqu-course.json.gz)');
    return 2;
  }
  try {
    const site = loadSiteConfigFile(projectRoot);
    const { bundle, bytes } = await exportCourse(join(projectRoot, 'courses'), slug, {
      site: localize(site.name, 'en'),
      baseUrl: site.baseUrl,
    });
    const out = resolve(file ?? bundleFileName(slug));
    writeFileSync(out, bytes);
    console.log(
      `Exported ${slug}: ${bundle.files.length} files, ${Math.round(bytes.length / 1024)} KB, version ` +
        `${bundle.courseVersion.slice(0, 12)}, to ${out}`,
    );
    return 0;
  } catch (error) {
    return refuse(error);
  }
}

export async function runImportCourse(projectRoot: string, args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { as: { type: 'string' }, replace: { type: 'boolean', default: false } },
  });
  const [file] = positionals;
  if (!file) {
    console.error('usage: npm run oqu -- import-course <file> [--as <course>] [--replace]');
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolve(file));
  } catch (error) {
    console.error(`Could not read ${file}: ${(error as Error).message}`);
    return 1;
  }
  if (bytes.length > MAX_BUNDLE_BYTES)
    return refuse(
      new BundleError(`${file} is too big for a course bundle (at most ${MAX_BUNDLE_BYTES / 1024 / 1024} MB).`),
    );
  try {
    const data = join(projectRoot, 'data');
    const result = await importCourse(join(projectRoot, 'courses'), bytes, {
      as: values.as,
      replace: values.replace,
      keepDir: join(data, 'replaced-courses'),
      stagingDir: join(data, 'course-imports'),
    });
    if (result.unchanged) {
      console.log(
        `The course ${result.course} is already here in this version (${result.courseVersion.slice(0, 12)}): nothing ` +
          `to do.`,
      );
      return 0;
    }
    console.log(
      `Imported ${result.course}: ${result.files} files (${result.lessons} lesson files, ${result.quizzes} quizzes, ` +
        `${result.assignments} assignments), ` +
        `version ${result.courseVersion.slice(0, 12)}.`,
    );
    if (result.keptAt)
      console.log(
        `The course it replaced is kept in ${result.keptAt} (the newest ${KEEP_REPLACED} replaced copies of each ` +
          `course are kept).`,
      );
    console.log('Publish it with `npm run build` and a restart (or `npm start`).');
    return 0;
  } catch (error) {
    return refuse(error);
  }
}
