import { expect, it } from 'vitest';
import { noShowRate } from './session-stats.ts';

it('counts absent among those marked present or absent, excused and unmarked left out', () => {
  expect(noShowRate({ present: 3, absent: 1 })).toBe(25);
  expect(noShowRate({ present: 0, absent: 0 })).toBeNull();
  expect(noShowRate({ present: 2, absent: 1 })).toBe(33);
});
