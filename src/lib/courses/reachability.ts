/**
 * Can every trainee finish the course? A required quiz is taken on the page of the lesson that
 * names it (`quiz:` in the front matter), and a reader sees, for each lesson, the file in their
 * language or else the first file along the fallback chain (catalog.ts, pickTranslation). So a
 * quiz named only in the `.kk.mdx` file is missing for Russian readers whenever a `.ru.mdx`
 * exists, and a quiz named in no lesson is missing for everyone: with `completion: quizzes: all`
 * those trainees can never complete the course. Pure: the caller reads the files.
 *
 * Assignments and sessions use the same rule once they exist: give them a `kind` and the lesson
 * field that attaches them (`attached`).
 */
import { fallbackOrder, type Locale } from '#lib/i18n/locales.ts';

/** One lesson file as far as reachability cares. */
export interface ReachLessonFile {
  slug: string;
  locale: Locale;
  /** Path of the file, for messages. */
  file: string;
  /** What this file attaches, by kind: `{ quiz: ['final'] }`. */
  attached: Partial<Record<RequiredKind, readonly string[]>>;
}

export type RequiredKind = 'quiz' | 'assignment' | 'session';

export interface RequiredItem {
  kind: RequiredKind;
  id: string;
}

export interface ReachabilityInput {
  /** The languages a trainee can read the course in (enabled on the site and offered by the course). */
  readers: readonly Locale[];
  /** The fallback chain for a reader of a language (the site's `locales.fallback`, or one per language). */
  chainFor: (reader: Locale) => readonly Locale[];
  lessons: readonly ReachLessonFile[];
  required: readonly RequiredItem[];
}

export interface Unreachable extends RequiredItem {
  /** The reader languages for which it is not on any page they see. */
  readers: Locale[];
  /** Files that do name it but that those readers never see (the likely place to copy from). */
  namedIn: string[];
}

/** The lesson file a reader of `reader` sees for each lesson slug. */
export function filesSeenBy(
  reader: Locale,
  chain: readonly Locale[],
  lessons: readonly ReachLessonFile[],
): ReachLessonFile[] {
  const bySlug = new Map<string, ReachLessonFile[]>();
  for (const l of lessons) bySlug.set(l.slug, [...(bySlug.get(l.slug) ?? []), l]);
  const seen: ReachLessonFile[] = [];
  for (const files of bySlug.values()) {
    const pick = fallbackOrder(reader, chain)
      .map((loc) => files.find((f) => f.locale === loc))
      .find((f) => f !== undefined);
    // pickTranslation shows any translation when the chain finds none.
    const file = pick ?? files[0];
    if (file) seen.push(file);
  }
  return seen;
}

/** Every required item that some reader language cannot reach; empty when the course can be completed. */
export function findUnreachable(input: ReachabilityInput): Unreachable[] {
  const out: Unreachable[] = [];
  const seenBy = new Map(input.readers.map((r) => [r, filesSeenBy(r, input.chainFor(r), input.lessons)]));
  for (const item of input.required) {
    const names = (f: ReachLessonFile) => (f.attached[item.kind] ?? []).includes(item.id);
    const missing = input.readers.filter((r) => !(seenBy.get(r) ?? []).some(names));
    if (missing.length === 0) continue;
    const visible = new Set(missing.flatMap((r) => seenBy.get(r) ?? []));
    const namedIn = input.lessons.filter((f) => names(f) && !visible.has(f)).map((f) => f.file);
    out.push({ ...item, readers: missing, namedIn });
  }
  return out;
}
