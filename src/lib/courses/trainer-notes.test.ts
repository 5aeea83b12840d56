import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { notesByCourse, parseNotesPath, pickNotes } from './trainer-notes.ts';
import { trainerNotesFindings } from './trainer-notes-check.ts';
import { isCourseFilePath } from './course-safety.ts';
import { checkLessonFileNames } from './file-names.ts';
import { validateCourseContent } from './validate.ts';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

test('a notes file belongs to its course, lesson and language; other files do not', () => {
  expect(parseNotesPath('/courses/urbanism/trainer-notes/wayfinding.kk.md')).toEqual({
    course: 'urbanism',
    lesson: 'wayfinding',
    locale: 'kk',
  });
  expect(parseNotesPath('/courses/urbanism/trainer-notes/wayfinding.de.md')).toBeUndefined();
  expect(parseNotesPath('/courses/urbanism/assets/wayfinding.kk.md')).toBeUndefined();
  expect(isCourseFilePath('trainer-notes/wayfinding.kk.md')).toBe(true);
  expect(isCourseFilePath('trainer-notes/notes.txt')).toBe(false);
});

test('notes are grouped by course and lesson, and read in the reader chain', () => {
  const notes = notesByCourse({
    '/courses/a/trainer-notes/one.ru.md': 'ru text',
    '/courses/a/trainer-notes/one.en.md': 'en text',
    '/courses/b/trainer-notes/two.kk.md': 'kk text',
  });
  expect(Object.keys(notes)).toEqual(['a', 'b']);
  expect(pickNotes(notes.a?.one, ['kk', 'ru', 'en'])).toEqual({ lang: 'ru', text: 'ru text' });
  expect(pickNotes(notes.a?.two, ['kk', 'ru', 'en'])).toBeUndefined();
});

test('validate names a notes file that is misnamed or names no lesson of the course', () => {
  const root = mkdtempSync(join(tmpdir(), 'oqu-notes-'));
  dirs.push(root);
  const course = join(root, 'courses', 'c');
  mkdirSync(join(course, '01-module'), { recursive: true });
  mkdirSync(join(course, 'trainer-notes'));
  writeFileSync(join(course, '01-module', '01-wayfinding.kk.mdx'), '---\ntitle: x\nminutes: 10\n---\n');
  for (const f of ['wayfinding.kk.md', 'wayfindng.ru.md', 'notes.txt'])
    writeFileSync(join(course, 'trainer-notes', f), '## Timing\n');
  const findings = trainerNotesFindings(join(root, 'courses'), root);
  expect(findings.map((f) => [f.file, f.key, f.params])).toEqual([
    ['courses/c/trainer-notes/notes.txt', 'validate.trainer_notes_name', {}],
    [
      'courses/c/trainer-notes/wayfindng.ru.md',
      'validate.trainer_notes_unknown_lesson',
      { lesson: 'wayfindng', probably: 'wayfinding' },
    ],
  ]);
});

test('validate tells where trainer notes go when they are put beside the lessons or in the course folder', async () => {
  const root = mkdtempSync(join(tmpdir(), 'oqu-notes-'));
  dirs.push(root);
  const course = join(root, 'courses', 'c');
  mkdirSync(join(course, '01-module', 'trainer-notes'), { recursive: true });
  mkdirSync(join(course, 'trainer_notes'));
  writeFileSync(join(course, '01-module', '01-wayfinding.kk.mdx'), '---\ntitle: x\nminutes: 10\n---\n');
  for (const f of ['wayfinding.kk.md', '01-module/wayfinding.ru.md', '01-module/trainer-notes/wayfinding.en.md'])
    writeFileSync(join(course, f), '## Timing\n');
  writeFileSync(join(course, 'trainer_notes', 'wayfinding.kk.md'), '## Timing\n');
  writeFileSync(join(course, 'notes.txt'), 'to do\n');
  // The module folder's own check no longer takes the notes for a broken lesson.
  expect(checkLessonFileNames(['01-wayfinding.kk.mdx', 'wayfinding.ru.md'])).toEqual([]);
  const findings = await validateCourseContent(join(root, 'courses'), root);
  expect(findings.map((f) => [f.file, f.severity, f.key, f.params])).toEqual([
    [
      'courses/c/01-module/trainer-notes/wayfinding.en.md',
      'warning',
      'validate.trainer_notes_misplaced',
      { expected: 'courses/c/trainer-notes/wayfinding.en.md' },
    ],
    [
      'courses/c/01-module/wayfinding.ru.md',
      'warning',
      'validate.trainer_notes_misplaced',
      { expected: 'courses/c/trainer-notes/wayfinding.ru.md' },
    ],
    ['courses/c/notes.txt', 'warning', 'validate.not_course_file', {}],
    [
      'courses/c/trainer_notes/wayfinding.kk.md',
      'warning',
      'validate.trainer_notes_misplaced',
      { expected: 'courses/c/trainer-notes/wayfinding.kk.md' },
    ],
    [
      'courses/c/wayfinding.kk.md',
      'warning',
      'validate.trainer_notes_misplaced',
      { expected: 'courses/c/trainer-notes/wayfinding.kk.md' },
    ],
  ]);
});
