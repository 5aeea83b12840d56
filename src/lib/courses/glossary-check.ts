/**
 * The glossary check of `npm run validate`: the glossary file against its schema, `<Term id>`
 * naming an entry that exists, and a warning for each form to avoid in a lesson (by line) or in
 * a quiz text (by the line of its field), naming the preferred form.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isLocale, type Locale } from '#lib/i18n/locales.ts';
import { finding, schemaIssueFinding, type Finding } from './findings.ts';
import { parseYamlWithLines, type ParsedYaml } from './yaml-lines.ts';
import { findAvoided } from './glossary-match.ts';
import { GLOSSARY_FILE, glossarySchema, type Glossary } from './glossary-schema.ts';

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/** Reads the glossary beside the courses; undefined (and a finding) when it does not parse. */
export function readGlossary(coursesDir: string, findings: Finding[] = [], rel = GLOSSARY_FILE): Glossary | undefined {
  const file = join(coursesDir, GLOSSARY_FILE);
  if (!existsSync(file)) return {};
  const yaml = parseYamlWithLines(readFileSync(file, 'utf8'));
  if (yaml.syntax) {
    findings.push(finding(rel, yaml.syntax.line, 'error', yaml.syntax.key, yaml.syntax.params));
    return undefined;
  }
  const parsed = glossarySchema.safeParse(yaml.data ?? {});
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues)
    findings.push(
      schemaIssueFinding(rel, yaml.lineOf(issue.path), issue.path.join('.'), issue, 'validate.glossary_invalid'),
    );
  return undefined;
}

const warn = (file: string, line: number | undefined, a: { found: string; preferred: string }) =>
  finding(file, line, 'warning', 'validate.glossary_avoid', { found: a.found, preferred: a.preferred });

function lessonFindings(file: string, text: string, glossary: Glossary, locale: Locale): Finding[] {
  const lineAt = (index: number) => text.slice(0, index).split('\n').length;
  const out = findAvoided(text, glossary, locale).map((a) => warn(file, lineAt(a.index), a));
  for (const m of text.matchAll(/<Term\s[^>]*\bid="([^"]*)"/g))
    if (!glossary[m[1] ?? ''])
      out.push(finding(file, lineAt(m.index), 'error', 'validate.glossary_unknown_id', { id: m[1] ?? '' }));
  return out;
}

/** Every localized string of a quiz or other YAML file, with its path (the locale is the nearest key). */
function yamlFindings(file: string, yaml: ParsedYaml, glossary: Glossary): Finding[] {
  const out: Finding[] = [];
  const walk = (value: unknown, path: PropertyKey[]) => {
    if (typeof value === 'string') {
      const locale = [...path].reverse().find((k) => typeof k === 'string' && isLocale(k)) as Locale | undefined;
      if (!locale) return;
      const choice = path.includes('choices') && path[path.length - 2] === 'text';
      for (const a of findAvoided(value, glossary, locale, choice)) out.push(warn(file, yaml.lineOf(path), a));
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(yaml.data, []);
  return out;
}

/** The glossary findings for every course under `coursesDir`. */
export function glossaryFindings(coursesDir: string, projectRoot: string): Finding[] {
  const rel = (p: string) => relative(projectRoot, p).replace(/\\/g, '/');
  const findings: Finding[] = [];
  const glossary = readGlossary(coursesDir, findings, rel(join(coursesDir, GLOSSARY_FILE)));
  if (!glossary || !isDir(coursesDir)) return findings;
  for (const course of readdirSync(coursesDir).sort()) {
    const dir = join(coursesDir, course);
    if (course.startsWith('.') || !isDir(dir)) continue;
    for (const sub of readdirSync(dir).sort()) {
      const folder = join(dir, sub);
      if (!isDir(folder)) continue;
      for (const f of readdirSync(folder).sort()) {
        const abs = join(folder, f);
        const lesson = /\.(kk|ru|en)\.mdx$/.exec(f);
        if (lesson && /^\d{2}-/.test(sub))
          findings.push(...lessonFindings(rel(abs), readFileSync(abs, 'utf8'), glossary, lesson[1] as Locale));
        else if (/\.ya?ml$/.test(f) && (sub === 'quizzes' || sub === 'assignments'))
          findings.push(...yamlFindings(rel(abs), parseYamlWithLines(readFileSync(abs, 'utf8')), glossary));
      }
    }
    const courseFile = join(dir, 'course.yaml');
    if (existsSync(courseFile))
      findings.push(...yamlFindings(rel(courseFile), parseYamlWithLines(readFileSync(courseFile, 'utf8')), glossary));
  }
  return findings;
}
