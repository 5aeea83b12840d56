/**
 * The competency frameworks a course bundle carries (decision 034) as a receiving host meets
 * them: one it lacks is installed, one it has of its own (by id) is kept and the carried copy
 * ignored, and `oqu import-course` says which. Run through `importCourse` and through the real
 * command line in a throwaway project root (Oqu's sources linked in, its own courses/ and data/).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { BundleError, exportCourse, importCourse, type CourseBundle } from '#lib/courses/bundle.ts';

const repo = resolve(import.meta.dirname, '..', '..');
const SHIPPED = readFileSync(join(repo, 'courses', '_frameworks', 'social-innovation.yaml'), 'utf8');
const LINKED = ['src', 'db', 'public', 'node_modules', 'package.json', 'tsconfig.json', 'oqu.config.yaml'];
const run = promisify(execFile);
let tmp: string;
let bundleFile: string;
let bytes: Buffer;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'oqu-bundle-frameworks-'));
  ({ bytes } = await exportCourse(join(repo, 'courses'), 'urbanism', {
    site: 'Oqu Almaty',
    baseUrl: 'https://oqu.example.kz',
  }));
  bundleFile = join(tmp, 'urbanism.oqu-course.json.gz');
  writeFileSync(bundleFile, bytes);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A receiving host's project root: Oqu's sources linked in, and its own courses/ with `frameworks`. */
function host(name: string, frameworks: Record<string, string> = {}): { root: string; courses: string } {
  const root = join(tmp, name);
  mkdirSync(join(root, 'courses', '_frameworks'), { recursive: true });
  for (const item of LINKED) symlinkSync(join(repo, item), join(root, item));
  for (const [file, text] of Object.entries(frameworks))
    writeFileSync(join(root, 'courses', '_frameworks', file), text);
  return { root, courses: join(root, 'courses') };
}

/** `oqu <args>` run from the host's root as its operator runs it (the links kept, so that root is the project). */
async function oqu(root: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { OQU_CONFIG: _, ...env } = process.env;
  try {
    const r = await run(
      process.execPath,
      ['--preserve-symlinks', '--preserve-symlinks-main', join(root, 'src', 'cli', 'oqu.ts'), ...args],
      { cwd: root, timeout: 60_000, env },
    );
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** This host's own copy of the shipped framework: the same competencies, an older version. */
const OWN = `# Our own copy, edited here.\n${SHIPPED.replace("version: '1.0'", "version: '0.9'")}`;

describe('frameworks carried by a course bundle', () => {
  it('are installed where the host lacks them, and the import says so', async () => {
    const taraz = host('taraz');
    const result = await importCourse(taraz.courses, bytes, { keepDir: join(taraz.root, 'data', 'keep') });
    expect(result.frameworks).toEqual({ installed: ['social-innovation'], kept: [] });
    expect(readFileSync(join(taraz.courses, '_frameworks', 'social-innovation.yaml'), 'utf8')).toBe(SHIPPED);

    const oral = host('oral');
    const r = await oqu(oral.root, ['import-course', bundleFile]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `Installed the competency framework it carries: social-innovation (in ${join(oral.courses, '_frameworks')}).`,
    );
    expect(readFileSync(join(oral.courses, '_frameworks', 'social-innovation.yaml'), 'utf8')).toBe(SHIPPED);
  }, 60_000);

  it("keep the host's own framework of the same id, never overwritten, and the import says so", async () => {
    const semey = host('semey', { 'social-innovation.yaml': OWN });
    const result = await importCourse(semey.courses, bytes, { keepDir: join(semey.root, 'data', 'keep') });
    expect(result.frameworks).toEqual({
      installed: [],
      kept: [{ id: 'social-innovation', version: '0.9', carriedVersion: '1.0' }],
    });
    expect(readdirSync(join(semey.courses, '_frameworks'))).toEqual(['social-innovation.yaml']);
    expect(readFileSync(join(semey.courses, '_frameworks', 'social-innovation.yaml'), 'utf8')).toBe(OWN);
    expect(readdirSync(semey.courses).sort()).toEqual(['_frameworks', 'urbanism']);

    // The same framework in a `.yml` file is the same id: kept too, not installed beside it.
    const oskemen = host('oskemen', { 'social-innovation.yml': OWN });
    const r = await oqu(oskemen.root, ['import-course', bundleFile]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Imported urbanism: /);
    expect(r.stdout).toContain(
      "Kept this host's own competency framework social-innovation (version 0.9); the copy the bundle carries " +
        "(version 1.0) was not installed: this host's frameworks already define every competency the course names.",
    );
    expect(r.stdout).not.toContain('Installed the competency framework');
    expect(readdirSync(join(oskemen.courses, '_frameworks'))).toEqual(['social-innovation.yml']);
    expect(readFileSync(join(oskemen.courses, '_frameworks', 'social-innovation.yml'), 'utf8')).toBe(OWN);
  }, 60_000);
});

/** `text` (a framework) without the competencies `ids`. */
function without(text: string, ids: readonly string[]): string {
  const data = parseYaml(text) as { competencies: { id: string }[] };
  data.competencies = data.competencies.filter((c) => !ids.includes(c.id));
  return toYaml(data);
}

/** What `importCourse` refused with (its message), failing the test when it did not refuse. */
async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(BundleError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');

/** The bundle with its files changed by `change` (digests and version made to match, as an exporter would). */
function changed(change: (files: CourseBundle['files']) => CourseBundle['files']): Buffer {
  const b = JSON.parse(gunzipSync(bytes).toString('utf8')) as CourseBundle;
  b.files = change(b.files).map((f) => (f.encoding === 'utf8' ? { ...f, sha256: sha256(f.content) } : f));
  b.courseVersion = sha256(
    [...b.files]
      .sort((x, y) => (x.path < y.path ? -1 : 1))
      .map((f) => `${f.path}\0${f.sha256}\n`)
      .join(''),
  );
  return gzipSync(JSON.stringify(b));
}

/** The bundle with the text of its carried framework changed by `edit`. */
const withFramework = (edit: (text: string) => string) =>
  changed((files) =>
    files.map((f) => (f.path === '_frameworks/social-innovation.yaml' ? { ...f, content: edit(f.content) } : f)),
  );

describe('a course naming competencies the host cannot have', () => {
  it("is refused when the host's own framework lacks them, naming it and the ids; nothing written", async () => {
    const lacking = without(OWN, ['open-city-data', 'participatory-design']);
    const aktau = host('aktau', { 'social-innovation.yaml': lacking });
    const framework = join(aktau.courses, '_frameworks', 'social-innovation.yaml');
    const expected =
      `This host's competency framework social-innovation (${framework}, version 0.9) lacks competencies the ` +
      'course names: open-city-data, participatory-design. The bundle carries its own copy of that framework ' +
      '(version 1.0), which defines them, but a framework this host already has is never replaced (decision 034). ' +
      "Add them to this host's framework (the exporting host's courses/_frameworks/social-innovation.yaml defines " +
      'them), then import again. Nothing was imported.';
    const message = await refusal(() =>
      importCourse(aktau.courses, bytes, { keepDir: join(aktau.root, 'data', 'keep') }),
    );
    expect(message).toBe(expected);
    expect(readdirSync(aktau.courses)).toEqual(['_frameworks']);
    expect(readdirSync(join(aktau.courses, '_frameworks'))).toEqual(['social-innovation.yaml']);
    expect(readFileSync(framework, 'utf8')).toBe(lacking);
    expect(readdirSync(join(aktau.root, 'data', 'course-imports'))).toEqual([]);

    const r = await oqu(aktau.root, ['import-course', bundleFile]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(expected);
    expect(readdirSync(aktau.courses)).toEqual(['_frameworks']);
    expect(readFileSync(framework, 'utf8')).toBe(lacking);
  }, 60_000);

  it('is refused when neither the host nor the bundle defines them, naming the file, the line and the id', async () => {
    const b = changed((files) => files.filter((f) => !f.path.startsWith('_frameworks/')));
    const atbasar = host('atbasar');
    const message = await refusal(() =>
      importCourse(atbasar.courses, b, { keepDir: join(atbasar.root, 'data', 'keep') }),
    );
    expect(message).toMatch(/^The course in the bundle has errors; nothing was imported:/);
    expect(message).toMatch(/courses\/urbanism\/course\.yaml:\d+: unknown competency "open-city-data"/);
    expect(readdirSync(atbasar.courses)).toEqual(['_frameworks']);
    expect(readdirSync(join(atbasar.courses, '_frameworks'))).toEqual([]);
  });
});

describe('a framework carried by a bundle that is not valid', () => {
  it('is refused with the file in the bundle and the field named, and nothing written', async () => {
    const invalid = withFramework((text) =>
      text
        .replace("version: '1.0'", 'version: 3')
        .replace('    parent: field-urbanism\n', '    parent: [field-urbanism]\n'),
    );
    const kokshetau = host('kokshetau');
    const message = await refusal(() =>
      importCourse(kokshetau.courses, invalid, { keepDir: join(kokshetau.root, 'data', 'keep') }),
    );
    expect(message).toMatch(/^The course in the bundle has errors; nothing was imported:\n/);
    expect(message).toMatch(/^ {2}error _frameworks\/social-innovation\.yaml:\d+: version: .*expected string/m);
    expect(message).toMatch(/^ {2}error _frameworks\/social-innovation\.yaml:\d+: competencies\.\d+\.parent: /m);
    // Not a file of this host: the operator is told who can fix it.
    expect(message).not.toContain('courses/_frameworks/social-innovation.yaml:');
    expect(message).toContain(
      '_frameworks/social-innovation.yaml is the competency framework the bundle carries: ask the host it comes ' +
        'from (Oqu Almaty, https://oqu.example.kz) to fix it and export the course again.',
    );
    // One message per mistake: the ids the broken framework defines are not also "unknown".
    expect(message).not.toMatch(/unknown competency/);
    expect(readdirSync(kokshetau.courses)).toEqual(['_frameworks']);
    expect(readdirSync(join(kokshetau.courses, '_frameworks'))).toEqual([]);
    expect(readdirSync(join(kokshetau.root, 'data', 'course-imports'))).toEqual([]);

    const r = await oqu(kokshetau.root, ['import-course', writeBundle('invalid', invalid)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(message);
    expect(readdirSync(join(kokshetau.courses, '_frameworks'))).toEqual([]);
  }, 60_000);

  it('that is not even YAML is one error naming its line, and nothing written', async () => {
    const broken = withFramework((text) => `${text}  - id: [open\n`);
    const zhezkazgan = host('zhezkazgan');
    const message = await refusal(() =>
      importCourse(zhezkazgan.courses, broken, { keepDir: join(zhezkazgan.root, 'data', 'keep') }),
    );
    const errors = message.split('\n').filter((line) => line.startsWith('  error '));
    expect(errors).toEqual([
      expect.stringMatching(/^ {2}error _frameworks\/social-innovation\.yaml:\d+: a quote or bracket is not closed/),
    ]);
    expect(readdirSync(zhezkazgan.courses)).toEqual(['_frameworks']);
    expect(readdirSync(join(zhezkazgan.courses, '_frameworks'))).toEqual([]);
  });

  it("is not read when the host has its own of that id: the host's is kept and the course comes in", async () => {
    const broken = withFramework((text) => `${text}  - id: [open\n`);
    const ekibastuz = host('ekibastuz', { 'social-innovation.yaml': OWN });
    const result = await importCourse(ekibastuz.courses, broken, { keepDir: join(ekibastuz.root, 'data', 'keep') });
    expect(result.frameworks).toEqual({
      installed: [],
      kept: [{ id: 'social-innovation', version: '0.9', carriedVersion: null }],
    });
    expect(readFileSync(join(ekibastuz.courses, '_frameworks', 'social-innovation.yaml'), 'utf8')).toBe(OWN);
  });
});

describe("a carried framework defining the same competencies as one of the host's under another id", () => {
  it("is refused, telling the operator to give the host's copy the same id, and nothing written", async () => {
    const pavlodar = host('pavlodar', { 'civic.yaml': OWN });
    const message = await refusal(() =>
      importCourse(pavlodar.courses, bytes, { keepDir: join(pavlodar.root, 'data', 'keep') }),
    );
    expect(message).toMatch(
      /^ {2}error _frameworks\/social-innovation\.yaml:\d+: competency id "open-city-data" is already defined in courses\/_frameworks\/civic\.yaml/m,
    );
    expect(message).toContain(
      '_frameworks/social-innovation.yaml, the competency framework the bundle carries, defines competency ids ' +
        "this host's frameworks already define: if this host's framework is the same one under another name, name " +
        "its file social-innovation.yaml (this host's copy is then kept) and import again.",
    );
    expect(message).not.toContain('ask the host it comes from');
    expect(readdirSync(pavlodar.courses)).toEqual(['_frameworks']);
    expect(readdirSync(join(pavlodar.courses, '_frameworks'))).toEqual(['civic.yaml']);
    expect(readFileSync(join(pavlodar.courses, '_frameworks', 'civic.yaml'), 'utf8')).toBe(OWN);
  });
});

/** Writes `bytes` as a bundle file the command line can be given. */
function writeBundle(name: string, data: Buffer): string {
  const file = join(tmp, `${name}.oqu-course.json.gz`);
  writeFileSync(file, data);
  return file;
}
