/** The no-show rate of sessions (decision 044), as a pure rule for the dashboards. */

/**
 * Absent among those marked present or absent, in whole percent; null when no one was marked
 * either. Excused people are not no-shows, and unmarked ones are not counted.
 */
export function noShowRate(s: { present: number; absent: number }): number | null {
  const marked = s.present + s.absent;
  return marked === 0 ? null : Math.round((s.absent / marked) * 100);
}
