/**
 * The field a course or programme names (`field:`) must be one of the site's fields (`fields:`
 * of the site configuration; the starter curriculum's three unless told). `npm run validate`,
 * and so the build, names a field the site does not list, with the list and the nearest id.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEFAULT_FIELDS, fieldIds } from './fields.ts';
import { finding, type Finding } from './findings.ts';
import { closest } from './nearest.ts';
import { PROGRAMMES_FOLDER } from './programme-schema.ts';
import { parseYamlWithLines } from './yaml-lines.ts';

/**
 * The field ids of the configuration, read loosely (validate must work before the site is
 * configured, and a broken configuration is the server's to report): the starter three when it
 * lists none or cannot be read.
 */
export function configuredFieldIds(raw: unknown): string[] {
  const list = (raw as { fields?: unknown } | null | undefined)?.fields;
  const ids = Array.isArray(list)
    ? list.map((f) => (f as { id?: unknown } | null)?.id).filter((id): id is string => typeof id === 'string')
    : [];
  return ids.length ? ids : fieldIds(DEFAULT_FIELDS);
}

/** A finding when `id` is not among `known`; none for a field that is not a string (the schema says why). */
export function fieldFinding(file: string, line: number | undefined, id: unknown, known: readonly string[]) {
  if (typeof id !== 'string' || known.includes(id)) return [];
  const suggestion = closest(id, known);
  const params = { id, known: known.join(', '), suggestion: suggestion ?? '' };
  return [
    finding(file, line, 'error', suggestion ? 'validate.field_unknown_suggest' : 'validate.field_unknown', params),
  ];
}

/** Every course.yaml and programme file of `coursesDir` whose field the site does not list. */
export function fieldFindings(coursesDir: string, projectRoot: string, known: readonly string[]): Finding[] {
  const files = [
    ...readdirSync(coursesDir)
      .filter((c) => !/^[._]/.test(c))
      .map((c) => join(coursesDir, c, 'course.yaml')),
    ...(existsSync(join(coursesDir, PROGRAMMES_FOLDER))
      ? readdirSync(join(coursesDir, PROGRAMMES_FOLDER))
          .filter((f) => /\.ya?ml$/.test(f))
          .map((f) => join(coursesDir, PROGRAMMES_FOLDER, f))
      : []),
  ].filter((f) => existsSync(f));
  return files.sort().flatMap((abs) => {
    const yaml = parseYamlWithLines(readFileSync(abs, 'utf8'));
    if (yaml.syntax) return [];
    const file = relative(projectRoot, abs).replace(/\\/g, '/');
    return fieldFinding(file, yaml.lineOf(['field']), (yaml.data as { field?: unknown } | null)?.field, known);
  });
}
