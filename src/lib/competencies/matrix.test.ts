import { describe, expect, test } from 'vitest';
import { CELL, matrixCells } from './matrix.ts';

const members = [
  { name: 'Әлия', states: [{ competency: 'civic', state: 'demonstrated' as const }] },
  { name: 'Дана', states: [{ competency: 'maps', state: 'developing' as const }] },
];
const competencies = [
  { id: 'civic', title: 'Civic' },
  { id: 'maps', title: 'Maps' },
];

describe('the cohort matrix', () => {
  test('one cell per member and competency, row by row, unknown states not started', () => {
    const { cells, width, height } = matrixCells(members, competencies, (s) => s.toUpperCase());
    expect(cells.map((c) => [c.x, c.y, c.state])).toEqual([
      [0, 0, 'demonstrated'],
      [CELL + 2, 0, 'not-started'],
      [0, CELL + 2, 'not-started'],
      [CELL + 2, CELL + 2, 'developing'],
    ]);
    expect(cells[0]?.label).toBe('Әлия: Civic (DEMONSTRATED)');
    expect([width, height]).toEqual([2 * CELL + 2, 2 * CELL + 2]);
  });
});
