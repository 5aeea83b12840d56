/**
 * The programme report's grant competitions (pure): per call, and by field and region, how many
 * proposals were submitted, how many won and the whole tenge awarded. A call's field is the
 * field of the courses or programmes its eligibility names (the courses themselves, the chosen
 * cohorts' courses, or the programmes) when they share one, else none; a proposal's region is
 * its lead's. Calls count in the period of their deadline's Almaty month; drafts are left out.
 */
import type { Localized } from '#lib/i18n/pick-text.ts';

export interface GrantCallFact {
  id: string;
  title: Localized<string>;
  state: string;
  budgetTenge: number;
  /** `YYYY-MM` of the deadline in Almaty time. */
  month: string;
  eligibility: { kind: string; ids: string[] };
}

/** Submitted proposals of one call from leads of one region ('' for none), counted in SQL. */
export interface GrantCallRegionCount {
  callId: string;
  region: string;
  proposals: number;
  winners: number;
  awardedTenge: number;
}

export interface GrantFigures {
  proposals: number;
  winners: number;
  awardedTenge: number;
}
export interface GrantCallRow extends GrantFigures {
  id: string;
  title: Localized<string>;
  field: string;
  state: string;
  budgetTenge: number;
}
export interface GrantFieldRegionRow extends GrantFigures {
  field: string;
  /** null for leads who gave no region. */
  region: string | null;
}
export interface ProgrammeGrants {
  calls: GrantCallRow[];
  byFieldRegion: GrantFieldRegionRow[];
  totals: GrantFigures & { calls: number };
}

export interface GrantReportOptions {
  from?: string;
  to?: string;
  /** Each course's field. */
  courseFields: Record<string, string>;
  /** Each cohort's course. */
  cohortCourses: Record<string, string>;
  /** Each programme's field. */
  programmeFields?: Record<string, string>;
}

/** The one field of the courses a call is for, or '' (anyone, or courses of several fields). */
export function callField(call: Pick<GrantCallFact, 'eligibility'>, options: GrantReportOptions): string {
  const { kind, ids } = call.eligibility;
  const courses = kind === 'courses' ? ids : kind === 'cohorts' ? ids.map((id) => options.cohortCourses[id]) : [];
  const fields = new Set(courses.map((c) => (c ? (options.courseFields[c] ?? '') : '')));
  if (kind === 'programmes') for (const id of ids) fields.add(options.programmeFields?.[id] ?? '');
  return fields.size === 1 ? [...fields][0]! : '';
}

const add = (into: GrantFigures, from: GrantFigures) => {
  into.proposals += from.proposals;
  into.winners += from.winners;
  into.awardedTenge += from.awardedTenge;
};
const zero = (): GrantFigures => ({ proposals: 0, winners: 0, awardedTenge: 0 });

/** The report's grant tables from the calls and their counts per region. */
export function summariseGrants(
  facts: readonly GrantCallFact[],
  counts: readonly GrantCallRegionCount[],
  options: GrantReportOptions,
): ProgrammeGrants {
  const inPeriod = facts.filter(
    (c) => c.state !== 'draft' && (!options.from || c.month >= options.from) && (!options.to || c.month <= options.to),
  );
  const calls = new Map<string, GrantCallRow>(
    inPeriod.map((c) => [
      c.id,
      { id: c.id, title: c.title, field: callField(c, options), state: c.state, budgetTenge: c.budgetTenge, ...zero() },
    ]),
  );
  const groups = new Map<string, GrantFieldRegionRow>();
  const totals = { calls: calls.size, ...zero() };
  for (const count of counts) {
    const call = calls.get(count.callId);
    if (!call) continue;
    add(call, count);
    add(totals, count);
    const key = JSON.stringify([call.field, count.region]);
    const group = groups.get(key) ?? { field: call.field, region: count.region || null, ...zero() };
    add(group, count);
    groups.set(key, group);
  }
  const byFieldRegion = [...groups.values()].sort(
    (a, b) => a.field.localeCompare(b.field) || (a.region ?? '\uffff').localeCompare(b.region ?? '\uffff'),
  );
  return { calls: [...calls.values()], byFieldRegion, totals };
}
