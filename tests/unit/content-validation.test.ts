/**
 * Deliberately broken course files: each error must name the file and the field, and the
 * command must fail. The real courses/ must pass.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { formatFinding } from '#lib/courses/findings.ts';
import { validateCourseTree, type Problem } from '#lib/courses/validate.ts';

const projectRoot = join(import.meta.dirname, '..', '..');
const fixture = join(projectRoot, 'tests', 'fixtures', 'courses');
let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

/** A copy of the sample course with one file changed. */
function brokenCopy(file: string, change: (text: string) => string): string {
  const root = mkdtempSync(join(tmpdir(), 'oqu-content-'));
  dirs.push(root);
  cpSync(fixture, join(root, 'courses'), { recursive: true });
  const path = join(root, 'courses', 'sample', file);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
  return root;
}

function errorsOf(root: string): Problem[] {
  return validateCourseTree(join(root, 'courses'), root).problems.filter((p) => p.level === 'error');
}

describe('a valid course', () => {
  test('the sample fixture passes', () => {
    expect(validateCourseTree(fixture, projectRoot).problems).toEqual([]);
  });
  // Reads every lesson of the curriculum (seven courses, three languages): seconds on a busy machine.
  test('the real courses/ pass', () => {
    const errors = validateCourseTree(join(projectRoot, 'courses'), projectRoot).problems.filter(
      (p) => p.level === 'error',
    );
    expect(errors).toEqual([]);
  }, 30_000);
});

describe('broken course files name the file, the field and the fix', () => {
  test('a missing locale in course.yaml', () => {
    const root = brokenCopy('course.yaml', (t) =>
      t.replace(
        'title: { kk: Үлгі курс, ru: Пример курса, en: Sample course }',
        'title: { ru: Пример курса, en: Sample course }',
      ),
    );
    expect(errorsOf(root)).toEqual([
      expect.objectContaining({
        file: 'courses/sample/course.yaml',
        field: 'line 2',
        message: expect.stringMatching(/title: the kk text is missing/),
      }),
    ]);
  });

  test('an unknown quiz id in a lesson', () => {
    const root = brokenCopy('01-basics/02-second.ru.mdx', (t) => t.replace('quiz: check', 'quiz: chek'));
    expect(errorsOf(root)).toEqual([
      expect.objectContaining({
        file: 'courses/sample/01-basics/02-second.ru.mdx',
        field: 'line 5',
        message: expect.stringMatching(/unknown quiz "chek".*quizzes: check/),
      }),
    ]);
  });

  test('a duplicate question id', () => {
    const root = brokenCopy('quizzes/check.yaml', (t) => t.replace('id: two', 'id: one'));
    expect(errorsOf(root)).toEqual([
      expect.objectContaining({
        file: 'courses/sample/quizzes/check.yaml',
        field: 'line 13',
        message: expect.stringMatching(/"one" is used twice/),
      }),
    ]);
  });

  test('a choice set with no correct answer', () => {
    const root = brokenCopy('quizzes/check.yaml', (t) => t.replace('correct: true', 'correct: false'));
    expect(errorsOf(root)).toEqual([
      expect.objectContaining({
        file: 'courses/sample/quizzes/check.yaml',
        field: 'line 7',
        message: expect.stringMatching(/question "one"\.choices: no choice is marked correct: add "correct: true"/),
      }),
    ]);
  });

  test('bad YAML', () => {
    const root = brokenCopy('quizzes/check.yaml', (t) => t.replace('passPercent: 50', 'passPercent: [50'));
    const [error] = errorsOf(root);
    expect(error).toMatchObject({
      file: 'courses/sample/quizzes/check.yaml',
      field: 'line 2',
      message: expect.stringMatching(/a quote or bracket is not closed|indentation/),
    });
  });

  test('a wrong field value and a missing field', () => {
    const root = brokenCopy('course.yaml', (t) =>
      t.replace('field: urbanism', 'field: urbanisme').replace('hours: 1\n', ''),
    );
    const errors = errorsOf(root);
    expect(errors).toContainEqual(
      expect.objectContaining({ field: 'line 5', message: expect.stringContaining('did you mean "urbanism"') }),
    );
    expect(errors).toContainEqual(
      expect.objectContaining({ field: 'line 2', message: expect.stringContaining('"hours" is missing') }),
    );
  });

  test('a number out of its range says the limit in words, not as an operator', () => {
    const quiz = brokenCopy('quizzes/check.yaml', (t) => t.replace('passPercent: 50', 'passPercent: 160'));
    expect(errorsOf(quiz)).toEqual([
      expect.objectContaining({
        file: 'courses/sample/quizzes/check.yaml',
        field: 'line 2',
        message: 'passPercent: 160 is too big for this field: write a number no greater than 100',
      }),
    ]);
    const course = brokenCopy('course.yaml', (t) => t.replace('hours: 1\n', 'hours: 0\n'));
    expect(errorsOf(course)).toEqual([
      expect.objectContaining({ message: 'hours: 0 is too small for this field: write a number greater than 0' }),
    ]);
  });

  test('a misspelt lesson name in the completion rule is told the lesson it probably means', () => {
    const root = brokenCopy('course.yaml', (t) => t.replace('lessons: all', 'lessons: [first, secnd]'));
    expect(errorsOf(root)).toEqual([
      expect.objectContaining({
        file: 'courses/sample/course.yaml',
        field: 'line 13',
        message: expect.stringContaining('unknown lesson "secnd": did you mean "second"?'),
      }),
    ]);
  });

  test('lesson front matter without minutes', () => {
    const root = brokenCopy('01-basics/01-first.en.mdx', (t) => t.replace('minutes: 5\n', ''));
    expect(errorsOf(root)).toEqual([
      expect.objectContaining({
        file: 'courses/sample/01-basics/01-first.en.mdx',
        field: 'line 2',
        message: expect.stringContaining('"minutes" is missing'),
      }),
    ]);
  });

  test('a completion rule naming an unknown quiz', () => {
    const root = brokenCopy('course.yaml', (t) => t.replace('quizzes: [check]', 'quizzes: [final]'));
    expect(errorsOf(root)).toEqual([
      expect.objectContaining({
        field: 'line 14',
        message: expect.stringContaining('unknown quiz "final"'),
      }),
    ]);
  });

  test('a missing translation is a note, not an error', () => {
    const root = brokenCopy('01-basics/01-first.kk.mdx', (t) => t);
    rmSync(join(root, 'courses', 'sample', '01-basics', '01-first.kk.mdx'));
    const report = validateCourseTree(join(root, 'courses'), root);
    expect(report.problems).toEqual([
      expect.objectContaining({ level: 'note', message: expect.stringContaining('no kk translation') }),
    ]);
  });

  // A whole Node process: on a busy machine its start alone can take longer than the default 5 s.
  test('`npm run validate` exits 1 and prints file: field: message', () => {
    const root = brokenCopy('quizzes/check.yaml', (t) => t.replace('correct: true', 'correct: false'));
    const run = spawnSync(
      process.execPath,
      [join(projectRoot, 'src/cli/oqu.ts'), 'validate', join(root, 'courses'), '--lang', 'en'],
      {
        encoding: 'utf8',
        cwd: projectRoot,
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/quizzes\/check\.yaml:7: question "one"\.choices: no choice is marked correct/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  test("messages of the course format print in the reader's language, with nothing left in English", () => {
    const root = brokenCopy('quizzes/check.yaml', (t) => t.replace('correct: true', 'correct: false'));
    const lesson = join(root, 'courses', 'sample', '01-basics', '01-first.kk.mdx');
    writeFileSync(join(root, 'courses', 'sample', '01-basics', '1-first.kk.mdx'), readFileSync(lesson, 'utf8'));
    const { findings } = validateCourseTree(join(root, 'courses'), root);
    const lines = (locale: 'kk' | 'ru' | 'en') => findings.map((f) => formatFinding(f, locale)).join('\n');
    expect(lines('en')).toMatch(/no choice is marked correct/);
    expect(lines('en')).toMatch(/lesson file "1-first.kk.mdx" should be named NN-name/);
    expect(lines('ru')).toMatch(/ни один вариант не отмечен верным: добавьте "correct: true"/);
    expect(lines('ru')).toMatch(/файл урока "1-first.kk.mdx" должен называться NN-имя/);
    expect(lines('kk')).toMatch(/бірде-бір нұсқа дұрыс деп белгіленбеген/);
    for (const locale of ['kk', 'ru'] as const) {
      expect(lines(locale)).not.toMatch(/no choice is marked correct|should be named/);
    }
  });
});
