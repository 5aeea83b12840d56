/**
 * What a new version of a course would leave behind (renames.ts): the lessons it no longer has
 * (neither kept nor named in a `formerly:` list) and how many trainees have progress on them,
 * so `oqu import-course` can say so before replacing the course.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { and, countDistinct, eq, inArray } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { lessonProgress } from '#db/schema.ts';
import { lessonOutline } from './content-files.ts';
import { droppedLessons, type LessonOutline } from './renames.ts';

export interface DroppedProgress {
  /** Lessons of the installed course whose progress the new version would no longer count. */
  lessons: string[];
  /** Trainees with progress on any of them. */
  trainees: number;
}

/** The lessons of the course installed in `dir` (module folders hold the lesson files). */
export function installedOutline(dir: string, course: string): LessonOutline {
  if (!existsSync(join(dir, 'course.yaml'))) return { lessons: [], renamed: {} };
  const files = readdirSync(dir)
    .filter((folder) => /^\d{2}-/.test(folder) && statSync(join(dir, folder)).isDirectory())
    .flatMap((folder) =>
      readdirSync(join(dir, folder)).map((file) => ({
        path: `${folder}/${file}`,
        text: () => readFileSync(join(dir, folder, file), 'utf8'),
      })),
    );
  return lessonOutline(course, files);
}

/** The installed course's lessons that `next` drops, and how many trainees have progress on them. */
export async function droppedProgress(
  db: Database,
  course: string,
  current: LessonOutline,
  next: LessonOutline,
): Promise<DroppedProgress> {
  const lessons = droppedLessons(current, next);
  if (lessons.length === 0) return { lessons, trainees: 0 };
  const [row] = await db
    .select({ trainees: countDistinct(lessonProgress.userId) })
    .from(lessonProgress)
    .where(and(eq(lessonProgress.course, course), inArray(lessonProgress.lesson, lessons)));
  return { lessons, trainees: row?.trainees ?? 0 };
}
