import { describe, expect, it } from 'vitest';
import { progressPercent } from './percent.ts';

describe('progressPercent', () => {
  it('is lessons done over lessons, rounded down', () => {
    expect(progressPercent(1, 3, false)).toBe(33);
    expect(progressPercent(2, 3, false)).toBe(66);
    expect(progressPercent(3, 4, false)).toBe(75);
    expect(progressPercent(29, 100, false)).toBe(29);
  });

  it('is 100 exactly when the course is completed', () => {
    expect(progressPercent(3, 3, false)).toBe(99);
    expect(progressPercent(3, 3, true)).toBe(100);
    expect(progressPercent(1, 4, true)).toBe(100);
  });

  it('never leaves 0..100', () => {
    expect(progressPercent(0, 0, false)).toBe(0);
    expect(progressPercent(5, 4, false)).toBe(99);
    expect(progressPercent(-1, 4, false)).toBe(0);
  });
});
