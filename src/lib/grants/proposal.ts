/**
 * The rules of a proposal over plain data: reading the posted form into answers and budget
 * lines, and what is still missing before it may be submitted (the same list the applicant
 * sees and the server enforces).
 */
import type { Localized } from '#lib/i18n/pick-text.ts';
import type { MessageKey } from '#lib/i18n/t.ts';
import type { FormField } from './form-schema.ts';
import { formatTenge, parseTenge, sumTenge } from './money.ts';

/** The rows of budget lines a form shows (filled ones first, then empty ones to reach this). */
export const BUDGET_ROWS = 8;
const MAX_TEXT = { short: 200, long: 5000 } as const;

export interface BudgetLine {
  item: string;
  tenge: number;
}

export interface ProposalContent {
  answers: Record<string, string>;
  budget: BudgetLine[];
  /** Budget rows whose amount is not whole tenge, as typed (reported as missing, kept for the form). */
  badBudgetRows: number[];
}

/** One thing to fix before submitting, as a message key and its params. */
export interface Missing {
  key: MessageKey;
  params: Record<string, string | number>;
}

/** Reads `answer-<id>` and `budget-item-<n>`/`budget-tenge-<n>` from a posted form. */
export function readProposalForm(form: FormData, fields: readonly FormField[]): ProposalContent {
  const text = (name: string, max: number) => {
    const value = form.get(name);
    return typeof value === 'string' ? value.slice(0, max).trim() : '';
  };
  const answers: Record<string, string> = {};
  for (const f of fields)
    if (f.kind !== 'budget' && f.kind !== 'file')
      answers[f.id] = text(`answer-${f.id}`, MAX_TEXT[f.kind === 'long' ? 'long' : 'short']);
  const budget: BudgetLine[] = [];
  const badBudgetRows: number[] = [];
  for (let n = 0; n < BUDGET_ROWS; n++) {
    const item = text(`budget-item-${n}`, 200);
    const typed = text(`budget-tenge-${n}`, 40);
    if (!item && !typed) continue;
    const tenge = parseTenge(typed);
    if (tenge === null) badBudgetRows.push(budget.length + 1);
    budget.push({ item, tenge: tenge ?? 0 });
  }
  return { answers, budget, badBudgetRows };
}

/** `YYYY-MM-DD` naming a day that exists (not 2027-02-30 or month 13). */
function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function fieldProblem(f: FormField, value: string): MessageKey | null {
  if (!value) return f.required ? 'grants.missing.field' : null;
  if (f.kind === 'number' && !/^-?\d+(?:[.,]\d+)?$/.test(value)) return 'grants.missing.number';
  if (f.kind === 'money' && parseTenge(value) === null) return 'grants.missing.money';
  if (f.kind === 'date' && !isCalendarDate(value)) return 'grants.missing.date';
  // A choice is the index of one of its options; another number would show as an empty answer.
  if (f.kind === 'choice' && !(/^\d+$/.test(value) && Number(value) < f.options.length)) return 'grants.missing.field';
  return null;
}

/**
 * What stops the proposal from being submitted: empty required fields (a required file field
 * without a file: `files` counts them by field), malformed values, budget
 * lines without an item or amount, lines that do not add up to the amount requested, a request
 * above the call's maximum per project. Empty when it may be submitted.
 */
export function missingItems(
  fields: readonly FormField[],
  content: Pick<ProposalContent, 'answers' | 'budget'> & { badBudgetRows?: number[]; files?: Record<string, number> },
  maxPerProjectTenge: number,
  label: (f: FormField) => string,
): Missing[] {
  const missing: Missing[] = [];
  for (const f of fields) {
    if (f.kind === 'budget') continue;
    if (f.kind === 'file') {
      if (f.required && !content.files?.[f.id])
        missing.push({ key: 'grants.missing.file', params: { field: label(f) } });
      continue;
    }
    const problem = fieldProblem(f, content.answers[f.id] ?? '');
    if (problem) missing.push({ key: problem, params: { field: label(f) } });
  }
  const lines = content.budget;
  if (lines.length === 0) missing.push({ key: 'grants.missing.budget_lines', params: {} });
  lines.forEach((line, i) => {
    if (!line.item || line.tenge <= 0 || content.badBudgetRows?.includes(i + 1))
      missing.push({ key: 'grants.missing.budget_line', params: { line: i + 1 } });
  });
  const total = sumTenge(lines.map((l) => l.tenge));
  const requested = parseTenge(content.answers.requested ?? '');
  if (requested !== null && lines.length > 0 && requested !== total)
    missing.push({
      key: 'grants.missing.budget_sum',
      params: { total: formatTenge(total), requested: formatTenge(requested) },
    });
  if (total > maxPerProjectTenge || (requested ?? 0) > maxPerProjectTenge)
    missing.push({ key: 'grants.missing.budget_max', params: { max: formatTenge(maxPerProjectTenge) } });
  return missing;
}

/** The total of the budget lines in whole tenge. */
export function budgetTotal(lines: readonly BudgetLine[]): number {
  return sumTenge(lines.map((l) => l.tenge));
}

/**
 * A field's answer as plain text for reading outside a page (the admin's CSV): a choice as its
 * option's text, budget lines one per line with their amounts, a file field as the files' names.
 */
export function answerText(
  f: FormField,
  content: Pick<ProposalContent, 'answers' | 'budget'>,
  pick: (text: Localized<string> | undefined) => string,
  fileNames: readonly string[] = [],
): string {
  if (f.kind === 'budget') return content.budget.map((l) => `${l.item}: ${formatTenge(l.tenge)}`).join('\n');
  if (f.kind === 'file') return fileNames.join('\n');
  const value = content.answers[f.id] ?? '';
  if (f.kind === 'choice' && /^\d+$/.test(value)) return pick(f.options[Number(value)]) || value;
  return value;
}
