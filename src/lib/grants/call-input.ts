/**
 * Reading the admin's "new call" form (pure): titles per language, eligibility, times in Almaty,
 * money, blind review, and how many proposals one team may submit.
 */
import { LOCALES, type Locale } from '#lib/i18n/locales.ts';
import type { Result } from '#lib/result.ts';
import { parseTenge } from './money.ts';

export type CallInputError =
  | 'grants.error.title'
  | 'grants.error.times'
  | 'grants.error.money'
  | 'grants.error.eligibility'
  | 'grants.error.per_lead'
  | 'form.unreadable';

/** The most proposals a call may let one team (its lead) submit. */
export const MAX_PROPOSALS_PER_LEAD = 10;

export interface CallInput {
  title: Partial<Record<Locale, string>>;
  description: Partial<Record<Locale, string>>;
  eligibility: { kind: 'everyone' | 'cohorts' | 'courses' | 'programmes'; ids: string[] };
  opensAt: Date;
  closesAt: Date;
  budgetTenge: number;
  maxPerProjectTenge: number;
  blind: boolean;
  /** How many proposals one team (its lead) may have in the call: 1 unless the admin allows more. */
  proposalsPerLead: number;
}

/**
 * A `datetime-local` value ("2026-12-20T18:00") as that instant in Kazakhstan (UTC+5 all year,
 * see time/dates.ts); null when it is not one.
 */
export function parseAlmatyDateTime(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const date = new Date(`${value.length === 16 ? `${value}:00` : value}+05:00`);
  return Number.isNaN(date.getTime()) ? null : date;
}

const text = (form: FormData, name: string, max: number) => {
  const v = form.get(name);
  return typeof v === 'string' ? v.slice(0, max).trim() : '';
};

export function readCallInput(form: FormData): Result<{ input: CallInput }, CallInputError> {
  const title: Partial<Record<Locale, string>> = {};
  const description: Partial<Record<Locale, string>> = {};
  for (const l of LOCALES) {
    if (text(form, `title-${l}`, 200)) title[l] = text(form, `title-${l}`, 200);
    if (text(form, `description-${l}`, 5000)) description[l] = text(form, `description-${l}`, 5000);
  }
  if (Object.keys(title).length === 0)
    return { ok: false, error: 'grants.error.title', fields: { 'title-en': 'grants.error.title' } };
  const opensAt = parseAlmatyDateTime(text(form, 'opens', 20));
  const closesAt = parseAlmatyDateTime(text(form, 'closes', 20));
  if (!opensAt || !closesAt || opensAt >= closesAt) return { ok: false, error: 'grants.error.times' };
  const budgetTenge = parseTenge(text(form, 'budget', 40));
  const maxPerProjectTenge = parseTenge(text(form, 'max', 40));
  if (
    budgetTenge === null ||
    maxPerProjectTenge === null ||
    maxPerProjectTenge <= 0 ||
    maxPerProjectTenge > budgetTenge
  )
    return { ok: false, error: 'grants.error.money' };
  const kind = text(form, 'eligibility', 20);
  const ids = form
    .getAll(kind === 'cohorts' ? 'cohort' : kind === 'programmes' ? 'programme' : 'course')
    .filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 100)
    .slice(0, 100);
  if (kind !== 'everyone' && kind !== 'cohorts' && kind !== 'courses' && kind !== 'programmes')
    return { ok: false, error: 'grants.error.eligibility' };
  if (kind !== 'everyone' && ids.length === 0) return { ok: false, error: 'grants.error.eligibility' };
  const perLead = text(form, 'per-lead', 10) || '1';
  const proposalsPerLead = /^\d{1,2}$/.test(perLead) ? Number(perLead) : 0;
  if (proposalsPerLead < 1 || proposalsPerLead > MAX_PROPOSALS_PER_LEAD)
    return { ok: false, error: 'grants.error.per_lead', fields: { 'per-lead': 'grants.error.per_lead' } };
  return {
    ok: true,
    input: {
      title,
      description,
      eligibility: { kind, ids: kind === 'everyone' ? [] : ids },
      opensAt,
      closesAt,
      budgetTenge,
      maxPerProjectTenge,
      blind: text(form, 'blind', 3) === 'yes',
      proposalsPerLead,
    },
  };
}
