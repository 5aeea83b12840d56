/**
 * A call's scoring rubric (pure; decision 053): the assignments' criteria (a title, levels from
 * the lowest to the highest with their points) plus a description of what the jury judges and a
 * weight that multiplies the level's points, so a criterion is worth up to its top level times
 * its weight. The admin adds, edits, removes and reorders criteria until a juror has scored
 * (calls.server.ts and rubric-actions.server.ts keep that lock); a juror scores one level per
 * criterion.
 */
import { z } from 'zod';
import { scoreRubric } from '#lib/assignments/rubric.ts';
import { rubricCriterionSchema } from '#lib/assignments/schema.ts';
import { localizedText } from '#lib/courses/schema.ts';
import { LOCALES, type Locale } from '#lib/i18n/locales.ts';
import type { Result } from '#lib/result.ts';

export const MAX_WEIGHT = 10;
/** The most criteria a rubric holds. */
export const MAX_CRITERIA = 20;

const callCriterionSchema = rubricCriterionSchema.safeExtend({
  /** What the jury judges under this criterion, in every language the admin writes. */
  description: localizedText.optional(),
  /** How many times the chosen level's points count (1 to 10). */
  weight: z.number().int().min(1).max(MAX_WEIGHT).default(1),
});
export type CallCriterion = z.infer<typeof callCriterionSchema>;

export const callRubricSchema = z
  .array(callCriterionSchema)
  .min(1)
  .max(MAX_CRITERIA)
  .refine((cs) => new Set(cs.map((c) => c.id)).size === cs.length, 'criterion ids must be unique');

/** What choosing a level of a criterion gives: the level's points times the criterion's weight. */
export function levelPoints(c: Pick<CallCriterion, 'weight'>, level: { points: number }): number {
  return level.points * c.weight;
}

/** The most a criterion gives: what its top level gives. */
export function criterionMax(c: CallCriterion): number {
  return Math.max(0, ...c.levels.map((l) => levelPoints(c, l)));
}

export function maxCallPoints(criteria: readonly CallCriterion[]): number {
  return criteria.reduce((sum, c) => sum + criterionMax(c), 0);
}

/** The weighted points for the chosen levels (`{ criterionId: levelIndex }`), or null when one is missing. */
export function scoreCall(criteria: readonly CallCriterion[], chosen: Record<string, unknown>) {
  const scored = scoreRubric(criteria, chosen);
  if (!scored) return null;
  const points = criteria.reduce((sum, c) => sum + levelPoints(c, c.levels[scored.levels[c.id]!]!), 0);
  return { points, levels: scored.levels };
}

type RubricEditError =
  | 'grants.error.criterion_title'
  | 'grants.error.criterion_last'
  | 'grants.error.criterion_many'
  | 'grants.error.no_criterion';

export interface CriterionInput {
  title: Partial<Record<Locale, string>>;
  description: Partial<Record<Locale, string>>;
  weight: string;
}

/** The levels every new criterion starts with (a new call's rubric too): 1, 3 or 5 points. */
export const DEFAULT_LEVELS: CallCriterion['levels'] = [
  { points: 1, description: { kk: 'Әлсіз', ru: 'Слабо', en: 'Weak' } },
  { points: 3, description: { kk: 'Жеткілікті', ru: 'Достаточно', en: 'Adequate' } },
  { points: 5, description: { kk: 'Күшті', ru: 'Сильно', en: 'Strong' } },
];

const typedTexts = (input: Partial<Record<Locale, string>>, max: number) =>
  Object.fromEntries(LOCALES.map((l) => [l, (input[l] ?? '').trim().slice(0, max)]).filter(([, v]) => v));

/** The texts and weight as typed, or the reason they cannot be used. */
function readInput(
  input: CriterionInput,
): Result<Pick<CallCriterion, 'title' | 'description' | 'weight'>, RubricEditError> {
  const title = typedTexts(input.title, 200);
  if (Object.keys(title).length === 0) return { ok: false, error: 'grants.error.criterion_title' };
  const description = typedTexts(input.description, 1000);
  const weight = /^\d+$/.test(input.weight.trim()) ? Number(input.weight.trim()) : 1;
  return {
    ok: true,
    title,
    description: Object.keys(description).length > 0 ? description : undefined,
    weight: Math.min(MAX_WEIGHT, Math.max(1, weight)),
  };
}

function nextId(criteria: readonly CallCriterion[]): string {
  let n = 1;
  while (criteria.some((c) => c.id === `criterion-${n}`)) n++;
  return `criterion-${n}`;
}

type Edited = Result<{ criteria: CallCriterion[] }, RubricEditError>;

/** A new criterion at the end, with the three levels a new call starts with. */
export function addCriterion(criteria: readonly CallCriterion[], input: CriterionInput): Edited {
  if (criteria.length >= MAX_CRITERIA) return { ok: false, error: 'grants.error.criterion_many' };
  const read = readInput(input);
  if (!read.ok) return read;
  const { ok: _, ...texts } = read;
  const criterion = { id: nextId(criteria), levels: DEFAULT_LEVELS, ...texts };
  return { ok: true, criteria: callRubricSchema.parse([...criteria, criterion]) };
}

/** New texts and weight for a criterion; its levels and id stay. */
export function editCriterion(criteria: readonly CallCriterion[], id: string, input: CriterionInput): Edited {
  if (!criteria.some((c) => c.id === id)) return { ok: false, error: 'grants.error.no_criterion' };
  const read = readInput(input);
  if (!read.ok) return read;
  const { ok: _, ...texts } = read;
  return {
    ok: true,
    criteria: callRubricSchema.parse(criteria.map((c) => (c.id === id ? { ...c, ...texts } : c))),
  };
}

export function removeCriterion(criteria: readonly CallCriterion[], id: string): Edited {
  if (!criteria.some((c) => c.id === id)) return { ok: false, error: 'grants.error.no_criterion' };
  if (criteria.length === 1) return { ok: false, error: 'grants.error.criterion_last' };
  return { ok: true, criteria: criteria.filter((c) => c.id !== id) };
}

/** Moves a criterion one place up (-1) or down (+1); at either end it stays. */
export function moveCriterion(criteria: readonly CallCriterion[], id: string, by: -1 | 1): CallCriterion[] {
  const from = criteria.findIndex((c) => c.id === id);
  const to = from + by;
  if (from < 0 || to < 0 || to >= criteria.length) return [...criteria];
  const moved = [...criteria];
  [moved[from], moved[to]] = [moved[to]!, moved[from]!];
  return moved;
}
