/**
 * The checks `npm run validate` runs on programmes (decision 047): each file of
 * `courses/_programmes/` against its schema and the site's languages, and every name in it
 * against the site: its courses (an unknown one is an error naming the file, the line and the
 * nearest course, "did you mean"), the assignments and named sessions its rule asks for, and its
 * competencies.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import type { Locale } from '#lib/i18n/locales.ts';
import { courseFolders } from './content-files.ts';
import { finding, schemaIssueFindings, type Finding } from './findings.ts';
import { FRAMEWORKS_FOLDER } from './framework-schema.ts';
import { missingTranslationFindings } from './languages.ts';
import { closest } from './nearest.ts';
import { programmeSchema, PROGRAMMES_FOLDER, type Programme } from './programme-schema.ts';
import { parseYamlWithLines, type ParsedYaml } from './yaml-lines.ts';

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
const yamlFiles = (dir: string) =>
  isDir(dir)
    ? readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
    : [];

/** Competency ids the frameworks define; undefined while a framework file does not parse (its own findings say why). */
function knownCompetencies(coursesDir: string): string[] | undefined {
  const dir = join(coursesDir, FRAMEWORKS_FOLDER);
  const ids: string[] = [];
  for (const name of yamlFiles(dir)) {
    try {
      const list = (parse(readFileSync(join(dir, name), 'utf8')) as { competencies?: { id?: unknown }[] } | null)
        ?.competencies;
      if (!Array.isArray(list)) return undefined;
      for (const c of list) if (typeof c?.id === 'string') ids.push(c.id);
    } catch {
      return undefined;
    }
  }
  return ids;
}

/** The session names the courses' own rules list (`sessions: { named }` in course.yaml). */
function courseSessionNames(coursesDir: string, courses: readonly string[]): string[] {
  const names = new Set<string>();
  for (const course of courses) {
    try {
      const yaml = parse(readFileSync(join(coursesDir, course, 'course.yaml'), 'utf8')) as {
        completion?: { sessions?: { named?: unknown } };
      } | null;
      const named = yaml?.completion?.sessions?.named;
      if (Array.isArray(named)) for (const n of named) if (typeof n === 'string') names.add(n);
    } catch {
      // A course.yaml that does not parse has findings of its own.
    }
  }
  return [...names].sort();
}

/** An unknown name: an error saying what the site has, with the nearest when it looks like a typo. */
function unknownName(
  file: string,
  line: number | undefined,
  kind: 'course' | 'assignment' | 'competency' | 'session',
  id: string,
  known: readonly string[],
): Finding {
  const suggestion = kind === 'assignment' ? undefined : closest(id, known);
  const params = { id, known: known.join(', ') || '-', suggestion: suggestion ?? '' };
  const key =
    kind === 'competency'
      ? suggestion
        ? 'validate.unknown_competency_suggest'
        : 'validate.unknown_competency'
      : `validate.programme_unknown_${kind}${suggestion ? '_suggest' : ''}`;
  return finding(file, line, 'error', key, params);
}

/** What a valid programme names that the site does not have. */
export function programmeReferenceFindings(
  file: string,
  yaml: ParsedYaml,
  programme: Programme,
  coursesDir: string,
): Finding[] {
  const out: Finding[] = [];
  const courses = courseFolders(coursesDir);
  programme.courses.forEach((c, i) => {
    if (!courses.includes(c)) out.push(unknownName(file, yaml.lineOf(['courses', i]), 'course', c, courses));
  });
  programme.completion.assignments.forEach((a, i) => {
    if (!courses.includes(a.course)) return;
    const have = yamlFiles(join(coursesDir, a.course, 'assignments')).map((f) => f.replace(/\.ya?ml$/, ''));
    if (!have.includes(a.assignment))
      out.push(
        unknownName(
          file,
          yaml.lineOf(['completion', 'assignments', i, 'assignment']),
          'assignment',
          a.assignment,
          have,
        ),
      );
  });
  const named = courseSessionNames(
    coursesDir,
    programme.courses.filter((c) => courses.includes(c)),
  );
  (programme.completion.sessions?.named ?? []).forEach((n, i) => {
    if (!named.includes(n))
      out.push(unknownName(file, yaml.lineOf(['completion', 'sessions', 'named', i]), 'session', n, named));
  });
  const competencies = knownCompetencies(coursesDir);
  if (competencies)
    (programme.competencies ?? []).forEach((c, i) => {
      if (!competencies.includes(c))
        out.push(unknownName(file, yaml.lineOf(['competencies', i]), 'competency', c, competencies));
    });
  return out;
}

/** Every finding about the files of `courses/_programmes/` (decision 047). */
export function programmeFindings(coursesDir: string, projectRoot: string, langs: readonly Locale[]): Finding[] {
  const rel = (p: string) => relative(projectRoot, p).replace(/\\/g, '/');
  const dir = join(coursesDir, PROGRAMMES_FOLDER);
  const out: Finding[] = [];
  for (const name of yamlFiles(dir)) {
    const file = rel(join(dir, name));
    const yaml = parseYamlWithLines(readFileSync(join(dir, name), 'utf8'));
    if (yaml.syntax) {
      out.push(finding(file, yaml.syntax.line, 'error', yaml.syntax.key, yaml.syntax.params));
      continue;
    }
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*\.ya?ml$/.test(name))
      out.push(finding(file, undefined, 'error', 'validate.programme_file_name', { name }));
    const parsed = programmeSchema.safeParse(yaml.data);
    if (!parsed.success) {
      out.push(...schemaIssueFindings(file, yaml.lineOf, parsed.error.issues));
      continue;
    }
    const where = (p: readonly PropertyKey[]) => p.join('.');
    out.push(...missingTranslationFindings({ file, data: yaml.data, lineOf: yaml.lineOf, where, required: langs }));
    out.push(...programmeReferenceFindings(file, yaml, parsed.data, coursesDir));
  }
  return out;
}
