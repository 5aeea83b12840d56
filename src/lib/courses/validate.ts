/**
 * Checks a whole `courses/` tree: every file against its schema, then the links between files
 * (modules, quiz ids, completion rules). Used by `npm run validate` and before every build, so
 * an author sees every problem at once, each naming the file, the field and the fix.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { courseSchema, lessonSchema, quizSchema, type Course, type LessonMeta } from './schema.ts';
import { parseLessonPath, type LessonPath } from './paths.ts';
import { LOCALES } from '#lib/i18n/locales.ts';
import { checkCourseIsContent, type CourseFile } from './course-safety.ts';

export interface Problem {
  /** Path of the file, relative to the project (e.g. `courses/x/course.yaml`). */
  file: string;
  /** The field in the file, e.g. `questions[2].choices`; empty for the file as a whole. */
  field: string;
  /** What is wrong and how to fix it. */
  message: string;
  /**
   * `error` fails the build; `warning` is allowed here but refused in a course from another
   * host (code in a lesson); `note` is informational (e.g. a missing translation).
   */
  level: 'error' | 'warning' | 'note';
}

export interface ValidationReport {
  courses: number;
  lessons: number;
  quizzes: number;
  problems: Problem[];
}

/** Renders a zod path as `questions[2].choices`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/** Turns zod's terse messages into ones an author can act on. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const field = formatPath(issue.path);
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) {
    const last = issue.path[issue.path.length - 1];
    if (last === 'kk' || last === 'ru' || last === 'en') {
      return `the ${String(last)} translation is missing: add "${String(last)}:" beside the other languages`;
    }
    return `"${field}" is missing: add it (see docs/authoring.md)`;
  }
  if (issue.code === 'unrecognized_keys') {
    return `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}: check the spelling (see docs/authoring.md)`;
  }
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `must be one of ${issue.values.map((v) => `"${String(v)}"`).join(', ')}`;
  }
  return issue.message;
}

function zodProblems(file: string, error: z.ZodError): Problem[] {
  return error.issues.map((issue) => ({ file, field: formatPath(issue.path), message: describeIssue(issue), level: 'error' }));
}

/** Parses YAML, reporting syntax errors with their line. */
function readYaml(abs: string, file: string, problems: Problem[]): unknown {
  const doc = parseDocument(readFileSync(abs, 'utf8'));
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const line = e.linePos?.[0]?.line;
      const where = line ? ` on line ${line}` : '';
      problems.push({ file, field: '', message: `YAML syntax error${where}: ${e.message.split('\n')[0]}`, level: 'error' });
    }
    return undefined;
  }
  return doc.toJS();
}

/** Extracts the YAML front matter between the leading `---` lines of an MDX file. */
function readFrontmatter(abs: string, file: string, problems: Problem[]): unknown {
  const text = readFileSync(abs, 'utf8');
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!match) {
    problems.push({ file, field: '', message: 'front matter is missing: start the file with --- title/description/minutes --- lines', level: 'error' });
    return undefined;
  }
  const doc = parseDocument(match[1] ?? '');
  if (doc.errors.length > 0) {
    problems.push({ file, field: '', message: `front matter YAML error: ${doc.errors[0]?.message.split('\n')[0]}`, level: 'error' });
    return undefined;
  }
  return doc.toJS();
}

const isDir = (p: string): boolean => existsSync(p) && statSync(p).isDirectory();

interface LessonFile extends LessonPath {
  file: string;
  meta?: LessonMeta;
}

/** Validates one course folder; returns counts and appends problems. */
function validateCourse(root: string, projectRoot: string, name: string, problems: Problem[]) {
  const dir = join(root, name);
  const rel = (p: string) => relative(projectRoot, p).replace(/\\/g, '/');
  const counts = { lessons: 0, quizzes: 0 };
  const courseFile = join(dir, 'course.yaml');
  if (!existsSync(courseFile)) {
    problems.push({ file: rel(dir), field: '', message: 'course.yaml is missing: every course folder needs one (copy it from courses/example-course)', level: 'error' });
    return counts;
  }
  const rawCourse = readYaml(courseFile, rel(courseFile), problems);
  let course: Course | undefined;
  if (rawCourse !== undefined) {
    const parsed = courseSchema.safeParse(rawCourse);
    if (parsed.success) course = parsed.data;
    else problems.push(...zodProblems(rel(courseFile), parsed.error));
  }

  const quizIds = new Set<string>();
  const quizDir = join(dir, 'quizzes');
  if (isDir(quizDir)) {
    for (const f of readdirSync(quizDir).sort()) {
      if (!/\.ya?ml$/.test(f)) continue;
      const abs = join(quizDir, f);
      const raw = readYaml(abs, rel(abs), problems);
      quizIds.add(f.replace(/\.ya?ml$/, ''));
      counts.quizzes++;
      if (raw === undefined) continue;
      const parsed = quizSchema.safeParse(raw);
      if (!parsed.success) problems.push(...zodProblems(rel(abs), parsed.error));
    }
  }

  const lessons: LessonFile[] = [];
  const moduleFolders = readdirSync(dir).filter((d) => /^\d{2}-/.test(d) && isDir(join(dir, d))).sort();
  for (const folder of moduleFolders) {
    for (const f of readdirSync(join(dir, folder)).sort()) {
      if (!f.endsWith('.mdx') && !f.endsWith('.md')) continue;
      const abs = join(dir, folder, f);
      const where = parseLessonPath(`${name}/${folder}/${f}`);
      if ('error' in where) {
        problems.push({ file: rel(abs), field: '', message: where.error, level: 'error' });
        continue;
      }
      counts.lessons++;
      const raw = readFrontmatter(abs, rel(abs), problems);
      const parsed = raw === undefined ? undefined : lessonSchema.safeParse(raw);
      if (parsed && !parsed.success) problems.push(...zodProblems(rel(abs), parsed.error));
      lessons.push({ ...where, file: rel(abs), meta: parsed?.success ? parsed.data : undefined });
    }
  }

  for (const lesson of lessons) {
    if (lesson.meta?.quiz && !quizIds.has(lesson.meta.quiz)) {
      const known = [...quizIds].join(', ') || 'none yet';
      problems.push({ file: lesson.file, field: 'quiz', message: `unknown quiz id "${lesson.meta.quiz}": no file quizzes/${lesson.meta.quiz}.yaml in this course (known: ${known})`, level: 'error' });
    }
  }
  const slugModules = new Map<string, string>();
  for (const lesson of lessons) {
    const other = slugModules.get(lesson.slug);
    if (other && other !== lesson.module) {
      problems.push({ file: lesson.file, field: '', message: `lesson name "${lesson.slug}" is also used in ${other}: lesson names must be unique within a course`, level: 'error' });
    }
    slugModules.set(lesson.slug, lesson.module);
  }
  for (const slug of new Set(lessons.map((l) => l.slug))) {
    const have = new Set(lessons.filter((l) => l.slug === slug).map((l) => l.locale));
    const missing = LOCALES.filter((l) => !have.has(l));
    const first = lessons.find((l) => l.slug === slug);
    if (missing.length && first) {
      problems.push({ file: first.file, field: '', message: `no ${missing.join(', ')} translation yet: readers of ${missing.join(', ')} will see a fallback language`, level: 'note' });
    }
  }

  if (course) {
    const listed = new Set(course.modules.map((m) => m.folder));
    course.modules.forEach((m, i) => {
      if (!moduleFolders.includes(m.folder)) {
        problems.push({ file: rel(courseFile), field: `modules[${i}].folder`, message: `module folder "${m.folder}" does not exist in ${rel(dir)}: create it or fix the name`, level: 'error' });
      }
    });
    for (const folder of moduleFolders) {
      if (!listed.has(folder)) {
        problems.push({ file: rel(courseFile), field: 'modules', message: `folder "${folder}" is not listed: add "- folder: ${folder}" with its title to modules`, level: 'error' });
      }
    }
    const slugs = new Set(lessons.map((l) => l.slug));
    const { completion } = course;
    if (completion.lessons !== 'all') {
      completion.lessons.forEach((s, i) => {
        if (!slugs.has(s)) problems.push({ file: rel(courseFile), field: `completion.lessons[${i}]`, message: `unknown lesson "${s}": use a lesson name (file name without NN- and language)`, level: 'error' });
      });
    }
    if (completion.quizzes !== 'all') {
      completion.quizzes.forEach((s, i) => {
        if (!quizIds.has(s)) problems.push({ file: rel(courseFile), field: `completion.quizzes[${i}]`, message: `unknown quiz "${s}": no file quizzes/${s}.yaml in this course`, level: 'error' });
      });
    }
    if (lessons.length === 0) {
      problems.push({ file: rel(dir), field: '', message: 'the course has no lessons yet: add <NN-module>/<NN-lesson>.<locale>.mdx files', level: 'error' });
    }
  }
  return counts;
}

/** Validates every course under `coursesDir`. */
export function validateCourseTree(coursesDir: string, projectRoot: string): ValidationReport {
  const problems: Problem[] = [];
  const report: ValidationReport = { courses: 0, lessons: 0, quizzes: 0, problems };
  if (!isDir(coursesDir)) {
    problems.push({ file: relative(projectRoot, coursesDir), field: '', message: 'the courses folder does not exist', level: 'error' });
    return report;
  }
  for (const name of readdirSync(coursesDir).sort()) {
    if (name.startsWith('.') || !isDir(join(coursesDir, name))) continue;
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(name)) {
      problems.push({ file: relative(projectRoot, join(coursesDir, name)), field: '', message: `course folder "${name}" should use lowercase latin letters, digits and hyphens: it becomes the course's URL`, level: 'error' });
      continue;
    }
    report.courses++;
    const counts = validateCourse(coursesDir, projectRoot, name, problems);
    report.lessons += counts.lessons;
    report.quizzes += counts.quizzes;
  }
  return report;
}

/** Every file of a folder (dot files left out), by its `/`-separated path inside it. */
function readFolder(dir: string, prefix = ''): CourseFile[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => !d.name.startsWith('.'))
    .flatMap((d) => (d.isDirectory() ? readFolder(join(dir, d.name), `${prefix}${d.name}/`) : d.isFile() ? [{ path: `${prefix}${d.name}`, data: readFileSync(join(dir, d.name)) }] : []));
}

/**
 * The checks an imported course must pass, run on local courses (docs/authoring.md): an asset
 * of a kind not allowed, or not what its name says, is an error (it is served from this site);
 * code in a lesson is a warning (local authors own the host, but another host will refuse it).
 */
export async function validateCourseContent(coursesDir: string, projectRoot: string): Promise<Problem[]> {
  if (!isDir(coursesDir)) return [];
  const problems: Problem[] = [];
  for (const name of readdirSync(coursesDir).sort()) {
    if (name.startsWith('.') || !isDir(join(coursesDir, name))) continue;
    const prefix = `${relative(projectRoot, join(coursesDir, name)).replace(/\\/g, '/')}/`;
    for (const p of await checkCourseIsContent(readFolder(join(coursesDir, name)), 'local', prefix)) {
      if (p.part === 'file') continue;
      const message = p.message.slice(p.message.indexOf(': ') + 2);
      problems.push(p.part === 'asset'
        ? { file: p.file, field: '', message, level: 'error' }
        : { file: p.file, field: `line ${p.line}`, message: `${message} (allowed here, but another host refuses this lesson)`, level: 'warning' });
    }
  }
  return problems;
}

/** One line per problem: `file: field: message`. */
export function formatProblem(p: Problem): string {
  return `${{ error: 'error', warning: 'warn ', note: 'note ' }[p.level]} ${p.file}${p.field ? `: ${p.field}` : ''}: ${p.message}`;
}
