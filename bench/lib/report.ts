/** Result rows, the printed table (Markdown, so it can go straight into docs) and the JSON file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Target {
  op: '<=' | '>=';
  value: number;
}

export interface Row {
  /** The part of the benchmark, e.g. "3 HTTP". */
  part: string;
  /** What was measured, e.g. "static lesson, req/s". */
  metric: string;
  /** The measured value in `unit`; null when it could not be measured. */
  value: number | null;
  unit: string;
  /** Shown instead of the value, e.g. "not available yet". */
  text?: string;
  /** What the value is compared with, when there is something to compare with. */
  baseline?: { label: string; value: number | null; unit?: string; text?: string };
  /** value / baseline. */
  ratio?: number | null;
  target?: Target;
  /** What the target applies to: the value (default) or the ratio to the baseline. */
  targetOn?: 'value' | 'ratio';
  /** Whether the target is met; null when there is no target or no value. */
  met: boolean | null;
  note?: string;
}

export type RowInput = Omit<Row, 'met' | 'ratio'> & { ratio?: number | null };

/** Fills in `met` (and the ratio to the baseline, unless given). */
export function makeRow(input: RowInput): Row {
  const { value, target, baseline } = input;
  const ratio =
    input.ratio !== undefined
      ? input.ratio
      : baseline && baseline.value && value !== null
        ? value / baseline.value
        : undefined;
  const judged = input.targetOn === 'ratio' ? (ratio ?? null) : value;
  const met =
    target && judged !== null && Number.isFinite(judged)
      ? target.op === '<='
        ? judged <= target.value
        : judged >= target.value
      : null;
  return { ...input, ...(ratio !== undefined ? { ratio } : {}), met };
}

export function formatNumber(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  const digits =
    unit === 'KB' || unit === 's'
      ? abs >= 100
        ? 0
        : 1
      : unit === '×'
        ? 2
        : unit === 'ms'
          ? abs >= 100
            ? 0
            : abs >= 10
              ? 1
              : 2
          : abs >= 100
            ? 0
            : 1;
  // A tiny ratio (0.4 KB against 460 KB) keeps two significant digits instead of showing 0.00.
  const text =
    unit === '×' && abs > 0 && abs < 0.01
      ? value.toPrecision(2)
      : value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: unit === '×' ? 2 : 0 });
  return unit === '×' ? `${text}×` : unit ? `${text} ${unit}` : text;
}

function cellValue(row: Row): string {
  if (row.text) return row.text;
  return row.value === null ? 'n/a' : formatNumber(row.value, row.unit);
}

function cellBaseline(row: Row): string {
  if (!row.baseline) return '';
  const { label, value, unit, text } = row.baseline;
  if (text) return `${label}: ${text}`;
  return value === null ? `${label}: n/a` : `${label}: ${formatNumber(value, unit ?? row.unit)}`;
}

function cellTarget(row: Row): string {
  if (!row.target) return '';
  const op = row.target.op === '<=' ? '≤' : '≥';
  if (row.targetOn === 'ratio')
    return `${op} ${formatNumber(row.target.value, '×')}${row.baseline ? ` ${row.baseline.label}` : ''}`;
  return `${op} ${formatNumber(row.target.value, row.unit)}`;
}

function cellMet(row: Row): string {
  if (row.met === null) return row.target ? 'n/a' : '';
  return row.met ? 'met' : '**not met**';
}

const escape = (s: string): string => s.replace(/\|/g, '\\|');

/** The rows as a Markdown table. */
export function renderTable(rows: readonly Row[]): string {
  const header = ['Part', 'Measure', 'Oqu', 'Baseline', 'Ratio', 'Target', 'Met'];
  const lines = rows.map((r) => [
    r.part,
    r.metric,
    cellValue(r),
    cellBaseline(r),
    r.ratio === undefined || r.ratio === null ? '' : formatNumber(r.ratio, '×'),
    cellTarget(r),
    cellMet(r),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cells: string[]): string => `| ${cells.map((c, i) => escape(c).padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [fmt(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join('\n');
}

/** The notes attached to rows, as a numbered list under the table. */
export function renderNotes(rows: readonly Row[]): string {
  return rows
    .filter((r) => r.note)
    .map((r) => `- ${r.part}, ${r.metric}: ${r.note}`)
    .join('\n');
}

export function writeJson(file: string, data: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

/**
 * One line per row (or baseline) that a part could not measure, with the reason it gave, so that
 * the top of the table says plainly what this run lacks. A row without a figure and without a
 * reason is a result (e.g. no rate held its latency goal), not a gap, and is not listed.
 */
export function unmeasuredLines(rows: readonly Row[]): string[] {
  const lines: string[] = [];
  for (const r of rows) {
    if (r.value === null && r.text) lines.push(`${r.part}, ${r.metric}: ${r.text}`);
    else if (r.baseline?.value === null && r.baseline.text)
      lines.push(`${r.part}, ${r.metric}, baseline ${r.baseline.label}: ${r.baseline.text}`);
  }
  return lines;
}
