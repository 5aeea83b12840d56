/**
 * The trainer notes of every course, read at build time into the server's bundle only: this
 * module is imported by server-rendered pages and never by a prerendered one, so the notes are
 * not written to the public build output (dist/client).
 */
import { notesByCourse, type CourseNotes } from '#lib/courses/trainer-notes.ts';

const files = import.meta.glob<string>('/courses/*/trainer-notes/*.md', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const notes = notesByCourse(files);

/** The notes of one course, by lesson and language (empty when it has none). */
export function courseNotes(course: string): CourseNotes {
  return notes[course] ?? {};
}
