/**
 * The pass mark a SCORM manifest states and the score a lesson's quiz reports, on one scale
 * (0-100 with two decimals), so that the LMS, which decides passed or failed from them (1.2's
 * mastery score, 2004's objective satisfied by measure), decides as Oqu's grading did.
 */

const twoDecimals = (n: number) => Math.round(n * 100) / 100;

/** The quiz's pass mark (its `passPercent`) as the manifest states it. */
export function passMark(passPercent: number): number {
  return twoDecimals(passPercent);
}

/**
 * The score to report for a graded quiz: Oqu's percent to two decimals, kept on the side of the
 * pass mark Oqu's grading chose (which compares the exact value): 2 of 3 right against a pass
 * mark of 67 is 66.67, failed, and must not be reported as 67.
 */
export function reportedPercent(grade: { percent: number; passed: boolean }, passPercent: number): number {
  const mark = passMark(passPercent);
  const percent = twoDecimals(grade.percent);
  if (grade.passed) return Math.max(percent, mark);
  return percent < mark ? percent : Math.max(0, twoDecimals(mark - 0.01));
}
