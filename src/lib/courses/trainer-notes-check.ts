/**
 * Validate's check of trainer notes: every file in a course's `trainer-notes/` is named
 * `<lesson>.<locale>.md` after a lesson of that course, so no note is silently never shown.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { finding, type Finding } from './findings.ts';
import { closest } from './nearest.ts';
import { parseLessonPath } from './paths.ts';
import { TRAINER_NOTES_PATH } from './trainer-notes.ts';

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/** The lesson names of a course folder, from its module folders' file names. */
function lessonNames(dir: string, course: string): Set<string> {
  const names = new Set<string>();
  for (const folder of readdirSync(dir).filter((d) => /^\d{2}-/.test(d) && isDir(join(dir, d))))
    for (const f of readdirSync(join(dir, folder))) {
      const where = parseLessonPath(`${course}/${folder}/${f.replace(/\.mdx?$/, '')}`);
      if (!('error' in where)) names.add(where.slug);
    }
  return names;
}

/** The findings for every course's trainer notes under `coursesDir`. */
export function trainerNotesFindings(coursesDir: string, projectRoot: string): Finding[] {
  if (!isDir(coursesDir)) return [];
  const out: Finding[] = [];
  for (const course of readdirSync(coursesDir).sort()) {
    const notesDir = join(coursesDir, course, 'trainer-notes');
    if (course.startsWith('.') || !isDir(notesDir)) continue;
    const lessons = lessonNames(join(coursesDir, course), course);
    for (const f of readdirSync(notesDir).sort()) {
      const file = relative(projectRoot, join(notesDir, f)).replace(/\\/g, '/');
      const name = TRAINER_NOTES_PATH.exec(`trainer-notes/${f}`);
      if (!name || !['kk', 'ru', 'en'].includes(name[2] ?? ''))
        out.push(finding(file, undefined, 'error', 'validate.trainer_notes_name'));
      else if (!lessons.has(name[1] ?? ''))
        out.push(
          finding(file, undefined, 'error', 'validate.trainer_notes_unknown_lesson', {
            lesson: name[1] ?? '',
            probably: closest(name[1] ?? '', [...lessons]) ?? '-',
          }),
        );
    }
  }
  return out;
}
