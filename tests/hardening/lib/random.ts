/** A small seeded PRNG (mulberry32) for the parts of the suite that are not fast-check properties. */
import { inject } from 'vitest';

export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The suite's seed (global-setup.ts), offset per use so two uses do not draw the same numbers. */
export function suiteSeed(offset = 0): number {
  return (inject('fcSeed') + offset) >>> 0;
}
