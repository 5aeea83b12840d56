import { resolve } from 'node:path';
import { formatProblem, validateCourseTree } from '../lib/courses/validate.ts';

/** `oqu validate [dir]`: prints every problem; exit code 1 when any is an error. */
export async function runValidate(projectRoot: string, args: string[]): Promise<number> {
  const dir = resolve(projectRoot, args[0] ?? 'courses');
  const report = validateCourseTree(dir, projectRoot);
  const errors = report.problems.filter((p) => p.level === 'error');
  for (const p of report.problems) (p.level === 'error' ? console.error : console.log)(formatProblem(p));
  const summary = `${report.courses} course(s), ${report.lessons} lesson file(s), ${report.quizzes} quiz(zes)`;
  if (errors.length > 0) {
    console.error(`\nCourse check failed: ${errors.length} error(s) in ${summary}. Fix them and run \`npm run validate\` again.`);
    return 1;
  }
  console.log(`Course check passed: ${summary}.`);
  return 0;
}
