import { describe, expect, test } from 'vitest';
import { CELL, heatMap, matrixCells, SUMMARY_HEIGHT, summaryBars } from './matrix.ts';

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

  test("the cohort's bar: each state's share of the height, demonstrated at the bottom, empty ones out", () => {
    const counts = {
      civic: { demonstrated: 1, developing: 2, 'not-started': 1 },
      maps: { demonstrated: 0, developing: 0, 'not-started': 4 },
    };
    const bars = summaryBars(competencies, counts, 4, (c, s, n) => `${c} ${s} ${n}`);
    expect(bars.map((b) => [b.x, b.y, b.height, b.state])).toEqual([
      [0, SUMMARY_HEIGHT * 0.75, SUMMARY_HEIGHT * 0.25, 'demonstrated'],
      [0, SUMMARY_HEIGHT * 0.25, SUMMARY_HEIGHT * 0.5, 'developing'],
      [0, 0, SUMMARY_HEIGHT * 0.25, 'not-started'],
      [CELL + 2, 0, SUMMARY_HEIGHT, 'not-started'],
    ]);
    expect(bars[1]?.label).toBe('Civic developing 2');
    const map = heatMap(members, competencies, { counts, total: 4 }, { state: (s) => s, count: () => '' });
    expect(map.cells[0]?.y).toBeGreaterThan(SUMMARY_HEIGHT);
    expect(map.height).toBe(map.cells.at(-1)!.y + CELL);
  });
});
