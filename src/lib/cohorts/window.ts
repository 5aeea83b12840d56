/** Whether a cohort takes applications now. Dates are calendar days in Kazakhstan (UTC+5). */
export type WindowState = 'none' | 'not_yet' | 'open' | 'closed';

/** Today's date in Kazakhstan as YYYY-MM-DD. */
export function kazakhstanDate(now: Date): string {
  return new Date(now.getTime() + 5 * 3600_000).toISOString().slice(0, 10);
}

export function applicationWindow(cohort: { applicationsOpenOn: string | null; applicationsCloseOn: string | null }, now: Date): WindowState {
  if (!cohort.applicationsOpenOn && !cohort.applicationsCloseOn) return 'none';
  const today = kazakhstanDate(now);
  if (cohort.applicationsOpenOn && today < cohort.applicationsOpenOn) return 'not_yet';
  if (cohort.applicationsCloseOn && today > cohort.applicationsCloseOn) return 'closed';
  return 'open';
}
