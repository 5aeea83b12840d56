/**
 * Trainer notes (timing, materials, debrief questions, common difficulties) for each lesson, in
 * each language: `courses/<course>/trainer-notes/<lesson>.<locale>.md`. They are shown only to
 * the course's trainers and admins, on a server-rendered page; no prerendered page reads them,
 * so they never reach the public build output (docs/authoring.md, "Trainer notes").
 */
import { isLocale, type Locale } from '#lib/i18n/locales.ts';

/** A notes file's path inside its course folder. */
export const TRAINER_NOTES_PATH = /^trainer-notes\/([a-z0-9]+(?:-[a-z0-9]+)*)\.([a-z]{2})\.md$/;

/** The notes of one course: by lesson name, then by language, the Markdown text. */
export type CourseNotes = Record<string, Partial<Record<Locale, string>>>;

/** Where a notes file belongs, from its path in the project (`/courses/<course>/trainer-notes/…`). */
export function parseNotesPath(path: string): { course: string; lesson: string; locale: Locale } | undefined {
  const m = /(?:^|\/)courses\/([^/]+)\/(trainer-notes\/[^/]+)$/.exec(path);
  const name = m ? TRAINER_NOTES_PATH.exec(m[2] ?? '') : null;
  if (!m || !name || !isLocale(name[2] ?? '')) return undefined;
  return { course: m[1] ?? '', lesson: name[1] ?? '', locale: name[2] as Locale };
}

/** The notes of every course, from their files' paths and texts. */
export function notesByCourse(files: Readonly<Record<string, string>>): Record<string, CourseNotes> {
  const out: Record<string, CourseNotes> = {};
  for (const [path, text] of Object.entries(files)) {
    const where = parseNotesPath(path);
    if (!where) continue;
    const course = (out[where.course] ??= {});
    (course[where.lesson] ??= {})[where.locale] = text;
  }
  return out;
}

/** A lesson's notes in the first language of `chain` they are written in. */
export function pickNotes(
  notes: Partial<Record<Locale, string>> | undefined,
  chain: readonly Locale[],
): { lang: Locale; text: string } | undefined {
  for (const lang of chain) {
    const text = notes?.[lang];
    if (text) return { lang, text };
  }
  return undefined;
}
