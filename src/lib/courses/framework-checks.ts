/**
 * The checks `npm run validate` runs on competency frameworks (decision 034): each file of
 * `courses/_frameworks/` against its schema and the site's languages, competency ids unique
 * across frameworks, every `competencies: [...]` of a course, quiz question or rubric criterion
 * naming a known id (an unknown one is an error naming the file, the line and the nearest id),
 * and a warning for each competency that no question or criterion assesses.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Locale } from '#lib/i18n/locales.ts';
import { finding, schemaIssueFindings, type Finding } from './findings.ts';
import { frameworkSchema, FRAMEWORKS_FOLDER, type Framework } from './framework-schema.ts';
import { missingTranslationFindings } from './languages.ts';
import { closest } from './nearest.ts';
import { parseYamlWithLines, type ParsedYaml } from './yaml-lines.ts';

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
const yamlFiles = (dir: string) =>
  isDir(dir)
    ? readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
    : [];

/** A `competencies: [...]` list found in a course file. */
export interface CompetencyReference {
  file: string;
  line?: number;
  id: string;
  /** `course` develops it; `question` and `criterion` assess it. */
  by: 'course' | 'question' | 'criterion';
}

/** Every `competencies` list in a parsed course.yaml, quiz or assignment, with the line of each id. */
export function referencesIn(file: string, yaml: ParsedYaml): CompetencyReference[] {
  const out: CompetencyReference[] = [];
  const data = yaml.data as Record<string, unknown> | undefined;
  const add = (list: unknown, path: PropertyKey[], by: CompetencyReference['by']) => {
    if (!Array.isArray(list)) return;
    list.forEach((id, i) => {
      if (typeof id !== 'string') return;
      const line = yaml.lineOf([...path, 'competencies', i]);
      out.push(line === undefined ? { file, id, by } : { file, line, id, by });
    });
  };
  add(data?.competencies, [], 'course');
  for (const [key, by] of [
    ['questions', 'question'],
    ['rubric', 'criterion'],
  ] as const) {
    const items = data?.[key];
    if (Array.isArray(items))
      items.forEach((item, i) => add((item as { competencies?: unknown } | null)?.competencies, [key, i], by));
  }
  return out;
}

/** A framework file as read: its id (the file name), its data when valid, and its parsed YAML. */
export interface FrameworkFile {
  id: string;
  file: string;
  yaml: ParsedYaml;
  data?: Framework;
}

/** Reads and checks the framework files; `rel` turns an absolute path into the project-relative one. */
function readFrameworks(coursesDir: string, rel: (p: string) => string, langs: readonly Locale[]) {
  const findings: Finding[] = [];
  const files: FrameworkFile[] = [];
  const dir = join(coursesDir, FRAMEWORKS_FOLDER);
  for (const name of yamlFiles(dir)) {
    const file = rel(join(dir, name));
    const id = name.replace(/\.ya?ml$/, '');
    const yaml = parseYamlWithLines(readFileSync(join(dir, name), 'utf8'));
    if (yaml.syntax) {
      findings.push(finding(file, yaml.syntax.line, 'error', yaml.syntax.key, yaml.syntax.params));
      files.push({ id, file, yaml }); // broken: the ids it would define are not reported as unknown
      continue;
    }
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id))
      findings.push(finding(file, undefined, 'error', 'validate.framework_file_name', { name }));
    const parsed = frameworkSchema.safeParse(yaml.data);
    if (!parsed.success) {
      findings.push(...schemaIssueFindings(file, yaml.lineOf, parsed.error.issues));
      files.push({ id, file, yaml });
      continue;
    }
    files.push({ id, file, yaml, data: parsed.data });
    const where = (p: readonly PropertyKey[]) => p.join('.');
    findings.push(
      ...missingTranslationFindings({ file, data: yaml.data, lineOf: yaml.lineOf, where, required: langs }),
    );
  }
  return { files, findings };
}

/** The competencies one course folder names: in its course.yaml, quizzes and assignments. */
export function referencesOfCourse(dir: string, rel: (p: string) => string = (p) => p): CompetencyReference[] {
  const paths = [
    join(dir, 'course.yaml'),
    ...yamlFiles(join(dir, 'quizzes')).map((f) => join(dir, 'quizzes', f)),
    ...yamlFiles(join(dir, 'assignments')).map((f) => join(dir, 'assignments', f)),
  ].filter((p) => existsSync(p));
  return paths.flatMap((p) => referencesIn(rel(p), parseYamlWithLines(readFileSync(p, 'utf8'))));
}

/** The course files that may name competencies: every course.yaml, quiz and assignment. */
function courseReferences(coursesDir: string, rel: (p: string) => string): CompetencyReference[] {
  if (!isDir(coursesDir)) return [];
  return readdirSync(coursesDir)
    .sort()
    .filter((course) => !/^[._]/.test(course) && isDir(join(coursesDir, course)))
    .flatMap((course) => referencesOfCourse(join(coursesDir, course), rel));
}

/** Unknown ids (errors), ids defined twice (errors) and competencies nothing assesses (warnings). */
export function referenceFindings(files: readonly FrameworkFile[], refs: readonly CompetencyReference[]): Finding[] {
  const out: Finding[] = [];
  const owner = new Map<string, FrameworkFile>();
  for (const f of files)
    f.data?.competencies.forEach((c, i) => {
      const first = owner.get(c.id);
      if (first)
        out.push(
          finding(f.file, f.yaml.lineOf(['competencies', i, 'id']), 'error', 'validate.competency_twice', {
            id: c.id,
            other: first.file,
          }),
        );
      else owner.set(c.id, f);
    });
  const known = [...owner.keys()];
  // One message per mistake: while a framework file is broken, its ids are not known yet.
  const broken = files.some((f) => !f.data);
  for (const r of refs) {
    if (owner.has(r.id) || broken) continue;
    const suggestion = closest(r.id, known);
    const params = { id: r.id, known: known.join(', ') || '-', suggestion: suggestion ?? '' };
    out.push(
      finding(
        r.file,
        r.line,
        'error',
        suggestion ? 'validate.unknown_competency_suggest' : 'validate.unknown_competency',
        params,
      ),
    );
  }
  const assessed = new Set(refs.filter((r) => r.by !== 'course').map((r) => r.id));
  for (const f of files) {
    const list = f.data?.competencies ?? [];
    const parentOf = new Map(list.map((c) => [c.id, c.parent]));
    // A group counts as assessed when one of the competencies under it is.
    for (const id of [...assessed]) {
      for (let p = parentOf.get(id); p && !assessed.has(p); p = parentOf.get(p)) assessed.add(p);
    }
    list.forEach((c, i) => {
      if (!assessed.has(c.id))
        out.push(
          finding(f.file, f.yaml.lineOf(['competencies', i, 'id']), 'warning', 'validate.competency_unassessed', {
            id: c.id,
          }),
        );
    });
  }
  return out;
}

/** Every finding about frameworks and the competencies courses name (decision 034). */
export function frameworkFindings(coursesDir: string, projectRoot: string, langs: readonly Locale[]): Finding[] {
  const rel = (p: string) => relative(projectRoot, p).replace(/\\/g, '/');
  const { files, findings } = readFrameworks(coursesDir, rel, langs);
  return [...findings, ...referenceFindings(files, courseReferences(coursesDir, rel))];
}
