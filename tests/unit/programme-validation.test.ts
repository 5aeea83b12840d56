/**
 * Programmes in `courses/_programmes/` (decision 047): validate passes a path over courses the
 * site has, and names with file and line an unknown course (with the nearest folder), an
 * assignment its course lacks, an unknown competency, a course the rule asks for but the path
 * does not list, a session name no course of the path gives, a path of one course and a missing
 * language. The shipped programme passes.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { validateCourseTree, type Problem } from '#lib/courses/validate.ts';

const projectRoot = join(import.meta.dirname, '..', '..');
const fixture = join(projectRoot, 'tests', 'fixtures', 'courses');
let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

const PROGRAMME = `version: '1'
title: { kk: Жол, ru: Путь, en: Path }
description: { kk: Сипаттама, ru: Описание, en: Description }
field: urbanism
courses: [sample, second]
hours: 4
completion:
  courses: all
  sessions: { attend: 1 }
  assignments:
    - { course: second, assignment: field-notes }
`;

/** The sample course, a copy of it as `second` with one assignment, and the programme. */
function tree(programme = PROGRAMME, name = 'path.yaml'): string {
  const root = mkdtempSync(join(tmpdir(), 'oqu-programmes-'));
  dirs.push(root);
  cpSync(fixture, join(root, 'courses'), { recursive: true });
  cpSync(join(fixture, 'sample'), join(root, 'courses', 'second'), { recursive: true });
  mkdirSync(join(root, 'courses', 'second', 'assignments'));
  writeFileSync(join(root, 'courses', 'second', 'assignments', 'field-notes.yaml'), 'x: 1\n');
  mkdirSync(join(root, 'courses', '_programmes'));
  writeFileSync(join(root, 'courses', '_programmes', name), programme);
  return root;
}

const errors = (root: string) =>
  validateCourseTree(join(root, 'courses'), root)
    .problems.filter((p: Problem) => p.level === 'error')
    .filter((p) => p.file.includes('_programmes'));

describe('programmes', () => {
  test('a path over courses the site has passes', () => {
    expect(errors(tree())).toEqual([]);
  });

  test('a misspelt course names the file, the line and the nearest course', () => {
    const misspelt = PROGRAMME.replace('[sample, second]', '[sample, secnd]');
    expect(errors(tree(misspelt.replace(/ {2}assignments:[^]*/, '')))).toEqual([
      expect.objectContaining({
        file: 'courses/_programmes/path.yaml',
        field: 'line 5',
        message: expect.stringMatching(/unknown course "secnd": did you mean "second"/),
      }),
    ]);
    // The rule's assignment then names a course the path does not list.
    expect(errors(tree(misspelt))).toEqual([
      expect.objectContaining({ field: 'line 11', message: expect.stringMatching(/"second" is not one of/) }),
    ]);
  });

  test("an assignment its course lacks lists the course's assignments", () => {
    expect(errors(tree(PROGRAMME.replace('assignment: field-notes', 'assignment: essay')))).toEqual([
      expect.objectContaining({
        field: 'line 11',
        message: expect.stringMatching(/unknown assignment "essay".*field-notes/),
      }),
    ]);
  });

  test('an unknown competency, a rule course off the path and a one-course path are errors', () => {
    const unknown = errors(tree(`${PROGRAMME}competencies: [welding]\n`));
    expect(unknown).toEqual([
      expect.objectContaining({ field: 'line 12', message: expect.stringMatching(/unknown competency "welding"/) }),
    ]);
    expect(errors(tree(PROGRAMME.replace('courses: all', 'courses: [other]')))).toEqual([
      expect.objectContaining({ field: 'line 8', message: expect.stringMatching(/"other" is not one of/) }),
    ]);
    expect(errors(tree(PROGRAMME.replace('[sample, second]', '[sample]').replace(/ {2}assignments:[^]*/, '')))).toEqual(
      [expect.objectContaining({ field: 'line 5', message: expect.stringMatching(/at least two courses/) })],
    );
  });

  test('a named session must be one a course of the path names; an unknown one names the nearest', () => {
    const named = (names: string) => PROGRAMME.replace('sessions: { attend: 1 }', `sessions: { named: [${names}] }`);
    const withKickoff = (root: string) => {
      const yaml = join(root, 'courses', 'second', 'course.yaml');
      writeFileSync(yaml, `${readFileSync(yaml, 'utf8')}  sessions: { named: [kickoff, closing-forum] }\n`);
      return root;
    };
    expect(errors(withKickoff(tree(named('kickoff, closing-forum'))))).toEqual([]);
    expect(errors(withKickoff(tree(named('kickof'))))).toEqual([
      expect.objectContaining({
        field: 'line 9',
        message: expect.stringMatching(/unknown session name "kickof": did you mean "kickoff"/),
      }),
    ]);
    // No course of this path names its sessions: the error says so.
    expect(errors(tree(named('study-visit')))).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/unknown session name "study-visit".*names: -/) }),
    ]);
    // Neither a number nor names: the rule says what to give.
    expect(errors(tree(PROGRAMME.replace('sessions: { attend: 1 }', 'sessions: {}')))).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/give attend, named or both/) }),
    ]);
  });

  test('a missing language and a badly named file are errors', () => {
    expect(errors(tree(PROGRAMME.replace('title: { kk: Жол, ru: Путь, en: Path }', 'title: { en: Path }')))).toEqual([
      expect.objectContaining({ field: 'line 2' }),
      expect.objectContaining({ field: 'line 2' }),
    ]);
    expect(errors(tree(PROGRAMME, 'My_Path.yaml'))).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/programme file "My_Path.yaml" must be named/) }),
    ]);
  });

  test('the shipped programme passes', () => {
    const report = validateCourseTree(join(projectRoot, 'courses'), projectRoot);
    expect(report.problems.filter((p) => p.level === 'error' && p.file.includes('_programmes'))).toEqual([]);
  }, 30_000); // reads the whole curriculum: seconds on a busy machine
});
