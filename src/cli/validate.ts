import { resolve } from 'node:path';
import { formatProblem, validateCourseContent, validateCourseTree } from '#lib/courses/validate.ts';

/**
 * `oqu validate [dir]`: prints every problem; exit code 1 when any is an error. Besides the
 * schemas, checks each course as an importing host would (assets by content: errors; code in
 * lessons: warnings, see docs/authoring.md).
 */
export async function runValidate(projectRoot: string, args: string[]): Promise<number> {
  const dir = resolve(projectRoot, args[0] ?? 'courses');
  const report = validateCourseTree(dir, projectRoot);
  report.problems.push(...(await validateCourseContent(dir, projectRoot)));
  const errors = report.problems.filter((p) => p.level === 'error');
  for (const p of report.problems) (p.level === 'error' ? console.error : console.log)(formatProblem(p));
  const summary = `${report.courses} course(s), ${report.lessons} lesson file(s), ${report.quizzes} quiz(zes)`;
  if (errors.length > 0) {
    console.error(
      `\nCourse check failed: ${errors.length} error(s) in ${summary}. Fix them and run \`npm run validate\` again.`,
    );
    return 1;
  }
  const warnings = report.problems.filter((p) => p.level === 'warning').length;
  console.log(
    `Course check passed: ${summary}${warnings ? `, ${warnings} warning(s): lessons another host would refuse` : ''}.`,
  );
  return 0;
}
