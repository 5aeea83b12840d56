/**
 * A cohort's competency matrix as drawing data (decision 035): one row per member, one
 * column per competency, each cell the member's state. Pure; the page draws the SVG (no script).
 */
import { coursesDeveloping, type AssessingCourse, type CompetencyState } from './rule.ts';

/** Members per page of the matrix: the page stays small however big the cohort (decision 052). */
export const MATRIX_PAGE_SIZE = 100;

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

/** What a cohort's matrix is about: its course, or the programme the cohort follows (decision 047). */
export interface MatrixScope {
  course: string;
  /** The programme's courses and, when its file names them, its competencies. */
  programme?: { courses: readonly string[]; competencies?: readonly string[] | undefined };
}

/**
 * A cohort's scope: the programme as its file says now, or, once the file is gone, the courses
 * the cohort kept when it started; no programme, the course alone.
 */
export function matrixScope(
  cohort: { course: string; programme?: string | null; programmeCourses?: readonly string[] | null },
  programme: { data: { courses: readonly string[]; competencies?: readonly string[] | undefined } } | undefined,
): MatrixScope {
  if (!cohort.programme) return { course: cohort.course };
  if (programme) return { course: cohort.course, programme: programme.data };
  return { course: cohort.course, programme: { courses: cohort.programmeCourses ?? [cohort.course] } };
}

/**
 * The matrix's columns: the competencies (of every framework) that the cohort's course develops;
 * for a cohort following a programme, the programme's: those its file names, else those any of
 * its courses develops (so a trainer sees, and can set, every competency of the path).
 */
export function matrixColumns<C extends { id: string }>(
  all: readonly C[],
  catalog: readonly AssessingCourse[],
  scope: MatrixScope,
): C[] {
  const named = scope.programme?.competencies;
  if (named) return all.filter((c) => named.includes(c.id));
  const courses = scope.programme?.courses ?? [scope.course];
  return all.filter((c) => coursesDeveloping(catalog, c.id).some((s) => courses.includes(s)));
}

/** Height of the whole cohort's bars above the members' rows. */
export const SUMMARY_HEIGHT = 60;
const BAND_GAP = 12;

export interface SummarySegment {
  x: number;
  y: number;
  height: number;
  state: CompetencyState;
  /** "Competency: 12 of 3,000 demonstrated", the segment's tooltip. */
  label: string;
}

/** Bottom to top: the darkest (demonstrated) at the base, as a bar that fills up. */
const STACK: readonly CompetencyState[] = ['demonstrated', 'developing', 'not-started'];

/**
 * The whole cohort's bar per competency: its column's height split by the share of members in
 * each state. Empty segments are left out.
 */
export function summaryBars(
  competencies: readonly { id: string; title: string }[],
  counts: Readonly<Record<string, Readonly<Record<CompetencyState, number>>>>,
  total: number,
  label: (competency: string, state: CompetencyState, count: number) => string,
): SummarySegment[] {
  return competencies.flatMap((c, column) => {
    let bottom = SUMMARY_HEIGHT;
    return STACK.flatMap((state) => {
      const n = counts[c.id]?.[state] ?? 0;
      if (n === 0 || total === 0) return [];
      const height = (SUMMARY_HEIGHT * n) / total;
      bottom -= height;
      return [
        { x: column * (CELL + GAP), y: round(bottom), height: round(height), state, label: label(c.title, state, n) },
      ];
    });
  });
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The heat map: the cohort's bars on top, then one row per member of the page. */
export function heatMap(
  members: Parameters<typeof matrixCells>[0],
  competencies: readonly { id: string; title: string }[],
  summary: { counts: Parameters<typeof summaryBars>[1]; total: number },
  text: { state: (s: CompetencyState) => string; count: (title: string, s: CompetencyState, n: number) => string },
): { bars: SummarySegment[]; cells: MatrixCell[]; width: number; height: number } {
  const grid = matrixCells(members, competencies, text.state);
  const top = SUMMARY_HEIGHT + BAND_GAP;
  return {
    bars: summaryBars(competencies, summary.counts, summary.total, text.count),
    cells: grid.cells.map((c) => ({ ...c, y: c.y + top })),
    width: grid.width,
    height: members.length ? grid.height + top : SUMMARY_HEIGHT,
  };
}
