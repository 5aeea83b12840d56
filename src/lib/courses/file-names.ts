/**
 * Lesson file names that went wrong: a translation whose name differs from its siblings by a
 * typo (`02-project-cylce.ru.mdx` beside `02-project-cycle.kk.mdx` becomes a lesson of its own)
 * and files in a module folder that are not lessons at all (`01-intro.ru.mdx.txt`, `01-intro.ru.md`
 * saved by an editor). Pure: takes the file names of one module folder.
 */
import { isLocale, LOCALES, type Locale } from '#lib/i18n/locales.ts';
import { closest, distance } from './nearest.ts';

export type FileNameIssue =
  { kind: 'typo'; file: string; probably: string } | { kind: 'not_a_lesson'; file: string; probably?: string };

const LESSON = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.([a-z]{2})\.mdx$/;
/** A trainer notes file's name (`<lesson>.<locale>.md`, trainer-notes.ts). */
const NOTES_NAME = /^([a-z0-9]+(?:-[a-z0-9]+)*)\.(?:kk|ru|en)\.md$/;

/** Issues among the file names of one module folder. */
export function checkLessonFileNames(names: readonly string[]): FileNameIssue[] {
  const issues: FileNameIssue[] = [];
  const lessons = names
    .map((n) => ({ name: n, m: LESSON.exec(n) }))
    .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null && isLocale(x.m[3]))
    .map(({ name, m }) => ({ name, order: m[1] ?? '', slug: m[2] ?? '', locale: m[3] as Locale }));
  // A lesson stem (NN-slug) that has fewer translations than a near-identical stem is the typo.
  const stems = new Map<string, Set<Locale>>();
  for (const l of lessons)
    stems.set(`${l.order}-${l.slug}`, (stems.get(`${l.order}-${l.slug}`) ?? new Set()).add(l.locale));
  for (const l of lessons) {
    const stem = `${l.order}-${l.slug}`;
    const mine = stems.get(stem)?.size ?? 0;
    const other = [...stems.keys()].find((s) => {
      if (s === stem || (stems.get(s)?.has(l.locale) ?? true)) return false;
      const size = stems.get(s)?.size ?? 0;
      return size >= mine && (size > mine || s < stem) && distance(s, stem) <= Math.max(2, Math.floor(stem.length / 8));
    });
    if (other) issues.push({ kind: 'typo', file: l.name, probably: `${other}.${l.locale}.mdx` });
  }
  const stemNames = [...stems.keys()];
  const slugs = new Set(lessons.map((l) => l.slug));
  for (const n of names) {
    if (lessons.some((l) => l.name === n)) continue;
    // `wayfinding.kk.md` beside `03-wayfinding.kk.mdx` is a lesson's trainer notes put in the wrong
    // folder, not a broken lesson: validate's check of course files says where notes go.
    if (slugs.has(NOTES_NAME.exec(n)?.[1] ?? '')) continue;
    if (!/\.mdx?\b|\.mdx?$/i.test(n) && !/\.(kk|ru|en)\b/.test(n)) continue;
    // Guess the lesson it was meant to be: the name up to ".mdx", lower-cased.
    const base = /^(.*?\.(?:kk|ru|en))\b/i.exec(n)?.[1]?.toLowerCase();
    const locale = base?.slice(-2);
    const stem = base?.slice(0, -3);
    let probably: string | undefined;
    if (stem && locale && (LOCALES as readonly string[]).includes(locale)) {
      const near = LESSON.test(`${stem}.${locale}.mdx`) ? stem : closest(stem, stemNames);
      probably = near ? `${near}.${locale}.mdx` : undefined;
    }
    issues.push(probably ? { kind: 'not_a_lesson', file: n, probably } : { kind: 'not_a_lesson', file: n });
  }
  return issues;
}
