/**
 * What installing a partner's version of a course changes, for the preview before it is applied:
 * lessons and quizzes added, removed or changed, lessons renamed (`formerly:`, whose progress
 * moves), and which removed lessons take trainees' progress with them (renames.ts).
 */
import { parseLessonPath } from '#lib/courses/paths.ts';
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
  /** Other files (course.yaml, assignments, images, handouts) that differ, by path. */
  otherFiles: number;
}

/** Each lesson's files' digests, joined in path order (every language of the lesson). */
function lessonDigests(course: string, files: readonly CourseFile[]): Map<string, string> {
  const out = new Map<string, string[]>();
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    if (!/^[^/]+\/[^/]+\.mdx?$/.test(f.path)) continue;
    const where = parseLessonPath(`${course}/${f.path.replace(/\.mdx?$/, '')}`);
    if ('error' in where) continue;
    out.set(where.slug, [...(out.get(where.slug) ?? []), `${f.path}:${f.sha256}`]);
  }
  return new Map([...out].map(([slug, parts]) => [slug, parts.join(',')]));
}

function quizDigests(files: readonly CourseFile[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files) {
    const id = /^quizzes\/([^/]+)\.ya?ml$/.exec(f.path)?.[1];
    if (id) out.set(id, f.sha256);
  }
  return out;
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
  const lessons = compare(lessonDigests(course, current.files), lessonDigests(course, next.files));
  const renamed = Object.entries(next.outline.renamed).filter(([from]) => lessons.removed.includes(from));
  const counted = (f: CourseFile) =>
    f.path !== 'origin.yaml' &&
    !f.path.startsWith('_') &&
    !/^[^/]+\/[^/]+\.mdx?$/.test(f.path) &&
    !/^quizzes\//.test(f.path);
  const before = new Map(current.files.filter(counted).map((f) => [f.path, f.sha256]));
  const after = new Map(next.files.filter(counted).map((f) => [f.path, f.sha256]));
  const other = compare(before, after);
  return {
    lessons: { ...lessons, renamed, dropped: droppedLessons(current.outline, next.outline) },
    quizzes: compare(quizDigests(current.files), quizDigests(next.files)),
    otherFiles: other.added.length + other.removed.length + other.changed.length,
  };
}
