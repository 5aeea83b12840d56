import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import { isLocale, type Locale } from '#lib/i18n/locales.ts';
import { findingMessage, formatFinding, sortFindings } from '#lib/courses/findings.ts';
import { validateCourseContent, validateCourseTree } from '#lib/courses/validate.ts';
import { finding, type Finding } from '#lib/courses/findings.ts';
import { courseFolders } from '#lib/courses/content-files.ts';
import { unknownCourseNames } from '#lib/courses/visibility.ts';
import { loadSiteConfigFile, siteConfigPath } from '#lib/site/config.ts';

/**
 * The trainer's language: `--lang kk|ru|en`, else `OQU_LANG`, else the site's default language
 * (oqu.config.yaml `locales.default`: the partner's trainers read it), else English.
 */
export function validateLanguage(projectRoot: string, args: string[], env = process.env): Locale {
  const i = args.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const flag = i < 0 ? undefined : args[i]?.includes('=') ? args[i]?.split('=')[1] : args[i + 1];
  if (isLocale(flag)) return flag;
  if (isLocale(env.OQU_LANG)) return env.OQU_LANG;
  const config = env.OQU_CONFIG ? resolve(projectRoot, env.OQU_CONFIG) : join(projectRoot, 'oqu.config.yaml');
  try {
    const fallback = existsSync(config)
      ? (parse(readFileSync(config, 'utf8')) as { locales?: { default?: unknown } } | null)?.locales?.default
      : undefined;
    if (isLocale(fallback)) return fallback;
  } catch {
    // A broken configuration is reported by the server; validate still speaks English.
  }
  return 'en';
}

/**
 * Names in the configuration's `courses.hidden` and `courses.archived` that match no course
 * folder, when validating the site's own courses/ (a broken configuration is the build's and
 * start-up's to report).
 */
function configFindings(projectRoot: string, dir: string): Finding[] {
  if (dir !== resolve(projectRoot, 'courses')) return [];
  let states;
  try {
    states = loadSiteConfigFile(projectRoot).courses;
  } catch {
    return [];
  }
  const file = relative(projectRoot, siteConfigPath(projectRoot)).split(sep).join('/');
  return unknownCourseNames(states, courseFolders(dir)).map(({ key, name, probably }) =>
    probably
      ? finding(file, undefined, 'error', 'validate.config_course_unknown_probably', { key, name, probably })
      : finding(file, undefined, 'error', 'validate.config_course_unknown', { key, name }),
  );
}

/**
 * `oqu validate [dir] [--lang kk|ru|en]`: prints every finding in the trainer's language with its
 * file and line; exit code 1 when any is an error. Besides the schemas, checks that every required
 * quiz can be reached in every reader language, unknown keys, look-alike letters, lesson file
 * names, and each course as an importing host would (decision 018, docs/authoring.md).
 */
export async function runValidate(projectRoot: string, args: string[]): Promise<number> {
  const lang = validateLanguage(projectRoot, args);
  const positional = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--lang');
  const dir = resolve(projectRoot, positional[0] ?? 'courses');
  const report = validateCourseTree(dir, projectRoot);
  // One message per mistake: an unknown front matter key is already an error with "did you mean".
  const said = new Set(report.findings.filter((f) => f.severity === 'error').map((f) => `${f.file}:${f.line}`));
  const content = (await validateCourseContent(dir, projectRoot)).filter((f) => !said.has(`${f.file}:${f.line}`));
  const findings = sortFindings([...report.findings, ...content, ...configFindings(projectRoot, dir)]);
  for (const f of findings) (f.severity === 'error' ? console.error : console.log)(formatFinding(f, lang));
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const summary = findingMessage(
    {
      file: '',
      severity: 'note',
      key: 'validate.summary',
      params: {
        courses: report.courses,
        lessons: report.lessons,
        quizzes: report.quizzes,
        assignments: report.assignments,
      },
    },
    lang,
  );
  const say = (key: string, params: Record<string, string | number>) =>
    findingMessage({ file: '', severity: 'note', key, params }, lang);
  if (errors > 0) {
    console.error(`\n${say('validate.failed', { errors, summary })}`);
    return 1;
  }
  console.log(warnings ? say('validate.passed_warnings', { summary, warnings }) : say('validate.passed', { summary }));
  return 0;
}
