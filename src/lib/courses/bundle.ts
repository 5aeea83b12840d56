/**
 * Course bundles: how a course travels between Oqu hosts (a regional partner takes the
 * centre's course, or sends back a translation). A bundle is one gzip-compressed JSON file,
 * `<course>.oqu-course.json.gz`, holding every file of the course folder (course.yaml, the
 * MDX lessons, quizzes, assignments, assets) with a SHA-256 per file, the bundle format's version, the
 * course's own content version (a digest of its files) and the host it came from.
 *
 * Import is all or nothing: the bundle is checked (format, sizes, paths, digests), then its
 * files are checked to be content and not code (course-safety.ts: lessons without imports,
 * expressions or unknown components; assets of allowed kinds by their bytes) before anything is
 * written; then it is written to a staging folder under data/, validated there with the same
 * checks as `npm run validate`, and only then swapped into place (bundle-install.ts); a course
 * already there is kept aside, not overwritten, unless the operator asks to replace it. Every
 * refusal names what is wrong and where (the bundle field, or the course file, line and field).
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { formatProblem, toProblem, validateCourseTree, type Problem } from './validate.ts';
import type { Finding } from './findings.ts';
import { stringify as toYaml } from 'yaml';
import { checkCourseIsContent, ORIGIN_FILE } from './course-safety.ts';
import { courseOriginSchema, type CourseOrigin } from './schema.ts';
import { cleanStaleImports, createStagingFolder, installCourse } from './bundle-install.ts';
import {
  CARRIED_PREFIX,
  type CarriedFrameworks,
  frameworksOfCourse,
  installFrameworks,
  keptFrameworkGaps,
  type KeptFrameworkGap,
  stageCarriedFrameworks,
  stageHostFrameworks,
} from './bundle-frameworks.ts';
import { lessonOutline } from './content-files.ts';
import type { LessonOutline } from './renames.ts';

export const BUNDLE_FORMAT = 'oqu-course-bundle';
export const BUNDLE_FORMAT_VERSION = 1;
export const BUNDLE_SUFFIX = '.oqu-course.json.gz';
/** Limits that keep a hostile or broken bundle from filling the disk or the memory. */
export const MAX_BUNDLE_BYTES = 50 * 1024 * 1024;
export const MAX_UNPACKED_BYTES = 200 * 1024 * 1024;
export const MAX_FILES = 5000;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Relative paths of plain names: no `..`, no leading `/` or `.`, no backslashes. */
const SAFE_PATH = /^(?:[A-Za-z0-9_][A-Za-z0-9._-]*\/)*[A-Za-z0-9_][A-Za-z0-9._-]*$/;

const fileSchema = z.object({
  path: z.string().max(400).regex(SAFE_PATH, {
    error: 'a file path must be relative, without "..", made of letters, digits, ".", "_" and "-"',
  }),
  encoding: z.enum(['utf8', 'base64']),
  content: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: 'sha256 must be 64 hexadecimal digits' }),
});

export const bundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT, { error: `this is not an Oqu course bundle (format must be "${BUNDLE_FORMAT}")` }),
  formatVersion: z.literal(BUNDLE_FORMAT_VERSION, {
    error: `this Oqu reads course bundles of format version ${BUNDLE_FORMAT_VERSION}; update Oqu to read a newer one`,
  }),
  course: z.string().regex(SLUG, { error: 'the course name must use lowercase latin letters, digits and hyphens' }),
  /** sha-256 over the files' paths and digests: the same content gives the same version. */
  courseVersion: z.string().regex(/^[0-9a-f]{64}$/),
  exportedAt: z.iso.datetime(),
  exportedFrom: z.object({ site: z.string().max(200), baseUrl: z.string().max(500) }),
  files: z
    .array(fileSchema)
    .min(1)
    .max(MAX_FILES, { error: `a bundle holds at most ${MAX_FILES} files` }),
});
export type CourseBundle = z.infer<typeof bundleSchema>;

/** A refusal: what is wrong, and where (a bundle field, or a course file and its field). */
export class BundleError extends Error {
  readonly problems: string[];
  constructor(message: string, problems: string[] = []) {
    super(problems.length ? `${message}\n${problems.map((p) => `  ${p}`).join('\n')}` : message);
    this.name = 'BundleError';
    this.problems = problems;
  }
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

function courseVersion(files: readonly { path: string; sha256: string }[]): string {
  return sha256(
    [...files]
      .sort((a, b) => (a.path < b.path ? -1 : 1))
      .map((f) => `${f.path}\0${f.sha256}\n`)
      .join(''),
  );
}

/**
 * The version of a course's own content: its files' digest without `origin.yaml` (written by an
 * import) and the frameworks a bundle carries. The same on the exporting host and on a host that
 * imported it, so a course feed can say whether an imported course is up to date.
 */
export function contentVersion(files: readonly { path: string; sha256: string }[]): string {
  return courseVersion(files.filter((f) => isContentFile(f.path)));
}

/** Whether `path` is of the course's own content: not the `origin.yaml` an import writes, nor a carried framework. */
export function isContentFile(path: string): boolean {
  return path !== ORIGIN_FILE && !path.startsWith(CARRIED_PREFIX);
}

/**
 * The content version of the course installed in `dir` (contentVersion) and when its newest file
 * last changed, or null when there is no course there.
 */
export function installedCourseState(dir: string): { version: string; updated: Date } | null {
  if (!existsSync(join(dir, 'course.yaml'))) return null;
  const files = listFiles(dir);
  const newest = Math.max(...files.map((path) => lstatSync(join(dir, path)).mtimeMs));
  return { version: contentVersion(installedFiles(dir)), updated: new Date(Math.floor(newest / 1000) * 1000) };
}

/** The files of the course folder `dir` with their digests (none when there is no such folder). */
export function installedFiles(dir: string): { path: string; sha256: string }[] {
  if (!existsSync(dir)) return [];
  return listFiles(dir).map((path) => ({ path, sha256: sha256(readFileSync(join(dir, path))) }));
}

/** Every regular file under `dir` (dot files and folders left out), as paths relative to it with `/`. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      if (name.startsWith('.')) continue;
      const full = join(at, name);
      const stat = lstatSync(full);
      if (stat.isDirectory()) walk(full);
      else if (stat.isFile()) out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out;
}

const TEXT = /\.(ya?ml|mdx?|txt|csv|json|svg)$/i;

function validationErrors(coursesDir: string, projectRoot: string): Problem[] {
  return validateCourseTree(coursesDir, projectRoot).problems.filter((p) => p.level === 'error');
}

/**
 * Packs `courses/<slug>` into a bundle. The course must pass validation and be plain content
 * (what an importing host accepts), so an author learns here, not from the other host.
 */
export async function exportCourse(
  coursesDir: string,
  slug: string,
  from: { site: string; baseUrl: string },
  now: Date = new Date(),
): Promise<{ bundle: CourseBundle; bytes: Buffer }> {
  const dir = join(coursesDir, slug);
  if (!SLUG.test(slug) || !existsSync(join(dir, 'course.yaml')))
    throw new BundleError(`There is no course "${slug}" in ${coursesDir} (a folder with a course.yaml).`);
  const unsafe = await checkCourseIsContent(
    listFiles(dir).map((path) => ({ path, data: readFileSync(join(dir, path)) })),
    'imported',
    `courses/${slug}/`,
  );
  if (unsafe.length)
    throw new BundleError(
      `The course "${slug}" holds code or files another host will refuse (docs/authoring.md, "Sharing a course"); ` +
        `change them before exporting it:`,
      unsafe.map((p) => p.message),
    );
  const frameworks = frameworksOfCourse(coursesDir, dir);
  const carried = (name: string) => join(coursesDir, CARRIED_PREFIX, name);
  const staging = mkdtempSync(join(tmpdir(), 'oqu-course-export-'));
  try {
    // Validate the course alone with the frameworks it carries, as an importing host will.
    copyTree(dir, join(staging, 'courses', slug));
    for (const name of frameworks) {
      mkdirSync(join(staging, 'courses', CARRIED_PREFIX), { recursive: true });
      writeFileSync(join(staging, 'courses', CARRIED_PREFIX, name), readFileSync(carried(name)));
    }
    const errors = validationErrors(join(staging, 'courses'), staging);
    if (errors.length)
      throw new BundleError(
        `The course "${slug}" has errors; fix them (npm run validate) before exporting it:`,
        errors.map((p) => formatProblem(p)),
      );
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const sources = [
    ...listFiles(dir).map((path) => ({ path, from: join(dir, path) })),
    ...frameworks.map((name) => ({ path: `${CARRIED_PREFIX}${name}`, from: carried(name) })),
  ];
  const files = sources.map(({ path, from }) => {
    const data = readFileSync(from);
    const text = TEXT.test(path) && isUtf8(data);
    return {
      path,
      encoding: text ? ('utf8' as const) : ('base64' as const),
      content: text ? data.toString('utf8') : data.toString('base64'),
      sha256: sha256(data),
    };
  });
  const bundle: CourseBundle = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    course: slug,
    courseVersion: courseVersion(files),
    exportedAt: now.toISOString(),
    exportedFrom: { site: from.site.slice(0, 200), baseUrl: from.baseUrl.slice(0, 500) },
    files,
  };
  const bytes = gzipSync(Buffer.from(JSON.stringify(bundle)), { level: 9 });
  if (bytes.length > MAX_BUNDLE_BYTES)
    throw new BundleError(
      `The course "${slug}" makes a bundle of ${Math.round(bytes.length / 1024 / 1024)} MB; a bundle may be at most ` +
        `${MAX_BUNDLE_BYTES / 1024 / 1024} MB (make its images smaller).`,
    );
  return { bundle, bytes };
}

function isUtf8(data: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

/** Reads and checks a bundle: gzip, JSON, format, limits, paths and every file's digest. */
export function readBundle(bytes: Buffer): CourseBundle {
  if (bytes.length > MAX_BUNDLE_BYTES)
    throw new BundleError(
      `The file is ${Math.round(bytes.length / 1024 / 1024)} MB; a course bundle may be at most ` +
        `${MAX_BUNDLE_BYTES / 1024 / 1024} MB.`,
    );
  let json: unknown;
  try {
    json = JSON.parse(gunzipSync(bytes, { maxOutputLength: MAX_UNPACKED_BYTES }).toString('utf8'));
  } catch (error) {
    const tooBig = error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    throw new BundleError(
      tooBig
        ? `The bundle unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB; it is refused.`
        : `This is not an Oqu course bundle (a ${BUNDLE_SUFFIX} file made by \`oqu export-course\`): it could not be ` +
            `unpacked and read as JSON.`,
    );
  }
  const parsed = bundleSchema.safeParse(json);
  if (!parsed.success) {
    throw new BundleError(
      'The course bundle is not valid:',
      parsed.error.issues
        .slice(0, 20)
        .map((i) => `${i.path.length ? i.path.map(String).join('.') : 'bundle'}: ${i.message}`),
    );
  }
  const bundle = parsed.data;
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const f of bundle.files) {
    if (seen.has(f.path.toLowerCase())) problems.push(`${f.path}: the file appears twice`);
    seen.add(f.path.toLowerCase());
    if (sha256(fileBytes(f)) !== f.sha256)
      problems.push(`${f.path}: its content does not match its sha256 (the bundle is damaged or was changed)`);
  }
  if (!seen.has('course.yaml')) problems.push('course.yaml: missing (every course has one)');
  if (courseVersion(bundle.files) !== bundle.courseVersion)
    problems.push('courseVersion: does not match the files (the bundle is damaged or was changed)');
  if (problems.length) throw new BundleError('The course bundle is not valid:', problems);
  return bundle;
}

/** The lessons of the bundle's course and the former names they declare (renames.ts), as `course`. */
export function bundleOutline(bundle: CourseBundle, course: string): LessonOutline {
  return lessonOutline(
    course,
    bundle.files.map((f) => ({ path: f.path, text: () => fileBytes(f).toString('utf8') })),
  );
}

function fileBytes(f: { encoding: 'utf8' | 'base64'; content: string }): Buffer {
  return f.encoding === 'utf8' ? Buffer.from(f.content, 'utf8') : Buffer.from(f.content, 'base64');
}

function copyTree(from: string, to: string): void {
  for (const path of listFiles(from)) {
    mkdirSync(dirname(join(to, path)), { recursive: true });
    writeFileSync(join(to, path), readFileSync(join(from, path)));
  }
}

export interface ImportResult {
  course: string;
  courseVersion: string;
  files: number;
  lessons: number;
  quizzes: number;
  assignments: number;
  /** Where the course that was replaced was kept, when one was. */
  keptAt: string | null;
  /** True when the same version of the course was already there (nothing changed). */
  unchanged: boolean;
  /** The frameworks the bundle carries: installed (the host lacked them) or kept (the host's own). */
  frameworks: CarriedFrameworks;
}

/**
 * Installs a bundle into `coursesDir` as `options.as` (default: the bundle's course name).
 * Refuses a course that is not plain content before writing anything, and a different course
 * of that name unless `replace` (the old folder is then kept in `keepDir`, the newest
 * KEEP_REPLACED copies of each course). Staging happens in `stagingDir` (default: a
 * `course-imports` folder beside `keepDir`, i.e. under data/), never beside courses/.
 */
export async function importCourse(
  coursesDir: string,
  bytes: Buffer,
  options: { as?: string; replace?: boolean; keepDir: string; stagingDir?: string; now?: Date },
): Promise<ImportResult> {
  const bundle = readBundle(bytes);
  const slug = options.as ?? bundle.course;
  if (!SLUG.test(slug))
    throw new BundleError(
      `"${slug}" cannot be a course name: use lowercase latin letters, digits and hyphens (it becomes the course's ` +
        `URL).`,
    );
  const unsafe = await checkCourseIsContent(
    bundle.files.map((f) => ({ path: f.path, data: fileBytes(f) })),
    'imported',
  );
  if (unsafe.length)
    throw new BundleError(
      'The course in the bundle holds code or files this host does not accept; nothing was imported (lessons from ' +
        'another host are content only: see docs/authoring.md):',
      unsafe.map((p) => p.message),
    );
  const target = join(coursesDir, slug);
  const origin = originFile(bundle);
  if (existsSync(target)) {
    const present = installedFiles(target);
    if (contentVersion(present) === contentVersion(bundle.files)) {
      const lessons = present.filter((f) => /^\d{2}-[^/]+\/[^/]+\.mdx?$/.test(f.path)).length;
      const quizzes = present.filter((f) => /^quizzes\/[^/]+\.ya?ml$/.test(f.path)).length;
      const assignments = present.filter((f) => /^assignments\/[^/]+\.ya?ml$/.test(f.path)).length;
      return {
        course: slug,
        courseVersion: bundle.courseVersion,
        files: present.length,
        lessons,
        quizzes,
        assignments,
        keptAt: null,
        unchanged: true,
        frameworks: { installed: [], kept: [] },
      };
    }
    if (!options.replace)
      throw new BundleError(
        `A different course "${slug}" is already in ${coursesDir}. Import with --replace to replace it (the current ` +
          `one is kept aside), or with --as <other-name> to add this one beside it.`,
      );
  }
  const stagingRoot = options.stagingDir ?? join(dirname(options.keepDir), 'course-imports');
  cleanStaleImports(stagingRoot, coursesDir, options.keepDir, options.now);
  const staging = createStagingFolder(stagingRoot);
  try {
    const stagedCourse = join(staging, 'courses', slug);
    let unpacked = 0;
    const carried: { path: string; data: Buffer }[] = [];
    for (const f of bundle.files) {
      const data = fileBytes(f);
      unpacked += data.length;
      if (unpacked > MAX_UNPACKED_BYTES)
        throw new BundleError(
          `The bundle's files add up to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB; it is refused.`,
        );
      if (f.path.startsWith(CARRIED_PREFIX)) {
        carried.push({ path: f.path, data });
        continue;
      }
      const at = join(stagedCourse, ...f.path.split('/'));
      if (!at.startsWith(stagedCourse + sep)) throw new BundleError(`${f.path}: the path leaves the course folder`);
      mkdirSync(dirname(at), { recursive: true });
      writeFileSync(at, data);
    }
    if (origin) writeFileSync(join(stagedCourse, ORIGIN_FILE), origin);
    stageHostFrameworks(coursesDir, join(staging, 'courses'));
    const frameworks = stageCarriedFrameworks(coursesDir, join(staging, 'courses'), carried);
    const gaps = keptFrameworkGaps(coursesDir, stagedCourse, carried, frameworks.report);
    if (gaps.length) throw new BundleError(gaps.map(gapMessage).join('\n'));
    const report = validateCourseTree(join(staging, 'courses'), staging);
    const errors = report.findings.filter((f) => f.severity === 'error');
    if (errors.length) throw importErrors(errors, frameworks.fresh, bundle.exportedFrom);
    const keptAt = installCourse(stagedCourse, coursesDir, slug, options.keepDir, options.now ?? new Date());
    installFrameworks(coursesDir, frameworks.fresh);
    return {
      course: slug,
      courseVersion: bundle.courseVersion,
      files: bundle.files.length,
      lessons: report.lessons,
      quizzes: report.quizzes,
      assignments: report.assignments,
      keptAt,
      unchanged: false,
      frameworks: frameworks.report,
    };
  } catch (error) {
    if (error instanceof BundleError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new BundleError(
      `The course could not be put in place (${code ?? (error as Error).message}); ${coursesDir} was left as it was. ` +
        `Check free space and permissions of ${coursesDir} and ${stagingRoot}, then import again.`,
    );
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * The `origin.yaml` an import writes (decision 030): the exporting host, its address and the
 * course's name there, for the attribution CC BY-SA asks for. None when the bundle carries one
 * already: a course passed on keeps naming the host it was first published by.
 */
function originFile(bundle: CourseBundle): string | undefined {
  if (bundle.files.some((f) => f.path === ORIGIN_FILE)) return undefined;
  const origin = courseOriginSchema.safeParse({
    site: bundle.exportedFrom.site,
    url: bundle.exportedFrom.baseUrl,
    course: bundle.course,
    exportedAt: bundle.exportedAt,
  } satisfies CourseOrigin);
  if (!origin.success)
    throw new BundleError(
      'The bundle does not say which host it comes from (exportedFrom: a name and an http:// or https:// ' +
        'address); nothing was imported.',
    );
  const note = '# Where this course was first published (written by oqu import-course; keep it: CC BY-SA attribution).';
  return `${note}\n${toYaml(origin.data, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' })}`;
}

/**
 * The refusal of a course that does not validate. A carried framework's problems name it as the
 * bundle's file (`_frameworks/x.yaml`, not a path this host has) and say who can fix them: the
 * exporting host, or this one when its own copy of the framework goes by another id.
 */
function importErrors(
  errors: readonly Finding[],
  carried: readonly { name: string }[],
  from: CourseBundle['exportedFrom'],
): BundleError {
  const inBundle = new Map(carried.map((f) => [`courses/${CARRIED_PREFIX}${f.name}`, `${CARRIED_PREFIX}${f.name}`]));
  const lines = errors.map((f) => formatProblem(toProblem({ ...f, file: inBundle.get(f.file) ?? f.file })));
  const host = [from.site, from.baseUrl].filter(Boolean).join(', ');
  for (const [file, path] of inBundle) {
    const own = errors.filter((f) => f.file === file);
    if (own.some((f) => f.key === 'validate.competency_twice'))
      lines.push(
        `${path}, the competency framework the bundle carries, defines competency ids this host's frameworks ` +
          `already define: if this host's framework is the same one under another name, name its file ` +
          `${path.slice(CARRIED_PREFIX.length)} (this host's copy is then kept) and import again.`,
      );
    if (own.some((f) => f.key !== 'validate.competency_twice'))
      lines.push(
        `${path} is the competency framework the bundle carries: ask the host it comes from (${host}) to fix it ` +
          `and export the course again.`,
      );
  }
  return new BundleError('The course in the bundle has errors; nothing was imported:', lines);
}

/** Why a course cannot come in beside a framework this host keeps (decision 034), and what to do. */
function gapMessage(gap: KeptFrameworkGap): string {
  const version = (v: string | null) => (v ? `version ${v}` : 'no version');
  return (
    `This host's competency framework ${gap.id} (${gap.file}, ${version(gap.version)}) lacks competencies the ` +
    `course names: ${gap.missing.join(', ')}. The bundle carries its own copy of that framework ` +
    `(${version(gap.carriedVersion)}), which defines them, but a framework this host already has is never ` +
    `replaced (decision 034). Add them to this host's framework (the exporting host's ` +
    `courses/${CARRIED_PREFIX}${gap.id}.yaml defines them), then import again. Nothing was imported.`
  );
}

/** The default file name of a course's bundle. */
export function bundleFileName(slug: string): string {
  return `${slug}${BUNDLE_SUFFIX}`;
}
