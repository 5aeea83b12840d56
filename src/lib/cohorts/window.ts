/** Whether a cohort takes applications now. Dates are calendar days in Kazakhstan (UTC+5). */
import { kazakhstanDate } from '#lib/time/dates.ts';

export type WindowState = 'none' | 'not_yet' | 'open' | 'closed';

export function applicationWindow(
  cohort: { applicationsOpenOn: string | null; applicationsCloseOn: string | null },
  now: Date,
): WindowState {
  if (!cohort.applicationsOpenOn && !cohort.applicationsCloseOn) return 'none';
  const today = kazakhstanDate(now);
  if (cohort.applicationsOpenOn && today < cohort.applicationsOpenOn) return 'not_yet';
  if (cohort.applicationsCloseOn && today > cohort.applicationsCloseOn) return 'closed';
  return 'open';
}
