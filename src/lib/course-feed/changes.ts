/**
 * What installing a partner's version of a course changes, for the preview before it is applied:
 * lessons and quizzes added, removed or changed, lessons renamed (`formerly:`, whose progress
 * moves), which removed lessons take trainees' progress with them (renames.ts), and how many
 * other files of the course's own content differ (course.yaml, assignments, trainer notes, images).
 */
import { isContentFile } from '#lib/courses/bundle.ts';
import { lessonSlugOf } from '#lib/courses/content-files.ts';
import { droppedLessons, type LessonOutline } from '#lib/courses/renames.ts';

/** A file of a course: its path in the course folder and its digest. */
export interface CourseFile {
  path: string;
  sha256: string;
}

export interface AddedRemovedChanged {
  added: string[];
  removed: string[];
  changed: string[];
}

export interface CourseChanges {
  lessons: AddedRemovedChanged & {
    /** Former name → new name: trainees' progress moves with the lesson. */
    renamed: [string, string][];
    /** Removed lessons whose progress no longer counts (neither kept nor renamed). */
    dropped: string[];
  };
  quizzes: AddedRemovedChanged;
  /** Other files of the course's own content (course.yaml, assignments, trainer notes, images) that differ, by path. */
  otherFiles: number;
}

const QUIZ_FILE = /^quizzes\/([^/]+)\.ya?ml$/;

/** What each file of a course is, for the comparison: a lesson's, a quiz, another file, or not the course's own. */
function kindOf(course: string, path: string): { lesson: string } | { quiz: string } | 'other' | null {
  if (!isContentFile(path)) return null;
  const lesson = lessonSlugOf(course, path);
  if (lesson) return { lesson };
  const quiz = QUIZ_FILE.exec(path)?.[1];
  return quiz ? { quiz } : 'other';
}

/** The files' digests grouped into lessons (every language of a lesson, in path order), quizzes and other files. */
function digests(course: string, files: readonly CourseFile[]) {
  const lessons = new Map<string, string>();
  const quizzes = new Map<string, string>();
  const other = new Map<string, string>();
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const kind = kindOf(course, f.path);
    if (kind === null) continue;
    if (kind === 'other') other.set(f.path, f.sha256);
    else if ('quiz' in kind) quizzes.set(kind.quiz, f.sha256);
    else lessons.set(kind.lesson, `${lessons.get(kind.lesson) ?? ''}${f.path}:${f.sha256},`);
  }
  return { lessons, quizzes, other };
}

function compare(current: Map<string, string>, next: Map<string, string>): AddedRemovedChanged {
  return {
    added: [...next.keys()].filter((k) => !current.has(k)),
    removed: [...current.keys()].filter((k) => !next.has(k)),
    changed: [...next.keys()].filter((k) => current.has(k) && current.get(k) !== next.get(k)),
  };
}

/**
 * The changes from the installed files (`current`, empty for a course not here yet) to the
 * bundle's (`next`); the outlines give the lessons and their `formerly:` names on each side.
 */
export function courseChanges(
  course: string,
  current: { files: readonly CourseFile[]; outline: LessonOutline },
  next: { files: readonly CourseFile[]; outline: LessonOutline },
): CourseChanges {
  const [before, after] = [digests(course, current.files), digests(course, next.files)];
  const lessons = compare(before.lessons, after.lessons);
  const renamed = Object.entries(next.outline.renamed).filter(([from]) => lessons.removed.includes(from));
  const other = compare(before.other, after.other);
  return {
    lessons: { ...lessons, renamed, dropped: droppedLessons(current.outline, next.outline) },
    quizzes: compare(before.quizzes, after.quizzes),
    otherFiles: other.added.length + other.removed.length + other.changed.length,
  };
}
