/**
 * Renamed lessons (`formerly:` in a lesson's front matter): which former names move to which
 * lesson, and what a new version of a course would leave behind. Trainees' progress is stored
 * by lesson name, so a lesson renamed without `formerly:` would lose it; with it, the site moves
 * the progress when it starts with the new version (course-counts.server.ts).
 */

/** A course's lessons and the former names they declare, as far as progress is concerned. */
export interface LessonOutline {
  /** Lesson names (slugs). */
  lessons: readonly string[];
  /** Former name → the lesson that now has that progress. */
  renamed: Readonly<Record<string, string>>;
}

/**
 * Former names from each lesson's `formerly:` lists (every translation's, merged). A former
 * name that is still a lesson, or that two lessons claim, is left out: validation reports both.
 */
export function renamesOf(lessons: readonly { slug: string; formerly: readonly string[] }[]): Record<string, string> {
  const current = new Set(lessons.map((l) => l.slug));
  const claims = new Map<string, Set<string>>();
  for (const { slug, formerly } of lessons)
    for (const old of formerly) claims.set(old, (claims.get(old) ?? new Set()).add(slug));
  const renamed: Record<string, string> = {};
  for (const [old, by] of [...claims].sort(([a], [b]) => a.localeCompare(b)))
    if (!current.has(old) && by.size === 1) renamed[old] = [...by][0]!;
  return renamed;
}

/** The lessons of `current` whose progress `next` would no longer count (neither kept nor renamed). */
export function droppedLessons(current: LessonOutline, next: LessonOutline): string[] {
  const kept = new Set([...next.lessons, ...Object.keys(next.renamed)]);
  return current.lessons.filter((lesson) => !kept.has(lesson));
}

/** The `formerly:` list of a lesson's front matter, tolerating anything else (validation reports it). */
export function formerlyOf(meta: unknown): string[] {
  const list = (meta as { formerly?: unknown } | null)?.formerly;
  return Array.isArray(list) ? list.filter((s): s is string => typeof s === 'string') : [];
}
