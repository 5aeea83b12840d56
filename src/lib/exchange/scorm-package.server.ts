/**
 * A course as a SCORM package (1.2 or 2004 4th edition; a zip) for another LMS, made from the built site: each
 * lesson page as Oqu rendered it (scorm-page.ts), the site's styles, the course's files, the
 * runtime script that reports to the LMS (src/package-runtime/scorm.ts, bundled here), the
 * manifest (scorm-manifest.ts) and its schema files. Run after `npm run build`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rolldown } from 'rolldown';
import { pickLocalized } from '#lib/i18n/pick-text.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { translate } from '#lib/i18n/t.ts';
import { pageStyles, readBuiltCourse, readLessonAssets, zipBytes } from './built-course.server.ts';
import { itemRollup, SCORM_SCHEMAS, scormManifest, type ScormItem, type ScormVersion } from './scorm-manifest.ts';
import { scormLessonPage } from './scorm-page.ts';

export { ExportError } from './built-course.server.ts';

export interface ScormExport {
  bytes: Buffer;
  lessons: number;
  quizzes: number;
}

/*
 * Found from the project's root, not from this file: on the server this module runs from the
 * built bundle in dist/server/.
 */
const runtimeEntry = (root: string) => join(root, 'src', 'package-runtime', 'scorm.ts');
const schemaDir = (root: string) => join(root, 'src', 'lib', 'exchange', 'schemas');

/** The package runtime, bundled for browsers (Oqu's quiz grading included); once per process. */
let runtime: Promise<string> | undefined;
function bundleRuntime(root: string): Promise<string> {
  runtime ??= (async () => {
    const bundle = await rolldown({ input: runtimeEntry(root), platform: 'browser', external: ['node:crypto'] });
    const { output } = await bundle.generate({ format: 'iife', minify: true });
    await bundle.close();
    return output[0].code;
  })();
  runtime.catch(() => (runtime = undefined));
  return runtime;
}

/** The SCORM package of `slug` in `locale`; throws ExportError with a message to act on. */
export async function exportScorm(
  projectRoot: string,
  slug: string,
  locale: Locale,
  options: { baseUrl: string; version: ScormVersion },
): Promise<ScormExport> {
  const course = readBuiltCourse(projectRoot, slug, locale);
  const { client, lessonPrefix, lessonFiles } = course;
  const texts = {
    passed: translate(locale, 'scorm.passed', { percent: '{percent}' }),
    failed: translate(locale, 'scorm.failed', { percent: '{percent}' }),
    noLms: translate(locale, 'scorm.no_lms'),
  };
  const files = new Map<string, Buffer | string>();
  const items: ScormItem[] = [];
  const styles = new Set<string>();
  for (const lesson of course.lessons) {
    const html = course.html(lesson);
    for (const style of pageStyles(html)) styles.add(style);
    const quizId = /id="quiz-([^"]+)-form"/.exec(html)?.[1];
    const quiz = quizId ? course.quizzes[quizId] : undefined;
    const page = scormLessonPage({
      html,
      locale,
      baseUrl: options.baseUrl,
      lessonPrefix,
      lessonFiles,
      quizJson: quiz ? JSON.stringify(quiz) : undefined,
      texts,
    });
    const href = `lessons/${lessonFiles.get(lesson)}`;
    files.set(href, page.html);
    const assets = readLessonAssets(course, lesson, page.assets);
    for (const [file, bytes] of assets) files.set(file, bytes);
    items.push({
      id: lesson,
      title: page.title,
      href,
      files: [...assets.keys()],
      ...(quiz ? { masteryScore: quiz.passPercent } : {}),
      rollup: itemRollup(course.data.completion, lesson, quiz ? quizId : undefined),
    });
  }
  files.set('oqu/oqu.css', [...styles].map((s) => readFileSync(join(client, s), 'utf8')).join('\n'));
  files.set('oqu/runtime.js', await bundleRuntime(projectRoot));
  for (const schema of SCORM_SCHEMAS[options.version])
    files.set(schema, readFileSync(join(schemaDir(projectRoot), options.version, schema)));
  const title = pickLocalized(course.data.title, locale, [locale])?.value ?? slug;
  files.set(
    'imsmanifest.xml',
    scormManifest(options.version, {
      identifier: `oqu-${slug}-${locale}`,
      title,
      shared: ['oqu/oqu.css', 'oqu/runtime.js'],
      items,
    }),
  );
  return { bytes: await zipBytes(files), lessons: items.length, quizzes: items.filter((i) => i.masteryScore).length };
}
