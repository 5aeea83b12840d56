/**
 * The trainee table of a course dashboard: its options (parsed from a page's query string)
 * and the row shape; trainees.server.ts sorts, filters and pages in SQL.
 */
import { z } from 'zod';
import { pageNumber } from '#lib/http/page-number.ts';

export const TRAINEE_SORTS = ['name', 'progress', 'lastActivity', 'enrolled', 'score'] as const;
export const TRAINEE_STATUSES = ['all', 'active', 'inactive', 'completed'] as const;
export const MAX_PAGE_SIZE = 500;

export const traineeTableOptionsSchema = z.object({
  /**
   * `name`; `progress` (lessons done); `lastActivity`; `enrolled` (date); `score` (the
   * average of the best percentages over the course's quizzes, an untried quiz counting 0).
   * Empty values (no activity, no quiz tried) count as the smallest; ties keep enrolment order.
   */
  sort: z.enum(TRAINEE_SORTS).default('lastActivity'),
  dir: z.enum(['asc', 'desc']).default('desc'),
  /** Part of the name or e-mail, any case (Latin, Cyrillic and Kazakh letters). */
  search: z.string().trim().max(200).optional(),
  /**
   * `completed`: completed the course; `active`: not completed, active in the last 7 days;
   * `inactive`: not completed and not active in the last 7 days. The three never overlap.
   */
  status: z.enum(TRAINEE_STATUSES).default('all'),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type TraineeTableOptions = z.input<typeof traineeTableOptionsSchema>;
export type TraineeSort = (typeof TRAINEE_SORTS)[number];
export type TraineeStatus = (typeof TRAINEE_STATUSES)[number];

/**
 * Options from a dashboard's query string (`?sort=name&dir=asc&q=...&status=...&page=2`), invalid values
 * falling back to defaults.
 */
export function parseTraineeTableQuery(
  params: URLSearchParams,
  pageSize = 50,
): z.output<typeof traineeTableOptionsSchema> {
  const page = pageNumber(params);
  const pick = <K extends 'sort' | 'dir' | 'status'>(name: K) => {
    const parsed = traineeTableOptionsSchema.shape[name].safeParse(params.get(name) ?? undefined);
    return parsed.success ? parsed.data : undefined;
  };
  return traineeTableOptionsSchema.parse({
    sort: pick('sort'),
    dir: pick('dir'),
    status: pick('status'),
    search: params.get('q')?.slice(0, 200) || undefined,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
}

export interface TraineeRow {
  userId: string;
  name: string;
  email: string;
  region: string | null;
  enrolledAt: Date;
  lastActivityAt: Date | null;
  /** Lessons done that the course still has. */
  lessonsDone: number;
  /**
   * Progress as every page shows it (`progressPercent`, decision 022): 100 when completed, else lessons done
   * over lessons, rounded down.
   */
  percent: number;
  completedAt: Date | null;
  /** Best percentage per quiz of the course; null for a quiz not tried. */
  bestScores: Record<string, number | null>;
}

export interface TraineeTable {
  /** Trainees matching the filters, over all pages. */
  total: number;
  rows: TraineeRow[];
}

/** Best scores per quiz of the course from `{quizId: percent}` JSON, null where missing. */
export function toBestScores(quizzes: readonly string[], json: string | null): Record<string, number | null> {
  const found = (json ? JSON.parse(json) : {}) as Record<string, number>;
  return Object.fromEntries(quizzes.map((q) => [q, Object.hasOwn(found, q) ? Number(found[q]) : null]));
}

/**
 * A GLOB pattern for "contains `search`, in any case": each letter becomes a class of its
 * two cases (`нұр` → `*[Нн][Ұұ][Рр]*`). SQLite without ICU lower-cases only A-Z, so
 * `lower(name) LIKE` would miss `Нұрлан`; GLOB compares whole characters, so the classes
 * work for Cyrillic and Kazakh letters as for Latin. GLOB's own `*`, `?` and `[` are
 * matched literally. Empty when there is nothing to search for.
 */
export function containsGlob(search: string | undefined): string {
  const needle = (search ?? '').normalize('NFC').trim();
  if (needle === '') return '';
  const parts = [...needle].map((ch) => {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    if (lower !== upper && [...lower].length === 1 && [...upper].length === 1) return `[${upper}${lower}]`;
    return '*?['.includes(ch) ? `[${ch}]` : ch;
  });
  return `*${parts.join('')}*`;
}
