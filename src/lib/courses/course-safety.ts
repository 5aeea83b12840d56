/**
 * The one check a course from elsewhere passes before any of it is written to this host: its
 * files are only course files (course.yaml, lessons, quizzes, assignments, assets), its lessons are content
 * and not code (lesson-safety.ts), and its assets are of an allowed kind by their content
 * (asset-kinds.ts). Works on files in memory, so a bundle import (bundle.ts) and a future
 * partner course feed run it on what they received, and `npm run validate` runs the same parts
 * on a local course folder.
 */
import { assetProblem, type ContentOrigin } from './asset-kinds.ts';
import { findCodeInLesson, formatFinding } from './lesson-safety.ts';
import { TRAINER_NOTES_PATH } from './trainer-notes.ts';

/** One file of a course, by its path inside the course folder (`/`-separated). */
export interface CourseFile {
  path: string;
  data: Uint8Array;
}

/** A refusal line: the file (with its line when known), what was found, and the fix. */
export interface ContentProblem {
  file: string;
  line: number;
  message: string;
  /** `asset`, `lesson` or `file`: the kinds local courses treat differently (see validate.ts). */
  part: 'asset' | 'lesson' | 'file';
}

const LESSON = /^\d{2}-[^/]+\/[^/]+\.mdx$/;
const QUIZ = /^quizzes\/[^/]+\.ya?ml$/;
const ASSIGNMENT = /^assignments\/[^/]+\.ya?ml$/;
const ASSET = /^assets\/.+/;
/** A competency framework a bundle carries for its course (bundle-frameworks.ts, decision 034). */
const FRAMEWORK = /^_frameworks\/[a-z0-9-]+\.ya?ml$/;
/** Where an imported course came from (schema.ts, courseOriginSchema). */
export const ORIGIN_FILE = 'origin.yaml';

/** Whether a path inside a course folder is one of the files a course is made of. */
export function isCourseFilePath(path: string): boolean {
  return (
    path === 'course.yaml' ||
    path === ORIGIN_FILE ||
    LESSON.test(path) ||
    QUIZ.test(path) ||
    ASSIGNMENT.test(path) ||
    TRAINER_NOTES_PATH.test(path) ||
    ASSET.test(path) ||
    FRAMEWORK.test(path)
  );
}

/** The names under assets/ that lesson components may refer to. */
export function assetNames(files: readonly CourseFile[]): Set<string> {
  return new Set(files.filter((f) => ASSET.test(f.path)).map((f) => f.path.slice('assets/'.length)));
}

/** The problems of one lesson's source (empty when it is plain content). */
export function lessonProblems(file: string, source: string, assets?: ReadonlySet<string>): ContentProblem[] {
  return findCodeInLesson(source, { assets }).map((f) => ({
    file,
    line: f.line,
    message: formatFinding(file, f),
    part: 'lesson' as const,
  }));
}

/**
 * Every reason a course's files are not plain content. `prefix` is put before each path in the
 * messages (e.g. `courses/urbanism/`).
 */
export async function checkCourseIsContent(
  files: readonly CourseFile[],
  origin: ContentOrigin,
  prefix = '',
): Promise<ContentProblem[]> {
  const problems: ContentProblem[] = [];
  const assets = assetNames(files);
  for (const f of files) {
    const file = `${prefix}${f.path}`;
    if (!isCourseFilePath(f.path)) {
      problems.push({
        file,
        line: 0,
        part: 'file',
        message:
          `${file}: not a course file (a course holds course.yaml, <NN-module>/<NN-lesson>.<locale>.mdx, ` +
          `quizzes/*.yaml, assignments/*.yaml, trainer-notes/<lesson>.<locale>.md and assets/): remove it`,
      });
    } else if (LESSON.test(f.path)) {
      problems.push(...lessonProblems(file, new TextDecoder().decode(f.data), assets));
    } else if (ASSET.test(f.path)) {
      const problem = await assetProblem(f.path, f.data, origin);
      if (problem) problems.push({ file, line: 0, part: 'asset', message: `${file}: ${problem}` });
    }
  }
  return problems;
}
