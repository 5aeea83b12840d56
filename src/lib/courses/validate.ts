/**
 * Checks a whole `courses/` tree: every file against its schema (unknown keys included), the
 * links between files (modules, quiz and assignment ids, completion rules), whether every
 * required quiz and assignment is on a page each reader language sees (reachability.ts),
 * lesson file names (file-names.ts) and Latin look-alike letters in Kazakh and Russian words
 * (lookalikes.ts). Used by `npm run validate` and
 * before every build, so an author sees every problem at once, each as one finding naming the
 * file, the line and the fix, in the trainer's language (findings.ts, decision 018).
 */
import { configuredFieldIds, fieldFindings } from './field-checks.ts';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { z } from 'zod';
import { courseOriginSchema, courseSchema, lessonSchema, quizSchema, type Course } from './schema.ts';
import { assignmentSchema } from './assignment-schema.ts';
import { parseLessonPath, type LessonPath } from './paths.ts';
import { fallbackOrder, isLocale, LOCALES, type Locale } from '#lib/i18n/locales.ts';
import { checkCourseIsContent, type CourseFile } from './course-safety.ts';
import { assetProblem } from './asset-kinds.ts';
import { parse as parseYaml } from 'yaml';
import { finding, findingMessage, schemaIssueFinding, type Finding } from './findings.ts';
import { parseYamlWithLines, type ParsedYaml } from './yaml-lines.ts';
import { closest } from './nearest.ts';
import { findUnreachable, type ReachLessonFile } from './reachability.ts';
import { findLookalikes } from './lookalikes.ts';
import { checkLessonFileNames } from './file-names.ts';
import { checkCourseLessons } from './lesson-checks.ts';
import { declaredLanguageFindings, missingTranslationFindings, requiredLanguages } from './languages.ts';
import { frameworkFindings } from './framework-checks.ts';
import { programmeFindings } from './programme-checks.ts';
import { glossaryFindings } from './glossary-check.ts';
import { trainerNotesFindings } from './trainer-notes-check.ts';

/** A finding as one English line, for callers that print or throw text (course bundles). */
export interface Problem {
  /** Path of the file, relative to the project (e.g. `courses/x/course.yaml`). */
  file: string;
  /** `line N`, or empty when the finding has no line. */
  field: string;
  /** What is wrong and how to fix it, in English. */
  message: string;
  /** `error` fails the build; `warning` is allowed; `note` is informational (a missing translation). */
  level: 'error' | 'warning' | 'note';
}

export interface ValidationReport {
  courses: number;
  lessons: number;
  quizzes: number;
  assignments: number;
  findings: Finding[];
  /** The same findings as English `Problem`s. */
  problems: Problem[];
}

/** Which languages readers may use, and the chain each one follows (from the site configuration). */
export interface ReaderLanguages {
  enabled: readonly Locale[];
  chainFor: (reader: Locale) => readonly Locale[];
  /** The site's field ids (`fields:`); the starter curriculum's three unless told. */
  fields?: readonly string[];
}

/** Reads `locales` of the site configuration loosely (validate must work before the site is configured). */
export function readerLanguages(projectRoot: string): ReaderLanguages {
  const all: ReaderLanguages = { enabled: LOCALES, chainFor: (l) => fallbackOrder(l, LOCALES) };
  const override = process.env.OQU_CONFIG;
  const file = override
    ? override.startsWith('/')
      ? override
      : join(projectRoot, override)
    : join(projectRoot, 'oqu.config.yaml');
  if (!existsSync(file)) return all;
  const raw = parseYamlWithLines(readFileSync(file, 'utf8')).data as
    { locales?: { enabled?: unknown; fallback?: unknown } } | undefined;
  const fields = configuredFieldIds(raw);
  const enabled = Array.isArray(raw?.locales?.enabled) ? raw.locales.enabled.filter(isLocale) : [];
  const fallback = raw?.locales?.fallback;
  const list = (v: unknown): Locale[] => (Array.isArray(v) ? v.filter(isLocale) : [...LOCALES]);
  return {
    fields,
    enabled: enabled.length ? enabled : LOCALES,
    chainFor: (l) => {
      const chain = Array.isArray(fallback)
        ? list(fallback)
        : list((fallback as Record<string, unknown> | undefined)?.[l]);
      return [...new Set([...fallbackOrder(l, chain), ...LOCALES])];
    },
  };
}

export function toProblem(f: Finding): Problem {
  return { file: f.file, field: f.line ? `line ${f.line}` : '', message: findingMessage(f, 'en'), level: f.severity };
}

/** A zod path for a person: `question "why", choice "b", text.kk` instead of `questions[0].choices[1].text.kk`. */
export function describePath(path: readonly PropertyKey[], data: unknown): string {
  const parts: string[] = [];
  let node: unknown = data;
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    const next = (node as Record<PropertyKey, unknown> | undefined)?.[step as PropertyKey];
    const id = (next as { id?: unknown } | undefined)?.id;
    if (
      typeof step === 'number' &&
      (path[i - 1] === 'questions' || path[i - 1] === 'choices') &&
      typeof id === 'string'
    ) {
      parts.pop();
      parts.push(`${path[i - 1] === 'questions' ? 'question' : 'choice'} "${id}"`);
    } else if (typeof step === 'number') {
      parts.push(`${parts.pop() ?? ''}[${step + 1}]`);
    } else parts.push(String(step));
    node = next;
  }
  return parts.join(', ').replace(/, (?=[a-z]+(?:$|,))/g, '.');
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let node = data;
  for (const step of path) node = (node as Record<PropertyKey, unknown> | undefined)?.[step as PropertyKey];
  return node;
}

/** Keys the schema accepts at `path` (for "did you mean"). */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node = schema as unknown as { _zod: { def: Record<string, unknown> } };
  const unwrap = () => {
    for (;;) {
      const def = node._zod.def;
      if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault')
        node = def.innerType as typeof node;
      else if (def.type === 'pipe') node = def.in as typeof node;
      else return;
    }
  };
  unwrap();
  for (const step of path) {
    const def = node._zod.def;
    if (def.type === 'array' && typeof step === 'number') node = def.element as typeof node;
    else if (def.type === 'object') {
      const child = (def.shape as Record<string, typeof node>)[String(step)];
      if (!child) return [];
      node = child;
    } else return [];
    unwrap();
  }
  const def = node._zod.def;
  return def.type === 'object' ? Object.keys(def.shape as object) : [];
}

/** Turns zod issues into findings an author can act on, one per mistake, with its line. */
function schemaFindings(
  file: string,
  schema: z.ZodType,
  error: z.ZodError,
  data: unknown,
  yaml: ParsedYaml,
): Finding[] {
  const out: Finding[] = [];
  // One message per mistake: a misspelt key makes its object look incomplete ("no choice is
  // marked correct" after `corect: true`); report only the key.
  const unknownAt = error.issues.filter((i) => i.code === 'unrecognized_keys').map((i) => i.path.slice(0, 2).join('/'));
  const issues = error.issues.filter(
    (i) => i.code === 'unrecognized_keys' || !unknownAt.some((u) => i.path.slice(0, 2).join('/') === u),
  );
  for (const issue of issues) {
    const where = describePath(issue.path, data);
    const line = yaml.lineOf(issue.path);
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(schema, issue.path);
      for (const key of issue.keys) {
        const suggestion = closest(key, known);
        const params = { key, where, known: known.join(', ') };
        const top = where ? '' : '_top';
        out.push(
          suggestion
            ? finding(file, yaml.lineOf(issue.path, key), 'error', `validate.unknown_key${top}`, {
                ...params,
                suggestion,
              })
            : finding(file, yaml.lineOf(issue.path, key), 'error', `validate.unknown_key_list${top}`, params),
        );
      }
      continue;
    }
    const value = valueAt(data, issue.path);
    if (issue.code === 'invalid_type' && value === undefined) {
      const last = issue.path[issue.path.length - 1];
      out.push(
        isLocale(last)
          ? finding(file, line, 'error', 'validate.missing_translation_field', { lang: last, where })
          : finding(
              file,
              line,
              'error',
              issue.path.length > 1 ? 'validate.missing_field' : 'validate.missing_field_top',
              {
                field: String(last),
                where: describePath(issue.path.slice(0, -1), data),
              },
            ),
      );
      continue;
    }
    if (
      issue.code === 'invalid_type' &&
      issue.expected === 'string' &&
      (typeof value === 'boolean' || typeof value === 'number' || value === null)
    ) {
      out.push(finding(file, line, 'error', 'validate.quote_value', { where, value: String(value) }));
      continue;
    }
    if (issue.code === 'invalid_value' && 'values' in issue) {
      const suggestion = typeof value === 'string' ? closest(value, issue.values.map(String)) : undefined;
      out.push(
        finding(file, line, 'error', suggestion ? 'validate.one_of_suggest' : 'validate.one_of', {
          where,
          value: String(value),
          values: issue.values.map((v) => `"${String(v)}"`).join(', '),
          suggestion: suggestion ?? '',
        }),
      );
      continue;
    }
    const range = numberRange(issue, value);
    if (range) {
      out.push(finding(file, line, 'error', range.key, { where, value: String(value), limit: range.limit }));
      continue;
    }
    out.push(schemaIssueFinding(file, line, where, issue));
  }
  return out;
}

/**
 * A number outside its schema's range (`passPercent: 160`, `attend: 0`), when the schema gave no
 * message of its own: zod's default ("Too big: expected number to be <=100") is English and
 * speaks of operators, so it becomes a finding in the author's language with the limit.
 */
function numberRange(issue: z.core.$ZodIssue, value: unknown): { key: string; limit: string } | undefined {
  if (typeof value !== 'number' || !/^Too (big|small): expected number/.test(issue.message)) return undefined;
  if (issue.code === 'too_big')
    return {
      key: issue.inclusive === false ? 'validate.number_below' : 'validate.number_too_big',
      limit: String(issue.maximum),
    };
  if (issue.code === 'too_small')
    return {
      key: issue.inclusive === false ? 'validate.number_above' : 'validate.number_too_small',
      limit: String(issue.minimum),
    };
  return undefined;
}

/** Parses a YAML file into data and findings (syntax errors give one finding, the first). */
function readYaml(text: string, file: string, findings: Finding[], firstLine = 1): ParsedYaml {
  const yaml = parseYamlWithLines(text, firstLine);
  if (yaml.syntax) findings.push(finding(file, yaml.syntax.line, 'error', yaml.syntax.key, yaml.syntax.params));
  return yaml;
}

/** Latin look-alikes in every string of a parsed YAML value: errors where answers are compared, warnings in prose. */
function lookalikeFindings(file: string, data: unknown, yaml: ParsedYaml, path: PropertyKey[] = []): Finding[] {
  if (typeof data === 'string') {
    const graded = path.includes('accept') || path.includes('choices');
    return findLookalikes(data).map((l) =>
      finding(
        file,
        yaml.lineOf(path),
        graded ? 'error' : 'warning',
        graded ? 'validate.lookalike_answer' : 'validate.lookalike',
        {
          word: l.word,
          fixed: l.fixed,
          letters: l.letters,
        },
      ),
    );
  }
  if (Array.isArray(data)) return data.flatMap((v, i) => lookalikeFindings(file, v, yaml, [...path, i]));
  if (data && typeof data === 'object')
    return Object.entries(data).flatMap(([k, v]) => lookalikeFindings(file, v, yaml, [...path, k]));
  return [];
}

/** Look-alikes in a lesson body (prose), skipping code blocks, imports and tags' attributes. */
function bodyLookalikes(file: string, body: string, firstLine: number): Finding[] {
  const out: Finding[] = [];
  let fenced = false;
  body.split(/\r?\n/).forEach((text, i) => {
    if (/^\s*(```|~~~)/.test(text)) fenced = !fenced;
    if (fenced || /^\s*(import|export)\s/.test(text)) return;
    for (const l of findLookalikes(text)) {
      out.push(
        finding(file, firstLine + i, 'warning', 'validate.lookalike', {
          word: l.word,
          fixed: l.fixed,
          letters: l.letters,
        }),
      );
    }
  });
  return out;
}

const isDir = (p: string): boolean => existsSync(p) && statSync(p).isDirectory();

interface LessonFile extends LessonPath {
  file: string;
  /** The quiz the lesson's front matter attaches (a misspelt key or id read as meant, for reachability). */
  quiz?: string;
  /** The assignment it attaches, read the same way. */
  assignment?: string;
  /** Its former names (`formerly:`), whose progress it takes over (renames.ts). */
  formerly?: string[];
}

/**
 * A former name (`formerly:`) must be free: not a lesson of the course today (its progress would
 * move away from it) and claimed by one lesson only.
 */
function formerNameFindings(lessons: readonly LessonFile[]): Finding[] {
  const slugs = new Set(lessons.map((l) => l.slug));
  const claimedBy = new Map<string, string>();
  const findings: Finding[] = [];
  for (const lesson of lessons) {
    for (const name of lesson.formerly ?? []) {
      const other = claimedBy.get(name);
      if (slugs.has(name))
        findings.push(finding(lesson.file, undefined, 'error', 'validate.formerly_is_lesson', { name }));
      else if (other && other !== lesson.slug)
        findings.push(finding(lesson.file, undefined, 'error', 'validate.formerly_twice', { name, other }));
      claimedBy.set(name, other ?? lesson.slug);
    }
  }
  return findings;
}

type Attachable = 'quiz' | 'assignment';

/**
 * The id a lesson's front matter attaches under `key` (`quizz: final` read as `quiz: final`: the
 * unknown key is already reported); an id with no file is an error, then read as the nearest one.
 */
function attachedId(
  file: string,
  yaml: ParsedYaml,
  key: Attachable,
  known: ReadonlySet<string>,
  findings: Finding[],
): string | undefined {
  const raw = (yaml.data ?? {}) as Record<string, unknown>;
  const found =
    Object.keys(raw).find((k) => k === key) ??
    Object.keys(raw).find((k) => closest(k, [key]) === key && !['title', 'minutes', 'quiz', 'assignment'].includes(k));
  const named = found ? raw[found] : undefined;
  if (typeof named !== 'string') return undefined;
  if (known.has(named)) return named;
  findings.push(
    finding(file, yaml.lineOf([found ?? key]), 'error', `validate.unknown_${key}`, {
      [key]: named,
      known: [...known].join(', ') || '-',
    }),
  );
  return closest(named, [...known]) ?? named;
}

/** Validates one course folder; returns counts and appends findings. */
function validateCourse(
  root: string,
  projectRoot: string,
  name: string,
  findings: Finding[],
  readers: ReaderLanguages,
) {
  const dir = join(root, name);
  const rel = (p: string) => relative(projectRoot, p).replace(/\\/g, '/');
  const counts = { lessons: 0, quizzes: 0, assignments: 0 };
  const courseFile = join(dir, 'course.yaml');
  const courseRel = rel(courseFile);
  if (!existsSync(courseFile)) {
    findings.push(finding(rel(dir), undefined, 'error', 'validate.no_course_yaml'));
    return counts;
  }
  const courseYaml = readYaml(readFileSync(courseFile, 'utf8'), courseRel, findings);
  let course: Course | undefined;
  if (courseYaml.data !== undefined && !courseYaml.syntax) {
    const parsed = courseSchema.safeParse(courseYaml.data);
    if (parsed.success) course = parsed.data;
    else findings.push(...schemaFindings(courseRel, courseSchema, parsed.error, courseYaml.data, courseYaml));
    findings.push(...lookalikeFindings(courseRel, courseYaml.data, courseYaml));
  }
  const originFile = join(dir, 'origin.yaml');
  if (existsSync(originFile)) {
    const originRel = rel(originFile);
    const originYaml = readYaml(readFileSync(originFile, 'utf8'), originRel, findings);
    const parsed = courseOriginSchema.safeParse(originYaml.data);
    if (!originYaml.syntax && !parsed.success)
      findings.push(...schemaFindings(originRel, courseOriginSchema, parsed.error, originYaml.data, originYaml));
  }
  const declared = (courseYaml.data as { languages?: unknown } | undefined)?.languages;
  const required = requiredLanguages(Array.isArray(declared) ? declared.filter(isLocale) : undefined, readers.enabled);
  const languagesOf = (file: string, yaml: ParsedYaml) =>
    missingTranslationFindings({
      file,
      data: yaml.data,
      lineOf: yaml.lineOf,
      where: (p) => describePath(p, yaml.data),
      required,
    });
  if (course)
    findings.push(
      ...declaredLanguageFindings(courseRel, course.languages, readers.enabled, courseYaml.lineOf),
      ...languagesOf(courseRel, courseYaml),
    );

  const itemsIn = (sub: 'quizzes' | 'assignments', schema: typeof quizSchema | typeof assignmentSchema) => {
    const ids = new Set<string>();
    const folder = join(dir, sub);
    if (!isDir(folder)) return ids;
    for (const f of readdirSync(folder).sort()) {
      if (!/\.ya?ml$/.test(f)) continue;
      const abs = join(folder, f);
      const yaml = readYaml(readFileSync(abs, 'utf8'), rel(abs), findings);
      ids.add(f.replace(/\.ya?ml$/, ''));
      counts[sub]++;
      if (yaml.syntax) continue;
      const parsed = schema.safeParse(yaml.data);
      if (!parsed.success) findings.push(...schemaFindings(rel(abs), schema, parsed.error, yaml.data, yaml));
      findings.push(...lookalikeFindings(rel(abs), yaml.data, yaml));
      if (parsed.success) findings.push(...languagesOf(rel(abs), yaml));
    }
    return ids;
  };
  const quizIds = itemsIn('quizzes', quizSchema);
  const assignmentIds = itemsIn('assignments', assignmentSchema);

  const lessons: LessonFile[] = [];
  const moduleFolders = readdirSync(dir)
    .filter((d) => /^\d{2}-/.test(d) && isDir(join(dir, d)))
    .sort();
  for (const folder of moduleFolders) {
    const names = readdirSync(join(dir, folder)).sort();
    for (const issue of checkLessonFileNames(names)) {
      const file = rel(join(dir, folder, issue.file));
      if (issue.kind === 'typo')
        findings.push(finding(file, undefined, 'error', 'validate.file_typo', { probably: issue.probably }));
      else if (issue.probably)
        findings.push(finding(file, undefined, 'error', 'validate.not_a_lesson', { probably: issue.probably }));
      else findings.push(finding(file, undefined, 'error', 'validate.not_a_lesson_plain'));
    }
    for (const f of names) {
      if (!f.endsWith('.mdx')) continue;
      const abs = join(dir, folder, f);
      const where = parseLessonPath(`${name}/${folder}/${f}`);
      if ('error' in where) {
        findings.push(finding(rel(abs), undefined, 'error', `validate.author.${where.message}`, where.vars));
        continue;
      }
      counts.lessons++;
      const text = readFileSync(abs, 'utf8');
      const match = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(text);
      const lesson: LessonFile = { ...where, file: rel(abs) };
      lessons.push(lesson);
      if (!match) {
        findings.push(finding(rel(abs), 1, 'error', 'validate.no_front_matter'));
        continue;
      }
      const yaml = readYaml(match[1] ?? '', rel(abs), findings, 2);
      const bodyLine = (match[0].match(/\n/g)?.length ?? 0) + 1;
      findings.push(...bodyLookalikes(rel(abs), text.slice(match[0].length), bodyLine));
      if (yaml.syntax) continue;
      const parsed = lessonSchema.safeParse(yaml.data);
      if (!parsed.success) findings.push(...schemaFindings(rel(abs), lessonSchema, parsed.error, yaml.data, yaml));
      else lesson.formerly = parsed.data.formerly;
      findings.push(...lookalikeFindings(rel(abs), yaml.data, yaml));
      lesson.quiz = attachedId(rel(abs), yaml, 'quiz', quizIds, findings);
      lesson.assignment = attachedId(rel(abs), yaml, 'assignment', assignmentIds, findings);
    }
  }

  findings.push(...checkCourseLessons(dir, rel)); // lesson bodies: components, assets, videos, MDX syntax

  const slugModules = new Map<string, string>();
  for (const lesson of lessons) {
    const other = slugModules.get(lesson.slug);
    if (other && other !== lesson.module) {
      findings.push(
        finding(lesson.file, undefined, 'error', 'validate.lesson_name_twice', { name: lesson.slug, other }),
      );
    }
    slugModules.set(lesson.slug, lesson.module);
  }
  findings.push(...formerNameFindings(lessons));
  for (const slug of new Set(lessons.map((l) => l.slug))) {
    const have = new Set(lessons.filter((l) => l.slug === slug).map((l) => l.locale));
    // Only the course's languages (decision 020): a kk/ru course hears nothing about English.
    const missing = required.filter((l) => !have.has(l));
    const first = lessons.find((l) => l.slug === slug);
    if (missing.length && first) {
      findings.push({
        ...finding(first.file, undefined, 'note', 'validate.no_translation', { langs: missing.join(', ') }),
      });
    }
  }

  if (course) {
    const listed = new Set(course.modules.map((m) => m.folder));
    course.modules.forEach((m, i) => {
      if (!moduleFolders.includes(m.folder)) {
        findings.push(
          finding(courseRel, courseYaml.lineOf(['modules', i, 'folder']), 'error', 'validate.module_missing', {
            folder: m.folder,
            dir: rel(dir),
          }),
        );
      }
    });
    for (const folder of moduleFolders) {
      if (!listed.has(folder))
        findings.push(
          finding(courseRel, courseYaml.lineOf(['modules']), 'error', 'validate.module_unlisted', { folder }),
        );
    }
    const slugs = new Set(lessons.map((l) => l.slug));
    const { completion } = course;
    if (completion.lessons !== 'all') {
      completion.lessons.forEach((s, i) => {
        if (slugs.has(s)) return;
        // A typo (`structuring-a-cours`) is told the lesson it probably means.
        const probably = closest(s, [...slugs]);
        const line = courseYaml.lineOf(['completion', 'lessons', i]);
        findings.push(
          probably
            ? finding(courseRel, line, 'error', 'validate.unknown_completion_lesson_probably', { name: s, probably })
            : finding(courseRel, line, 'error', 'validate.unknown_completion_lesson', { name: s }),
        );
      });
    }
    for (const [kind, ids] of [
      ['quizzes', quizIds],
      ['assignments', assignmentIds],
    ] as const) {
      const selection = completion[kind];
      if (selection === 'all') continue;
      selection.forEach((s, i) => {
        if (!ids.has(s))
          findings.push(
            finding(
              courseRel,
              courseYaml.lineOf(['completion', kind, i]),
              'error',
              kind === 'quizzes' ? 'validate.unknown_completion_quiz' : 'validate.unknown_completion_assignment',
              kind === 'quizzes' ? { quiz: s } : { assignment: s },
            ),
          );
      });
    }
    if (lessons.length === 0) findings.push(finding(rel(dir), undefined, 'error', 'validate.no_lessons'));
    const ids = { quiz: quizIds, assignment: assignmentIds };
    findings.push(...reachabilityFindings(course, courseRel, courseYaml, ids, lessons, readers));
  }
  return counts;
}

/** The blocker: a required quiz or assignment that some reader language never sees on a lesson page. */
function reachabilityFindings(
  course: Course,
  courseRel: string,
  courseYaml: ParsedYaml,
  ids: Record<Attachable, ReadonlySet<string>>,
  lessons: readonly LessonFile[],
  readers: ReaderLanguages,
): Finding[] {
  const requiredOf = (kind: Attachable) => {
    const selection = course.completion[kind === 'quiz' ? 'quizzes' : 'assignments'];
    const known = ids[kind];
    return (selection === 'all' ? [...known] : selection.filter((id) => known.has(id))).map((id) => ({ kind, id }));
  };
  const required = [...requiredOf('quiz'), ...requiredOf('assignment')];
  const offered = (course as { languages?: readonly Locale[] }).languages;
  const readerLocales = readers.enabled.filter((l) => !offered || offered.includes(l));
  const files: ReachLessonFile[] = lessons.map((l) => ({
    slug: l.slug,
    locale: l.locale,
    file: l.file,
    attached: { ...(l.quiz ? { quiz: [l.quiz] } : {}), ...(l.assignment ? { assignment: [l.assignment] } : {}) },
  }));
  const lineOf = (kind: string) => courseYaml.lineOf(['completion', kind]) ?? courseYaml.lineOf(['completion']);
  return findUnreachable({ readers: readerLocales, chainFor: readers.chainFor, lessons: files, required }).map((u) => {
    const kind = u.kind === 'quiz' ? 'quiz' : 'assignment';
    const params = { [kind]: u.id, langs: u.readers.join(', ') };
    return u.namedIn.length
      ? finding(u.namedIn[0] ?? courseRel, undefined, 'error', `validate.${kind}_not_in_translation`, {
          ...params,
          files: u.namedIn.join(', '),
        })
      : finding(
          courseRel,
          lineOf(kind === 'quiz' ? 'quizzes' : 'assignments'),
          'error',
          `validate.${kind}_in_no_lesson`,
          params,
        );
  });
}

/** Validates every course under `coursesDir`. */
export function validateCourseTree(
  coursesDir: string,
  projectRoot: string,
  readers: ReaderLanguages = readerLanguages(projectRoot),
): ValidationReport {
  const findings: Finding[] = [];
  const report: ValidationReport = { courses: 0, lessons: 0, quizzes: 0, assignments: 0, findings, problems: [] };
  if (!isDir(coursesDir)) {
    findings.push(finding(relative(projectRoot, coursesDir), undefined, 'error', 'validate.no_courses_dir'));
  } else {
    for (const name of readdirSync(coursesDir).sort()) {
      // `_frameworks` (and any `_` folder) holds shared files, not a course (decision 034).
      if (/^[._]/.test(name) || !isDir(join(coursesDir, name))) continue;
      if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(name)) {
        findings.push(
          finding(relative(projectRoot, join(coursesDir, name)), undefined, 'error', 'validate.course_folder_name', {
            name,
          }),
        );
        continue;
      }
      report.courses++;
      const counts = validateCourse(coursesDir, projectRoot, name, findings, readers);
      report.lessons += counts.lessons;
      report.quizzes += counts.quizzes;
      report.assignments += counts.assignments;
    }
    findings.push(...frameworkFindings(coursesDir, projectRoot, readers.enabled));
    findings.push(...programmeFindings(coursesDir, projectRoot, readers.enabled)); // paths of courses (decision 047)
    findings.push(...fieldFindings(coursesDir, projectRoot, readers.fields ?? configuredFieldIds(undefined)));
  }
  findings.push(...glossaryFindings(coursesDir, projectRoot)); // forms to avoid (courses/_glossary.yaml)
  findings.push(...trainerNotesFindings(coursesDir, projectRoot)); // notes named after a lesson
  // One message per mistake: the same key on the same line of the same file once.
  const seen = new Set<string>();
  report.findings = findings.filter((f) => {
    const id = `${f.file}:${f.line ?? ''}:${f.key}:${JSON.stringify(f.params)}`;
    return !seen.has(id) && Boolean(seen.add(id));
  });
  report.problems = report.findings.map(toProblem);
  return report;
}

/** Every file of a folder (dot files left out), by its `/`-separated path inside it. */
function readFolder(dir: string, prefix = ''): CourseFile[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => !d.name.startsWith('.'))
    .flatMap((d) =>
      d.isDirectory()
        ? readFolder(join(dir, d.name), `${prefix}${d.name}/`)
        : d.isFile()
          ? [{ path: `${prefix}${d.name}`, data: readFileSync(join(dir, d.name)) }]
          : [],
    );
}

/**
 * A file in a course folder that is not a course file: Oqu never reads it, and another host
 * refuses the course's bundle. Trainer notes put beside the lessons or in the course folder
 * (`wayfinding.kk.md`) are the usual case, so those are told where notes go.
 */
function strayFileFinding(file: string, prefix: string): Finding {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return /^[a-z0-9]+(?:-[a-z0-9]+)*\.(?:kk|ru|en)\.md$/.test(base)
    ? finding(file, undefined, 'warning', 'validate.trainer_notes_misplaced', {
        expected: `${prefix}trainer-notes/${base}`,
      })
    : finding(file, undefined, 'warning', 'validate.not_course_file');
}

/** The YAML in `bytes`, or undefined when there are none or they do not parse. */
function readYamlQuietly(bytes: Uint8Array | undefined): unknown {
  if (!bytes) return undefined;
  try {
    return (parseYaml(new TextDecoder().decode(bytes)) as unknown) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Assets this host serves but another refuses (an SVG image can carry script), in a course that is
 * not marked `shared: false`: such a course is left out of the course feed to partner hosts
 * (decision 054) and its bundle is refused, so the author is told before a partner finds out.
 */
async function notShareableFindings(files: readonly CourseFile[], prefix: string): Promise<Finding[]> {
  const course = files.find((f) => f.path === 'course.yaml');
  // A course.yaml that does not parse is reported by the schema checks; its assets wait for it.
  const data = readYamlQuietly(course?.data);
  if (data === undefined || (data as { shared?: unknown }).shared === false) return [];
  const out: Finding[] = [];
  for (const f of files.filter((f) => f.path.startsWith('assets/'))) {
    if ((await assetProblem(f.path, f.data, 'local')) !== null) continue;
    if ((await assetProblem(f.path, f.data, 'imported')) !== null)
      out.push(finding(`${prefix}${f.path}`, undefined, 'warning', 'validate.asset_not_shareable'));
  }
  return out;
}

/**
 * The checks an imported course must pass, run on local courses (docs/authoring.md): an asset
 * of a kind not allowed, or not what its name says, is an error (it is served from this site);
 * code in a lesson is a warning (local authors own the host, but another host will refuse it).
 */
export async function validateCourseContent(coursesDir: string, projectRoot: string): Promise<Finding[]> {
  if (!isDir(coursesDir)) return [];
  const out: Finding[] = [];
  for (const name of readdirSync(coursesDir).sort()) {
    if (/^[._]/.test(name) || !isDir(join(coursesDir, name))) continue;
    const prefix = `${relative(projectRoot, join(coursesDir, name)).replace(/\\/g, '/')}/`;
    const files = readFolder(join(coursesDir, name));
    out.push(...(await notShareableFindings(files, prefix)));
    for (const p of await checkCourseIsContent(files, 'local', prefix)) {
      if (p.part === 'file') {
        out.push(strayFileFinding(p.file, prefix));
        continue;
      }
      const message = p.message.slice(p.message.indexOf(': ') + 2);
      out.push(
        p.part === 'asset'
          ? finding(p.file, undefined, 'error', 'validate.asset', { message })
          : finding(p.file, p.line, 'warning', 'validate.code_in_lesson', { message }),
      );
    }
  }
  return out;
}

/** One line per problem: `error file:line: message`. */
export function formatProblem(p: Problem): string {
  const line = p.field.replace(/^line /, '');
  const level = { error: 'error', warning: 'warn ', note: 'note ' }[p.level];
  return `${level} ${p.file}${line ? `:${line}` : ''}: ${p.message}`;
}
