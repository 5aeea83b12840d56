/**
 * Course bundles between hosts (src/lib/courses/bundle.ts and `oqu export-course` /
 * `oqu import-course`): a real course of courses/ exported and imported into another host's
 * courses folder; damaged, hostile and invalid bundles refused with a message naming what and
 * where, and nothing already there changed.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { BundleError, exportCourse, importCourse, readBundle, type CourseBundle } from '#lib/courses/bundle.ts';
import { courseOriginSchema } from '#lib/courses/schema.ts';

const projectRoot = resolve(import.meta.dirname, '..', '..');
const cli = join(projectRoot, 'src', 'cli', 'oqu.ts');
const from = { site: 'Oqu Almaty', baseUrl: 'https://oqu.example.kz' };
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'oqu-bundle-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** A partner host's project folder with an empty courses/. */
function host(name: string): { root: string; courses: string; keep: string } {
  const root = join(tmp, name);
  mkdirSync(join(root, 'courses'), { recursive: true });
  return { root, courses: join(root, 'courses'), keep: join(root, 'data', 'replaced-courses') };
}

/** Every file of a folder with its bytes, for comparing trees (the origin.yaml an import adds left out). */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string, prefix: string) => {
    for (const name of readdirSync(at, { withFileTypes: true })) {
      if (`${prefix}${name.name}` === 'origin.yaml') continue;
      if (name.isDirectory()) walk(join(at, name.name), `${prefix}${name.name}/`);
      else out[`${prefix}${name.name}`] = readFileSync(join(at, name.name)).toString('base64');
    }
  };
  walk(dir, '');
  return out;
}

const pack = (bundle: unknown) => gzipSync(Buffer.from(JSON.stringify(bundle)));
const unpack = (bytes: Buffer) => JSON.parse(gunzipSync(bytes).toString('utf8')) as CourseBundle;

async function refusal(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(BundleError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('course bundles', () => {
  it('carry a course with its Kazakh text, quizzes and assets to another host, byte for byte', async () => {
    const { bundle, bytes } = await exportCourse(
      join(projectRoot, 'courses'),
      'urbanism',
      from,
      new Date('2026-11-27T10:00:00Z'),
    );
    expect(bundle).toMatchObject({
      format: 'oqu-course-bundle',
      formatVersion: 1,
      course: 'urbanism',
      exportedFrom: from,
      exportedAt: '2026-11-27T10:00:00.000Z',
    });
    expect(bundle.files.map((f) => f.path)).toContain('course.yaml');
    expect(bundle.files.some((f) => f.path.startsWith('quizzes/'))).toBe(true);
    expect(bundle.files.map((f) => f.path)).toContain('assignments/wayfinding-audit.yaml');
    const kk = bundle.files.find((f) => f.path.endsWith('.kk.mdx'))!;
    expect(kk.encoding).toBe('utf8');
    expect(kk.content).toMatch(/[әғқңөұүһі]/);

    const shymkent = host('shymkent');
    const result = await importCourse(shymkent.courses, bytes, { keepDir: shymkent.keep });
    expect(result).toMatchObject({
      course: 'urbanism',
      courseVersion: bundle.courseVersion,
      files: bundle.files.length,
      lessons: 18,
      quizzes: 2,
      assignments: 1,
      keptAt: null,
      unchanged: false,
    });
    expect(tree(join(shymkent.courses, 'urbanism'))).toEqual(tree(join(projectRoot, 'courses', 'urbanism')));
    const origin = readFileSync(join(shymkent.courses, 'urbanism', 'origin.yaml'), 'utf8');
    // The import notes where the course comes from, for the attribution its licence asks for.
    expect(courseOriginSchema.parse(parseYaml(origin))).toEqual({
      site: 'Oqu Almaty',
      url: 'https://oqu.example.kz',
      course: 'urbanism',
      exportedAt: '2026-11-27T10:00:00.000Z',
    });
    // Importing the same version again changes nothing; under another name it sits beside it.
    expect(await importCourse(shymkent.courses, bytes, { keepDir: shymkent.keep })).toMatchObject({
      unchanged: true,
      lessons: 18,
      quizzes: 2,
    });
    expect(
      (await importCourse(shymkent.courses, bytes, { as: 'urbanism-shymkent', keepDir: shymkent.keep })).course,
    ).toBe('urbanism-shymkent');
    // The bundle carries the competency framework the course names, installed once (decision 034).
    expect(readdirSync(shymkent.courses).sort()).toEqual(['_frameworks', 'urbanism', 'urbanism-shymkent']);
    expect(readFileSync(join(shymkent.courses, '_frameworks', 'social-innovation.yaml'), 'utf8')).toBe(
      readFileSync(join(projectRoot, 'courses', '_frameworks', 'social-innovation.yaml'), 'utf8'),
    );
    expect(readFileSync(join(shymkent.courses, 'urbanism-shymkent', 'origin.yaml'), 'utf8')).toBe(origin);
    // Passed on to a third host, the course keeps naming the host it was first published by.
    const passedOn = await exportCourse(shymkent.courses, 'urbanism-shymkent', {
      site: 'Oqu Shymkent',
      baseUrl: 'https://oqu.shymkent.kz',
    });
    const turkistan = host('turkistan');
    await importCourse(turkistan.courses, passedOn.bytes, { keepDir: turkistan.keep });
    expect(readFileSync(join(turkistan.courses, 'urbanism-shymkent', 'origin.yaml'), 'utf8')).toBe(origin);
    // No staging folder is left behind.
    expect(readdirSync(shymkent.root).filter((n) => n.startsWith('.oqu-course-import'))).toEqual([]);
  });

  it('replace a different version only when asked, keeping the old one aside', async () => {
    const aktobe = host('aktobe');
    cpSync(join(projectRoot, 'courses', 'urbanism'), join(aktobe.courses, 'urbanism'), { recursive: true });
    const edited = readFileSync(join(aktobe.courses, 'urbanism', 'course.yaml'), 'utf8').replace(
      /hours: *\d+(\.\d+)?/,
      'hours: 99',
    );
    expect(edited).toContain('hours: 99');
    writeFileSync(join(aktobe.courses, 'urbanism', 'course.yaml'), edited);
    const { bytes } = await exportCourse(join(projectRoot, 'courses'), 'urbanism', from);
    expect(await refusal(() => importCourse(aktobe.courses, bytes, { keepDir: aktobe.keep }))).toMatch(
      /A different course "urbanism" is already in .*--replace.*--as/s,
    );
    expect(readFileSync(join(aktobe.courses, 'urbanism', 'course.yaml'), 'utf8')).toContain('hours: 99');
    const replaced = await importCourse(aktobe.courses, bytes, {
      replace: true,
      keepDir: aktobe.keep,
      now: new Date('2026-11-27T12:00:00Z'),
    });
    expect(replaced.keptAt).toBe(join(aktobe.keep, 'urbanism-2026-11-27T12-00-00-000Z'));
    expect(readFileSync(join(replaced.keptAt!, 'course.yaml'), 'utf8')).toContain('hours: 99');
    expect(tree(join(aktobe.courses, 'urbanism'))).toEqual(tree(join(projectRoot, 'courses', 'urbanism')));
  });

  it('refuse damaged, hostile and invalid bundles, naming what is wrong, and write nothing', async () => {
    const { bundle, bytes } = await exportCourse(join(projectRoot, 'courses'), 'urbanism', from);
    const atyrau = host('atyrau');
    const attempt = (b: Buffer) => refusal(() => importCourse(atyrau.courses, b, { keepDir: atyrau.keep }));
    const changed = (change: (b: CourseBundle) => void) => {
      const copy = unpack(bytes);
      change(copy);
      return pack(copy);
    };

    expect(await attempt(Buffer.from('PK\u0003\u0004 a zip file'))).toMatch(/not an Oqu course bundle/);
    expect(await attempt(gzipSync(Buffer.from('{"format": "scorm"')))).toMatch(/not an Oqu course bundle/);
    expect(await attempt(pack({ ...bundle, format: 'scorm' }))).toMatch(/format: this is not an Oqu course bundle/);
    expect(await attempt(pack({ ...bundle, formatVersion: 2 }))).toMatch(/formatVersion: .*update Oqu/);
    // A lesson changed after export.
    expect(
      await attempt(changed((b) => (b.files.find((f) => f.path.endsWith('.kk.mdx'))!.content += '\nҚосымша'))),
    ).toMatch(/\.kk\.mdx: its content does not match its sha256/);
    // Paths that would leave the course folder, or hide in it.
    for (const path of ['../../../etc/passwd', '/etc/passwd', '.hidden/x.yaml', 'a/../../b.yaml', 'quizzes\\x.yaml']) {
      expect(await attempt(changed((b) => (b.files[0]!.path = path)))).toMatch(
        /files\.0\.path: a file path must be relative/,
      );
    }
    // A quiz whose answer key is broken: the validator's message names the file and field.
    const quiz = bundle.files.find((f) => f.path.startsWith('quizzes/'))!;
    const broken = quiz.content.replace(/passPercent: *\d+/, 'passPercent: 250');
    expect(broken).not.toBe(quiz.content);
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    const invalid = changed((b) => {
      const f = b.files.find((x) => x.path === quiz.path)!;
      f.content = broken;
      f.sha256 = sha(broken);
      b.courseVersion = recomputeVersion(b);
    });
    expect(await attempt(invalid)).toMatch(
      new RegExp(
        `course in the bundle has errors; nothing was imported:[\\s\\S]*${quiz.path.replace('.', '\\.')}:\\d+: ` +
          `passPercent`,
      ),
    );
    // A bomb: small on disk, enormous unpacked.
    expect(await attempt(gzipSync(Buffer.alloc(210 * 1024 * 1024, 32)))).toMatch(/unpacks to more than 200 MB/);
    expect(readdirSync(atyrau.courses)).toEqual([]);
    expect(readdirSync(atyrau.root).filter((n) => n.startsWith('.oqu-course-import'))).toEqual([]);
    expect(() => readBundle(bytes)).not.toThrow();
  }, 60_000);

  it("stage under data/, clean a killed import's leftovers, and put back a course set aside mid-swap", async () => {
    const { bytes } = await exportCourse(join(projectRoot, 'courses'), 'urbanism', from);
    const taraz = host('taraz');
    const staging = join(taraz.root, 'data', 'course-imports');
    const dead = await deadPid();
    // What a kill leaves: a 200 MB-style staging folder, a half-copied incoming course, and the
    // old course renamed aside just before the new one would have taken its place.
    mkdirSync(join(staging, `${dead}-0123456789ab`, 'courses', 'urbanism'), { recursive: true });
    mkdirSync(join(taraz.courses, `.oqu-incoming-${dead}-0123456789ab.urbanism`), { recursive: true });
    cpSync(
      join(projectRoot, 'courses', 'urbanism'),
      join(taraz.courses, `.oqu-outgoing-${dead}-ba9876543210.urbanism`),
      { recursive: true },
    );
    writeFileSync(
      join(taraz.courses, `.oqu-outgoing-${dead}-ba9876543210.urbanism`, 'course.yaml'),
      readFileSync(join(projectRoot, 'courses', 'urbanism', 'course.yaml'), 'utf8').replace(/hours: *\d+/, 'hours: 77'),
    );
    const before = readdirSync(taraz.root).sort();
    const result = await importCourse(taraz.courses, bytes, { as: 'urbanism-taraz', keepDir: taraz.keep });
    expect(result.course).toBe('urbanism-taraz');
    expect(readdirSync(taraz.courses).sort()).toEqual(['_frameworks', 'urbanism', 'urbanism-taraz']);
    expect(readFileSync(join(taraz.courses, 'urbanism', 'course.yaml'), 'utf8')).toContain('hours: 77');
    expect(readdirSync(staging)).toEqual([]);
    // Nothing was staged in the project root.
    expect(readdirSync(taraz.root).sort()).toEqual(before);
    // A refused import leaves no staging folder either.
    await refusal(() =>
      importCourse(
        taraz.courses,
        pack({ ...unpack(bytes), files: unpack(bytes).files.filter((f) => !f.path.startsWith('quizzes/')) }),
        { as: 'broken', keepDir: taraz.keep },
      ),
    );
    expect(readdirSync(staging)).toEqual([]);
  }, 60_000);

  it.skipIf(!otherFileSystem())(
    'replace a course when data/ is on another file system (EXDEV), keeping the newest three replaced copies',
    async () => {
      const { bytes } = await exportCourse(join(projectRoot, 'courses'), 'urbanism', from);
      const kostanay = host('kostanay');
      const data = mkdtempSync(join('/dev/shm', 'oqu-bundle-data-'));
      try {
        const keepDir = join(data, 'replaced-courses');
        for (let i = 1; i <= 5; i++) {
          cpSync(join(projectRoot, 'courses', 'urbanism'), join(kostanay.courses, 'urbanism'), {
            recursive: true,
            force: true,
          });
          writeFileSync(
            join(kostanay.courses, 'urbanism', 'course.yaml'),
            readFileSync(join(projectRoot, 'courses', 'urbanism', 'course.yaml'), 'utf8').replace(
              /hours: *\d+/,
              `hours: ${90 + i}`,
            ),
          );
          const result = await importCourse(kostanay.courses, bytes, {
            replace: true,
            keepDir,
            stagingDir: join(data, 'course-imports'),
            now: new Date(`2026-12-0${i}T09:00:00Z`),
          });
          expect(result.keptAt).toBe(join(keepDir, `urbanism-2026-12-0${i}T09-00-00-000Z`));
          expect(tree(join(kostanay.courses, 'urbanism'))).toEqual(tree(join(projectRoot, 'courses', 'urbanism')));
        }
        expect(readdirSync(keepDir).sort()).toEqual([
          'urbanism-2026-12-03T09-00-00-000Z',
          'urbanism-2026-12-04T09-00-00-000Z',
          'urbanism-2026-12-05T09-00-00-000Z',
        ]);
        expect(readFileSync(join(keepDir, 'urbanism-2026-12-05T09-00-00-000Z', 'course.yaml'), 'utf8')).toContain(
          'hours: 95',
        );
        expect(readdirSync(kostanay.courses).sort()).toEqual(['_frameworks', 'urbanism']);
        expect(readdirSync(join(data, 'course-imports'))).toEqual([]);
      } finally {
        rmSync(data, { recursive: true, force: true });
      }
    },
    120_000,
  );

  it('will not export a course with errors', async () => {
    const almaty = host('almaty');
    cpSync(join(projectRoot, 'courses', 'urbanism'), join(almaty.courses, 'urbanism'), { recursive: true });
    const quizDir = join(almaty.courses, 'urbanism', 'quizzes');
    const quizFile = readdirSync(quizDir)[0]!;
    writeFileSync(
      join(quizDir, quizFile),
      readFileSync(join(quizDir, quizFile), 'utf8').replace(/passPercent: *\d+/, 'passPercent: 250'),
    );
    expect(await refusal(() => exportCourse(almaty.courses, 'urbanism', from))).toMatch(
      new RegExp(`has errors; fix them[\\s\\S]*quizzes/${quizFile.replace('.', '\\.')}:\\d+: passPercent`),
    );
    rmSync(join(almaty.courses, 'urbanism', 'course.yaml'));
    expect(await refusal(() => exportCourse(almaty.courses, 'urbanism', from))).toMatch(/no course "urbanism"/);
    expect(await refusal(() => exportCourse(almaty.courses, '../urbanism', from))).toMatch(
      /no course "\.\.\/urbanism"/,
    );
  });

  it('work from the command line, with exit codes', async () => {
    const run = promisify(execFile);
    const oqu = async (args: string[]) => {
      try {
        const r = await run(process.execPath, [cli, ...args], { cwd: tmp, timeout: 30_000 });
        return { code: 0, out: r.stdout, err: r.stderr };
      } catch (error) {
        const e = error as { code: number; stdout: string; stderr: string };
        return { code: e.code, out: e.stdout, err: e.stderr };
      }
    };
    const exported = await oqu(['export-course', 'urbanism', join(tmp, 'u.oqu-course.json.gz')]);
    expect(exported.code).toBe(0);
    expect(exported.out).toMatch(/^Exported urbanism: \d+ files/);
    expect(existsSync(join(tmp, 'u.oqu-course.json.gz'))).toBe(true);
    // The project's own copy is the same version: nothing to do.
    expect((await oqu(['import-course', join(tmp, 'u.oqu-course.json.gz')])).out).toMatch(
      /already here in this version/,
    );
    writeFileSync(join(tmp, 'junk.gz'), 'not a bundle');
    const junk = await oqu(['import-course', join(tmp, 'junk.gz')]);
    expect(junk.code).toBe(1);
    expect(junk.err).toMatch(/not an Oqu course bundle/);
    expect(junk.err).not.toMatch(/\s+at /);
    expect((await oqu(['export-course', 'no-such-course'])).code).toBe(1);
    expect((await oqu(['import-course'])).code).toBe(2);
  }, 60_000);
});

/** Whether /dev/shm is a file system other than the temporary folder's (to provoke EXDEV). */
function otherFileSystem(): boolean {
  try {
    return statSync('/dev/shm').dev !== statSync(tmpdir()).dev;
  } catch {
    return false;
  }
}

/** The id of a process that has ended. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((done) => child.once('exit', done));
  return child.pid!;
}

function recomputeVersion(b: CourseBundle): string {
  return createHash('sha256')
    .update(
      [...b.files]
        .sort((x, y) => (x.path < y.path ? -1 : 1))
        .map((f) => `${f.path}\0${f.sha256}\n`)
        .join(''),
    )
    .digest('hex');
}
