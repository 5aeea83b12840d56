/**
 * The programme report's grant competitions read from the database: the calls (not drafts),
 * the cohorts' courses, and the submitted proposals counted in SQL per call and lead's region
 * with their winners and the whole tenge awarded; summed up by `summariseGrants`.
 */
import { ne, sql } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { cohorts, grantCalls } from '#db/schema.ts';
import { kazakhstanDate } from '#lib/time/dates.ts';
import {
  summariseGrants,
  type GrantCallRegionCount,
  type GrantReportOptions,
  type ProgrammeGrants,
} from './programme-grants.ts';

export async function programmeGrants(
  db: Database,
  options: Omit<GrantReportOptions, 'cohortCourses'>,
): Promise<ProgrammeGrants> {
  const calls = await db.select().from(grantCalls).where(ne(grantCalls.state, 'draft'));
  if (calls.length === 0) return summariseGrants([], [], { ...options, cohortCourses: {} });
  const cohortRows = await db.select({ id: cohorts.id, course: cohorts.course }).from(cohorts);
  const counts = await db.all<Record<keyof GrantCallRegionCount, unknown>>(sql`
    SELECT p.call_id AS callId, coalesce(u.region, '') AS region, count(*) AS proposals,
      count(d.proposal_id) AS winners, coalesce(sum(d.amount_tenge), 0) AS awardedTenge
    FROM grant_proposals p
    JOIN users u ON u.id = p.lead_id
    LEFT JOIN grant_decisions d ON d.proposal_id = p.id
    WHERE p.status = 'submitted'
    GROUP BY p.call_id, coalesce(u.region, '')`);
  return summariseGrants(
    calls.map((c) => ({
      id: c.id,
      title: c.title,
      state: c.state,
      budgetTenge: c.budgetTenge,
      month: kazakhstanDate(c.closesAt).slice(0, 7),
      eligibility: c.eligibility,
    })),
    counts.map((r) => ({
      callId: String(r.callId),
      region: String(r.region),
      proposals: Number(r.proposals),
      winners: Number(r.winners),
      awardedTenge: Number(r.awardedTenge),
    })),
    { ...options, cohortCourses: Object.fromEntries(cohortRows.map((c) => [c.id, c.course])) },
  );
}
