/**
 * Which languages a course must be written in (decision 020): those it declares in
 * `languages:` (every language the site enables when it declares none), of the ones the site
 * enables. A text missing in one of them is an error; a text missing in any other language is
 * fine, since its readers see the next language of their chain with a notice.
 */
import { LOCALES, type Locale } from '#lib/i18n/locales.ts';
import { finding, type Finding } from './findings.ts';

/** The languages every text of a course must have: `declared` (or all enabled) that the site enables. */
export function requiredLanguages(declared: readonly Locale[] | undefined, enabled: readonly Locale[]): Locale[] {
  return declared ? enabled.filter((l) => declared.includes(l)) : [...enabled];
}

/** A `{ kk: ..., ru: ... }` value: a non-empty object whose keys are all language codes. */
function isLocalized(node: unknown): node is Record<string, unknown> {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return false;
  const keys = Object.keys(node);
  return keys.length > 0 && keys.every((k) => (LOCALES as readonly string[]).includes(k));
}

/** Every per-language value in a parsed YAML file, with its path. */
function localizedValues(
  node: unknown,
  path: PropertyKey[] = [],
): { path: PropertyKey[]; value: Record<string, unknown> }[] {
  if (isLocalized(node)) return [{ path, value: node }];
  if (Array.isArray(node)) return node.flatMap((item, i) => localizedValues(item, [...path, i]));
  if (typeof node === 'object' && node !== null) {
    return Object.entries(node).flatMap(([k, v]) => localizedValues(v, [...path, k]));
  }
  return [];
}

export interface LanguageCheck {
  /** The file, relative to the project. */
  file: string;
  /** The parsed YAML of `course.yaml` or a quiz. */
  data: unknown;
  /** The line of the node at a path (yaml-lines.ts). */
  lineOf: (path: readonly PropertyKey[]) => number | undefined;
  /** A path for a person (`question "why", prompt`). */
  where: (path: readonly PropertyKey[]) => string;
  /** From `requiredLanguages`. */
  required: readonly Locale[];
}

/** An error for each text (title, prompt, choice, feedback, accepted answers…) that lacks a required language. */
export function missingTranslationFindings(check: LanguageCheck): Finding[] {
  const langs = check.required.join(', ');
  return localizedValues(check.data).flatMap(({ path, value }) =>
    check.required
      .filter((lang) => value[lang] === undefined || value[lang] === null)
      .map((lang) =>
        finding(check.file, check.lineOf(path), 'error', 'validate.required_translation', {
          where: check.where(path),
          lang,
          langs,
        }),
      ),
  );
}

/** An error when a course declares only languages the site does not offer (nobody could read it). */
export function declaredLanguageFindings(
  file: string,
  declared: readonly Locale[] | undefined,
  enabled: readonly Locale[],
  lineOf: (path: readonly PropertyKey[]) => number | undefined,
): Finding[] {
  if (!declared || requiredLanguages(declared, enabled).length > 0) return [];
  return [
    finding(file, lineOf(['languages']), 'error', 'validate.languages_not_enabled', {
      langs: declared.join(', '),
      enabled: enabled.join(', '),
    }),
  ];
}
