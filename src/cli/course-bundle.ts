/**
 * `oqu export-course <course> [file]` and `oqu import-course <file> [--as name] [--replace]`:
 * a course as one file that another Oqu host can import (src/lib/courses/bundle.ts), or, with
 * `--format scorm12|scorm2004|cc`, as a SCORM package or an IMS Common Cartridge for other LMSs
 * (src/lib/exchange/).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import {
  BundleError,
  bundleFileName,
  bundleOutline,
  exportCourse,
  importCourse,
  MAX_BUNDLE_BYTES,
  readBundle,
} from '#lib/courses/bundle.ts';
import { droppedProgress, installedOutline, type DroppedProgress } from '#lib/courses/dropped-progress.server.ts';
import { droppedLessons } from '#lib/courses/renames.ts';
import { closeDatabase, createDatabase, filePathOf, isFileUrl, resolveDatabaseUrl } from '#db/client.ts';
import { KEEP_REPLACED } from '#lib/courses/bundle-install.ts';
import type { CarriedFrameworks } from '#lib/courses/bundle-frameworks.ts';
import { FRAMEWORKS_FOLDER } from '#lib/courses/framework-schema.ts';
import { SCORM_VERSIONS, type ScormVersion } from '#lib/exchange/scorm-manifest.ts';
import { ExportError, exportScorm } from '#lib/exchange/scorm-package.server.ts';
import { exportCommonCartridge } from '#lib/exchange/cc-package.server.ts';
import { isLocale } from '#lib/i18n/locales.ts';
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

const EXPORT_USAGE =
  'usage: npm run oqu -- export-course <course> [file] [--format oqu|scorm12|scorm2004|cc] [--locale kk|ru|en]\n' +
  '  (default: an Oqu bundle, <course>.oqu-course.json.gz;\n' +
  '   scorm12, scorm2004: <course>-<locale>.<format>.zip; cc: <course>-<locale>.imscc (IMS Common Cartridge 1.1);\n' +
  '   both made from the built site: run npm run build first)';

/** `--format scorm12|scorm2004`: a package for Moodle, Canvas and other LMSs, from the built lessons. */
async function exportScormPackage(
  projectRoot: string,
  slug: string,
  options: { locale: string; version: ScormVersion },
  file?: string,
): Promise<number> {
  const { locale, version } = options;
  if (!isLocale(locale)) {
    console.error(`--locale must be kk, ru or en, not "${locale}".`);
    return 2;
  }
  const site = loadSiteConfigFile(projectRoot);
  const result = await exportScorm(projectRoot, slug, locale, { baseUrl: site.baseUrl, version });
  const out = resolve(file ?? `${slug}-${locale}.${version}.zip`);
  writeFileSync(out, result.bytes);
  console.log(
    `Exported ${slug} (${locale}) as ${version === 'scorm12' ? 'SCORM 1.2' : 'SCORM 2004 4th edition'}: ` +
      `${result.lessons} lessons, ${result.quizzes} quizzes, ${Math.round(result.bytes.length / 1024)} KB, to ${out}`,
  );
  if (result.quizzes)
    console.log('Note: the quizzes are graded inside the package, so their answer keys travel in it.');
  return 0;
}

/** `--format cc`: an IMS Common Cartridge 1.1, from the built lessons; says what it could not carry. */
async function exportCartridge(projectRoot: string, slug: string, locale: string, file?: string): Promise<number> {
  if (!isLocale(locale)) {
    console.error(`--locale must be kk, ru or en, not "${locale}".`);
    return 2;
  }
  const site = loadSiteConfigFile(projectRoot);
  const result = await exportCommonCartridge(projectRoot, slug, locale, {
    baseUrl: site.baseUrl,
    site: localize(site.name, locale),
  });
  const out = resolve(file ?? `${slug}-${locale}.imscc`);
  writeFileSync(out, result.bytes);
  console.log(
    `Exported ${slug} (${locale}) as IMS Common Cartridge 1.1: ${result.lessons} lessons, ${result.quizzes} quizzes ` +
      `(QTI), ${result.links} web links, ${Math.round(result.bytes.length / 1024)} KB, to ${out}`,
  );
  for (const { quiz, questions } of result.skipped)
    console.log(
      `Not carried (Common Cartridge 1.1 has no such question type): quiz ${quiz}, ` +
        questions.map((q) => `${q.question} (${q.type})`).join(', '),
    );
  for (const { quiz, maxAttempts } of result.attemptsNotCarried)
    console.log(`Quiz ${quiz} allows ${maxAttempts} attempts; Common Cartridge knows 1 to 5, so it says unlimited.`);
  if (result.quizzes)
    console.log("Note: Common Cartridge has no pass mark: set each quiz's pass mark in the receiving LMS.");
  return 0;
}

export async function runExportCourse(projectRoot: string, args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string', default: 'oqu' }, locale: { type: 'string', default: 'ru' } },
  });
  const [slug, file] = positionals;
  const format = values.format as 'oqu' | 'cc' | ScormVersion;
  if (!slug || !['oqu', 'cc', ...SCORM_VERSIONS].includes(format)) {
    console.error(EXPORT_USAGE);
    return 2;
  }
  if (format !== 'oqu') {
    try {
      if (format === 'cc') return await exportCartridge(projectRoot, slug, values.locale, file);
      return await exportScormPackage(projectRoot, slug, { locale: values.locale, version: format }, file);
    } catch (error) {
      console.error(error instanceof ExportError ? error.message : `The export failed: ${(error as Error).message}`);
      return 1;
    }
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
    options: {
      as: { type: 'string' },
      replace: { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
    },
  });
  const [file] = positionals;
  if (!file) {
    console.error('usage: npm run oqu -- import-course <file> [--as <course>] [--replace [--yes]]');
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
    const dropped = values.replace ? await progressLeftBehind(projectRoot, bytes, values.as) : null;
    if (dropped && dropped.trainees > 0) {
      const what =
        `The new version of the course no longer has the lesson(s) ${dropped.lessons.join(', ')}: the progress of ` +
        `${dropped.trainees} trainee(s) on them would no longer count (certificates already issued stay).`;
      if (!values.yes) {
        console.error(
          `${what} Nothing was imported. If a lesson was renamed, list its old name under \`formerly:\` in the ` +
            `renamed lesson's front matter (docs/authoring.md) and export the course again; to import it as it is, ` +
            `add --yes.`,
        );
        return 1;
      }
      console.log(`${what} Importing anyway (--yes).`);
    }
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
    for (const line of frameworkLines(result.frameworks, join(projectRoot, 'courses', FRAMEWORKS_FOLDER)))
      console.log(line);
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

/** What the import did with the competency frameworks the bundle carries (decision 034). */
function frameworkLines({ installed, kept }: CarriedFrameworks, folder: string): string[] {
  const version = (v: string | null) => (v ? ` (version ${v})` : '');
  return [
    ...(installed.length
      ? [
          `Installed the competency framework${installed.length > 1 ? 's' : ''} it carries: ${installed.join(', ')} ` +
            `(in ${folder}).`,
        ]
      : []),
    ...kept.map(
      (k) =>
        `Kept this host's own competency framework ${k.id}${version(k.version)}; the copy the bundle carries` +
        `${version(k.carriedVersion)} was not installed: this host's frameworks already define every competency the ` +
        `course names.`,
    ),
  ];
}

/**
 * What replacing the installed course with the bundle's would leave behind: its lessons the new
 * version neither keeps nor lists under `formerly:`, and how many trainees have progress on
 * them (read from the database without its lock: a running server is fine). Null when there
 * is no installed course of that name.
 */
async function progressLeftBehind(projectRoot: string, bytes: Buffer, as?: string): Promise<DroppedProgress | null> {
  const bundle = readBundle(bytes);
  const slug = as ?? bundle.course;
  const current = installedOutline(join(projectRoot, 'courses', slug), slug);
  if (current.lessons.length === 0) return null;
  const next = bundleOutline(bundle, slug);
  const lessons = droppedLessons(current, next);
  const url = resolveDatabaseUrl();
  if (lessons.length === 0 || (isFileUrl(url) && !existsSync(filePathOf(url)))) return { lessons, trainees: 0 };
  const db = await createDatabase();
  try {
    return await droppedProgress(db, slug, current, next);
  } finally {
    closeDatabase(db);
  }
}
