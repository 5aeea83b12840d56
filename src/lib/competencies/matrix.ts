/**
 * A cohort's competency matrix as drawing data (decision 035): one row per member, one
 * column per competency, each cell the member's state. Pure; the page draws the SVG (no script).
 */
import { coursesDeveloping, type AssessingCourse, type CompetencyState } from './rule.ts';

/** Cell side in pixels: the SVG carries no text; the table beside it names rows and columns. */
export const CELL = 18;
const GAP = 2;

/** Fill per state: light to dark, told apart in grey too (printing, colour blindness). */
export const STATE_FILL: Record<CompetencyState, string> = {
  'not-started': '#e9ecef',
  developing: '#f0ad4e',
  demonstrated: '#1b6e3a',
};

export interface MatrixCell {
  x: number;
  y: number;
  state: CompetencyState;
  /** "Name: Competency (state)", the cell's tooltip and accessible name. */
  label: string;
}

/** The cells of the heat map, row by row, with the SVG's width and height. */
export function matrixCells(
  members: readonly { name: string; states: readonly { competency: string; state: CompetencyState }[] }[],
  competencies: readonly { id: string; title: string }[],
  stateName: (s: CompetencyState) => string,
): { cells: MatrixCell[]; width: number; height: number } {
  const cells = members.flatMap((m, row) =>
    competencies.map((c, column) => {
      const state = m.states.find((s) => s.competency === c.id)?.state ?? 'not-started';
      return {
        x: column * (CELL + GAP),
        y: row * (CELL + GAP),
        state,
        label: `${m.name}: ${c.title} (${stateName(state)})`,
      };
    }),
  );
  return {
    cells,
    width: Math.max(1, competencies.length * (CELL + GAP) - GAP),
    height: Math.max(1, members.length * (CELL + GAP) - GAP),
  };
}

/** The matrix's columns: the competencies (of every framework) that the cohort's course develops. */
export function matrixColumns<C extends { id: string }>(
  all: readonly C[],
  catalog: readonly AssessingCourse[],
  course: string,
): C[] {
  return all.filter((c) => coursesDeveloping(catalog, c.id).includes(course));
}
