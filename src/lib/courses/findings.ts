/**
 * What `npm run validate` reports: one finding per mistake, naming the file and line, with a
 * message key (`validate.*` in src/lib/i18n/<locale>.json) and the values it needs, so the same
 * finding prints in the trainer's language. Every check (schemas, quiz reachability, lesson
 * bodies, languages) produces this shape; src/cli/validate.ts renders them.
 */
import type { Locale } from '#lib/i18n/locales.ts';
import { dictionaries, type Params } from '#lib/i18n/t.ts';
import { authorMessageOf } from './author-messages.ts';

export type Severity = 'error' | 'warning' | 'note';

export interface Finding {
  /** Path of the file, relative to the project, `/`-separated (e.g. `courses/x/course.yaml`). */
  file: string;
  /** 1-based line in that file, when the mistake has one. */
  line?: number;
  /** `error` fails validate and the build; `warning` is printed and allowed; `note` informs (a missing translation). */
  severity: Severity;
  /** A message key, e.g. `validate.unknown_key`; its text is in each i18n dictionary. */
  key: string;
  /** Values for the `{name}` placeholders of the message. */
  params: Params;
  /**
   * A message of its own that fills the `{message}` placeholder, in the same language: what a
   * course-format schema said (`validate.author.*`), placed after where it applies.
   */
  detail?: { key: string; params: Params };
}

/** Builds a finding; `line` is left out when unknown. */
export function finding(
  file: string,
  line: number | undefined,
  severity: Severity,
  key: string,
  params: Params = {},
): Finding {
  return line === undefined ? { file, severity, key, params } : { file, line, severity, key, params };
}

/** The message of a finding in `locale` (English when a translation is missing; the key itself when unknown). */
export function findingMessage(f: Finding, locale: Locale): string {
  const template = dictionaries[locale][f.key] ?? dictionaries.en[f.key] ?? f.key;
  const { detail, ...rest } = f;
  const params = detail ? { ...f.params, message: findingMessage({ ...rest, ...detail }, locale) } : f.params;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** One line: `error courses/x/quizzes/q.yaml:12: message`. */
export function formatFinding(f: Finding, locale: Locale): string {
  const label = dictionaries[locale][`validate.severity.${f.severity}`] ?? f.severity;
  return `${label} ${f.file}${f.line ? `:${f.line}` : ''}: ${findingMessage(f, locale)}`;
}

/** Sorted by file, then line, errors first on the same line. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1),
  );
}

/**
 * A `validate.schema` error (or `key`, with `{where}` and `{message}`) for one zod issue at
 * `where`: in the reader's language when the schema gave an author message (author-messages.ts),
 * else zod's own text.
 */
export function schemaIssueFinding(
  file: string,
  line: number | undefined,
  where: string,
  issue: { code: string; message: string; params?: Record<string, unknown> },
  key = 'validate.schema',
): Finding {
  const made = finding(file, line, 'error', key, { where: where || '-', message: issue.message });
  const author = authorMessageOf(issue);
  return author ? { ...made, detail: { key: author.key, params: author.vars } } : made;
}

/** One `validate.schema` error per issue of a zod parse of a YAML file, at the issue's line. */
export function schemaIssueFindings(
  file: string,
  lineOf: (path: readonly PropertyKey[]) => number | undefined,
  issues: readonly { path: readonly PropertyKey[]; code: string; message: string; params?: Record<string, unknown> }[],
): Finding[] {
  return issues.map((issue) => schemaIssueFinding(file, lineOf(issue.path), issue.path.map(String).join('.'), issue));
}
