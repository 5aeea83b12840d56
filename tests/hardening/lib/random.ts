/** Seeded randomness for the parts of the suite that are not fast-check properties. */
import { inject } from 'vitest';

/** The same mulberry32 generator the quiz shuffle uses. */
export { seededRandom } from '#lib/quiz/public.ts';

/** The suite's seed (global-setup.ts), offset per use so two uses do not draw the same numbers. */
export function suiteSeed(offset = 0): number {
  return (inject('fcSeed') + offset) >>> 0;
}
