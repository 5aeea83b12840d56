/**
 * Competency frameworks in `courses/_frameworks/` (decision 034): validate names an unknown
 * competency id with its file, line and the nearest id, an id defined twice, a framework that
 * breaks its schema, an outside alignment whose address is not a web address, and warns about a
 * competency nothing assesses.
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

const FRAMEWORK = `version: '1'
title: { kk: Шеңбер, ru: Рамка, en: Framework }
description: { kk: Сипаттама, ru: Описание, en: Description }
competencies:
  - id: civic
    title: { kk: Азаматтық, ru: Гражданственность, en: Civic }
    description: { kk: Сипаттама, ru: Описание, en: Description }
  - id: mapping
    parent: civic
    title: { kk: Карта, ru: Карта, en: Mapping }
    description: { kk: Сипаттама, ru: Описание, en: Description }
  - id: budgeting
    title: { kk: Бюджет, ru: Бюджет, en: Budgeting }
    description: { kk: Сипаттама, ru: Описание, en: Description }
`;

/** The sample course with a framework, question "one" assessing `mapping`, and optional changes. */
function tree(changes: { framework?: string; question?: string; course?: string; second?: string } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'oqu-frameworks-'));
  dirs.push(root);
  cpSync(fixture, join(root, 'courses'), { recursive: true });
  mkdirSync(join(root, 'courses', '_frameworks'));
  writeFileSync(join(root, 'courses', '_frameworks', 'civic.yaml'), changes.framework ?? FRAMEWORK);
  if (changes.second) writeFileSync(join(root, 'courses', '_frameworks', 'other.yaml'), changes.second);
  const quiz = join(root, 'courses', 'sample', 'quizzes', 'check.yaml');
  const refs = changes.question ?? 'mapping';
  writeFileSync(
    quiz,
    readFileSync(quiz, 'utf8').replace('  - id: one\n', `  - id: one\n    competencies: [${refs}]\n`),
  );
  if (changes.course) {
    const course = join(root, 'courses', 'sample', 'course.yaml');
    writeFileSync(course, `${readFileSync(course, 'utf8')}competencies: [${changes.course}]\n`);
  }
  return root;
}

const problems = (root: string, level: Problem['level']) =>
  validateCourseTree(join(root, 'courses'), root).problems.filter((p) => p.level === level);

describe('competency frameworks', () => {
  test('a framework whose competencies are assessed passes; the group counts through its child', () => {
    const root = tree();
    expect(problems(root, 'error')).toEqual([]);
    expect(problems(root, 'warning')).toEqual([
      expect.objectContaining({
        file: 'courses/_frameworks/civic.yaml',
        field: 'line 12',
        message: expect.stringMatching(/no quiz question or rubric criterion assesses competency "budgeting"/),
      }),
    ]);
  });

  test('a misspelt competency id names the file, the line and the nearest id', () => {
    const root = tree({ question: 'maping' });
    expect(problems(root, 'error')).toEqual([
      expect.objectContaining({
        file: 'courses/sample/quizzes/check.yaml',
        field: 'line 5',
        message: expect.stringMatching(/unknown competency "maping": did you mean "mapping"/),
      }),
    ]);
  });

  test('an unknown id in course.yaml lists the known ids', () => {
    const root = tree({ course: 'welding' });
    expect(problems(root, 'error')).toEqual([
      expect.objectContaining({
        file: 'courses/sample/course.yaml',
        message: expect.stringMatching(/unknown competency "welding".*civic, mapping, budgeting/),
      }),
    ]);
  });

  test('an id defined in two frameworks is an error; a broken framework is reported once', () => {
    expect(
      problems(tree({ second: FRAMEWORK.replace(/(id|parent): (civic|budgeting)/g, '$1: x-$2') }), 'error'),
    ).toEqual([
      expect.objectContaining({
        file: 'courses/_frameworks/other.yaml',
        message: expect.stringMatching(/"mapping" is already defined in courses\/_frameworks\/civic.yaml/),
      }),
    ]);
    const broken = problems(tree({ framework: FRAMEWORK.replace('parent: civic', 'parent: civics') }), 'error');
    expect(broken).toEqual([
      expect.objectContaining({
        file: 'courses/_frameworks/civic.yaml',
        field: 'line 9',
        message: expect.stringMatching(/parent "civics" is not another competency/),
      }),
    ]);
  });

  test('a framework that is not YAML is one error: the ids it would define are not reported as unknown', () => {
    const broken = problems(tree({ framework: `${FRAMEWORK}  - id: [open\n` }), 'error');
    expect(broken).toEqual([
      expect.objectContaining({
        file: 'courses/_frameworks/civic.yaml',
        message: expect.stringMatching(/a quote or bracket is not closed/),
      }),
    ]);
  });

  test('a framework lacking a language the site enables is an error', () => {
    const root = tree({
      framework: FRAMEWORK.replace('title: { kk: Бюджет, ru: Бюджет, en: Budgeting }', 'title: { en: Budgeting }'),
    });
    expect(problems(root, 'error')).toEqual([
      expect.objectContaining({ file: 'courses/_frameworks/civic.yaml', field: 'line 13' }),
      expect.objectContaining({ file: 'courses/_frameworks/civic.yaml', field: 'line 13' }),
    ]);
  });

  test('an outside alignment needs a web address: a bad or a script URL is refused with its line', () => {
    const aligned = (url: string) =>
      FRAMEWORK.replace(
        '  - id: budgeting\n',
        '  - id: budgeting\n    alignments:\n      - framework: ESCO\n        name: manage budgets\n' +
          `        url: '${url}'\n        code: S4.3.2\n`,
      );
    const good = tree({ framework: aligned('http://data.europa.eu/esco/skill/4b2e0b7c-6f1a-4d0b-9f5e-1c4f2a3b6d7e') });
    expect(problems(good, 'error')).toEqual([]);
    for (const url of ['data.europa.eu/esco/skill/4b2e', 'javascript:alert(1)', 'ftp://example.kz/standard.pdf'])
      expect(problems(tree({ framework: aligned(url) }), 'error'), url).toEqual([
        expect.objectContaining({
          file: 'courses/_frameworks/civic.yaml',
          field: 'line 16',
          message: expect.stringMatching(/url: .*http:\/\/ or https:\/\//),
        }),
      ]);
  });
});
