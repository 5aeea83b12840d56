/**
 * `oqu export-course --format scorm12|scorm2004|cc --locale ...` as an operator runs it: a child
 * process in a project root whose built lessons are stand-ins (tests/helpers/built-lessons.ts),
 * its exit codes, the files it writes (clean zips, named by course, language and format unless
 * a file is given), and what it prints: the counts, the answer keys travelling in a SCORM
 * package, what a cartridge could not carry, and a message to act on for a wrong option, a site
 * not built or a course file missing from the build.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtProject } from '../helpers/built-lessons.ts';

const run = promisify(execFile);
const COURSE = 'city-files';
let root: string;

/**
 * Runs the command from the project root's own src/cli/oqu.ts, with the symbolic links kept so
 * that it takes that root (not this checkout) as its project.
 */
async function oqu(args: string[], project = root): Promise<{ code: number; stdout: string; stderr: string }> {
  const cli = join(project, 'src', 'cli', 'oqu.ts');
  const { OQU_CONFIG: _, ...env } = process.env;
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--preserve-symlinks', '--preserve-symlinks-main', cli, 'export-course', ...args],
      { cwd: project, timeout: 60_000, env },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const zipIsClean = (file: string) => execFileSync('unzip', ['-t', file], { encoding: 'utf8' }).includes('No errors');

beforeAll(() => {
  root = builtProject(COURSE);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('oqu export-course for other LMSs', () => {
  it('makes a SCORM 1.2 package in the language asked, and says the answer keys travel in it', async () => {
    const r = await oqu([COURSE, '--format', 'scorm12', '--locale', 'kk']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const file = join(root, `${COURSE}-kk.scorm12.zip`);
    expect(r.stdout).toMatch(
      new RegExp(`Exported ${COURSE} \\(kk\\) as SCORM 1\\.2: 2 lessons, 1 quizzes, \\d+ KB, to ${file}`),
    );
    expect(r.stdout).toContain('answer keys travel in it');
    expect(zipIsClean(file)).toBe(true);
  });

  it('makes SCORM 2004 into the file given (relative to where it runs), in Russian by default', async () => {
    const r = await oqu([COURSE, 'for-moodle.zip', '--format', 'scorm2004']);
    const file = join(root, 'for-moodle.zip');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Exported ${COURSE} (ru) as SCORM 2004 4th edition: 2 lessons, 1 quizzes`);
    expect(r.stdout).toContain(`to ${file}`);
    expect(r.stdout).toContain('answer keys travel in it');
    expect(zipIsClean(file)).toBe(true);
    expect(execFileSync('unzip', ['-p', file, 'imsmanifest.xml'], { encoding: 'utf8' })).toContain('Файлы города');
  });

  it('makes a Common Cartridge and names what it could not carry, with no word of answer keys', async () => {
    const r = await oqu([COURSE, '--format', 'cc', '--locale', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Exported ${COURSE} (en) as IMS Common Cartridge 1.1: 2 lessons, 1 quizzes (QTI)`);
    expect(r.stdout).toContain(
      'Not carried (Common Cartridge 1.1 has no such question type): quiz check, steps (order)',
    );
    expect(r.stdout).toContain('Quiz check allows 7 attempts; Common Cartridge knows 1 to 5, so it says unlimited.');
    expect(r.stdout).toContain("Common Cartridge has no pass mark: set each quiz's pass mark in the receiving LMS.");
    expect(r.stdout).not.toContain('answer keys');
    expect(zipIsClean(join(root, `${COURSE}-en.imscc`))).toBe(true);
  });

  it('refuses a language it does not know, or a format, with the usage and exit code 2, writing nothing', async () => {
    const [scorm, cartridge, bad] = await Promise.all([
      oqu([COURSE, '--format', 'scorm12', '--locale', 'de']),
      oqu([COURSE, '--format', 'cc', '--locale', 'de']),
      oqu([COURSE, '--format', 'scorm3']),
    ]);
    for (const r of [scorm, cartridge]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--locale must be kk, ru or en, not "de".');
    }
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^usage: npm run oqu -- export-course <course> \[file\] \[--format oqu\|scorm12\|scorm2004\|cc\]/,
    );
    expect(existsSync(join(root, `${COURSE}-de.scorm12.zip`))).toBe(false);
  });

  it('says what to do when the site is not built or a course file is missing from the build', async () => {
    const unbuilt = builtProject(COURSE, []);
    const missingFile = builtProject(COURSE, ['kk']);
    try {
      rmSync(join(missingFile, 'dist', 'client', 'course-assets', COURSE, 'Жоспар үлгісі.csv'));
      const [notBuilt, missing] = await Promise.all([
        oqu([COURSE, '--format', 'scorm2004', '--locale', 'kk'], unbuilt),
        oqu([COURSE, '--format', 'cc', '--locale', 'kk'], missingFile),
      ]);
      expect(notBuilt.code).toBe(1);
      expect(notBuilt.stderr).toContain(`No built lessons of ${COURSE} in kk: run \`npm run build\` first.`);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(
        /Lesson "reading-the-map" \(kk\) links \/course-assets\/city-files\/Жоспар үлгісі\.csv/,
      );
      expect(missing.stderr).not.toMatch(/at .*\.ts:\d+/);
    } finally {
      rmSync(unbuilt, { recursive: true, force: true });
      rmSync(missingFile, { recursive: true, force: true });
    }
  });
});
