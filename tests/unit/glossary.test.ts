/**
 * The shared glossary (courses/_glossary.yaml, decision 042): forms to avoid are found in any
 * grammatical form and reported by validate with their file and line; the real curriculum is
 * clean; a `<Term id>` must name an entry; the glossary page lists the lessons using each term.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { validateCourseTree } from '#lib/courses/validate.ts';
import { findAvoided, usesTerm } from '#lib/courses/glossary-match.ts';
import { readGlossary } from '#lib/courses/glossary-check.ts';
import { glossarySchema, type Glossary } from '#lib/courses/glossary-schema.ts';
import { glossaryRows } from '#lib/courses/glossary-usage.ts';

const projectRoot = join(import.meta.dirname, '..', '..');
const coursesDir = join(projectRoot, 'courses');
const glossary = readGlossary(coursesDir)!;
let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

describe('matching', () => {
  test('a form to avoid is found inflected, in Russian and Kazakh, and named with the preferred form', () => {
    expect(findAvoided('это она называла показным участием', glossary, 'ru')).toEqual([
      { id: 'tokenism', found: 'показным участием', preferred: 'символическое участие', index: 17 },
    ]);
    expect(findAvoided('Бұл сырттай қатысуға жатады', glossary, 'kk').map((a) => a.found)).toEqual([
      'сырттай қатысуға',
    ]);
  });

  test('the preferred form is not reported, even where it contains a form to avoid; each place once', () => {
    expect(findAvoided('Халық қатысатын бюджеттің қағидаттары', glossary, 'kk')).toEqual([]);
    expect(findAvoided('халықтық қатысу бюджетін', glossary, 'kk').map((a) => a.found)).toEqual([
      'халықтық қатысу бюджетін',
    ]);
  });

  test('an interface word is checked only as a whole quiz choice (қате is still a word in prose)', () => {
    expect(findAvoided('Қате', glossary, 'kk', true).map((a) => a.preferred)).toEqual(['Бұрыс']);
    expect(findAvoided('Жиі кездесетін қате', glossary, 'kk', true)).toEqual([]);
    expect(findAvoided('Қате', glossary, 'kk', false)).toEqual([]);
  });

  test('a lesson uses a term by its preferred form in any ending, or by <Term id>', () => {
    expect(usesTerm('Әкімдікке хат жазыңыз', 'akimat', glossary, 'kk')).toBe(true);
    expect(usesTerm('<Term id="akimat" />', 'akimat', glossary, 'en')).toBe(true);
    expect(usesTerm('the city hall', 'akimat', glossary, 'en')).toBe(false);
  });
});

describe('validate', () => {
  test('the glossary parses and the real curriculum uses no form to avoid', () => {
    expect(glossarySchema.safeParse(glossary).success).toBe(true);
    const report = validateCourseTree(coursesDir, projectRoot);
    expect(report.findings.filter((f) => f.key.startsWith('validate.glossary'))).toEqual([]);
  }, 30_000); // reads the whole curriculum: seconds on a busy machine

  /** A copy of the sample course with the real glossary and one lesson line appended. */
  function sampleWith(line: string): string {
    const root = mkdtempSync(join(tmpdir(), 'oqu-glossary-'));
    dirs.push(root);
    cpSync(join(projectRoot, 'tests', 'fixtures', 'courses'), join(root, 'courses'), { recursive: true });
    cpSync(join(coursesDir, '_glossary.yaml'), join(root, 'courses', '_glossary.yaml'));
    const lesson = join(root, 'courses', 'sample', '01-basics', '01-first.ru.mdx');
    writeFileSync(lesson, `${readFileSync(lesson, 'utf8')}\n${line}\n`);
    return root;
  }

  test('a form to avoid is a warning naming the file, the line and the preferred form', () => {
    const root = sampleWith('Это было показное участие.');
    const report = validateCourseTree(join(root, 'courses'), root);
    const found = report.problems.filter((p) => p.message.includes('символическое участие'));
    expect(found).toEqual([
      expect.objectContaining({ file: 'courses/sample/01-basics/01-first.ru.mdx', level: 'warning' }),
    ]);
    expect(found[0]!.field).toMatch(/^line \d+$/);
    expect(report.problems.filter((p) => p.level === 'error')).toEqual([]);
  });

  test('<Term id> naming no entry is an error', () => {
    const root = sampleWith('<KeyTerms><Term id="no-such-term" /></KeyTerms>');
    const errors = validateCourseTree(join(root, 'courses'), root).problems.filter((p) => p.level === 'error');
    expect(errors).toEqual([expect.objectContaining({ message: expect.stringContaining('no-such-term') })]);
  });
});

test('the page lists every shown term with the lessons of its language that use it', () => {
  const small: Glossary = {
    akimat: { page: true, choicesOnly: false, en: { term: 'akimat', definition: 'd', avoid: [] } },
    'answer-false': { page: false, choicesOnly: true, en: { term: 'False', definition: 'd', avoid: [] } },
  };
  const rows = glossaryRows(
    small,
    [
      { course: 'c', slug: 'a', locale: 'en', title: 'A', body: 'Write to the akimat.' },
      { course: 'c', slug: 'b', locale: 'en', title: 'B', body: 'Nothing here.' },
      { course: 'c', slug: 'a', locale: 'ru', title: 'А', body: 'akimat' },
    ],
    'en',
  );
  expect(rows).toEqual([
    { id: 'akimat', term: 'akimat', definition: 'd', avoid: [], lessons: [{ course: 'c', slug: 'a', title: 'A' }] },
  ]);
});
