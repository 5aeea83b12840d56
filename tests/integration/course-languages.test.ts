/**
 * Which languages a course must have (issue 21, decision 020): a kk+ru course with no English
 * passes validate on a kk/ru site, is refused on a kk/ru/en site with the file, line and field
 * of each missing text, and passes there too once it declares `languages: [kk, ru]`.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

const projectRoot = join(import.meta.dirname, '..', '..');
const siteConfig = readFileSync(join(projectRoot, 'oqu.config.yaml'), 'utf8');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The sample course with every English text and lesson removed, and a kk/ru site config beside it. */
function kkRuCourse(declare = false): string {
  const root = mkdtempSync(join(tmpdir(), 'oqu-languages-'));
  dirs.push(root);
  cpSync(join(projectRoot, 'tests', 'fixtures', 'courses'), join(root, 'courses'), { recursive: true });
  const course = join(root, 'courses', 'sample');
  for (const file of ['course.yaml', 'quizzes/check.yaml']) {
    const text = readFileSync(join(course, file), 'utf8').replace(/, en: (\[[^\]]*\]|[^}]*)/g, ' ');
    writeFileSync(join(course, file), declare && file === 'course.yaml' ? `${text}languages: [kk, ru]\n` : text);
  }
  for (const f of readdirSync(join(course, '01-basics')))
    if (f.endsWith('.en.mdx')) rmSync(join(course, '01-basics', f));
  const kkRu = siteConfig
    .replace('enabled: [kk, ru, en]', 'enabled: [kk, ru]')
    .replace('fallback: [kk, ru, en]', 'fallback: [kk, ru]');
  writeFileSync(join(root, 'kk-ru.yaml'), kkRu);
  return root;
}

function validate(root: string, config: string, lang: 'en' | 'kk' = 'en') {
  const run = spawnSync(
    process.execPath,
    [join(projectRoot, 'src/cli/oqu.ts'), 'validate', join(root, 'courses'), '--lang', lang],
    {
      encoding: 'utf8',
      cwd: root,
      env: { ...process.env, OQU_LANG: '', OQU_CONFIG: config },
    },
  );
  return { status: run.status, out: `${run.stderr}\n${run.stdout}` };
}

describe('the languages a course must have follow the site and the course', () => {
  test('a kk+ru course without English passes on a kk/ru site', () => {
    const root = kkRuCourse();
    expect(readFileSync(join(root, 'courses/sample/course.yaml'), 'utf8')).not.toMatch(/\ben:/);
    const { status, out } = validate(root, join(root, 'kk-ru.yaml'));
    expect(out).not.toMatch(/^error /m);
    expect(status, out).toBe(0);
  });

  test('the same course is refused on a kk/ru/en site, naming file, line and field', () => {
    const { status, out } = validate(kkRuCourse(), join(projectRoot, 'oqu.config.yaml'));
    expect(status, out).toBe(1);
    expect(out).toMatch(
      /^error \S*courses\/sample\/course\.yaml:2: title: the en text is missing: this course is read in kk, ru, en/m,
    );
    expect(out).toMatch(/^error \S*courses\/sample\/course\.yaml:11: modules\[1\]\.title: the en text is missing/m);
    expect(out).toMatch(
      /^error \S*courses\/sample\/quizzes\/check\.yaml:6: question "one"\.prompt: the en text is missing/m,
    );
    expect(out).toMatch(
      /^error \S*courses\/sample\/quizzes\/check\.yaml:9: question "one", choice "a"\.text: the en text is missing/m,
    );
    expect(out).toMatch(
      /^error \S*courses\/sample\/quizzes\/check\.yaml:16: question "two"\.accept: the en text is missing/m,
    );
  });

  test('declaring languages: [kk, ru] makes English optional on a kk/ru/en site', () => {
    const { status, out } = validate(kkRuCourse(true), join(projectRoot, 'oqu.config.yaml'));
    expect(out).not.toMatch(/^error /m);
    expect(status, out).toBe(0);
  });

  test('a lesson without English is no news for a course that declares languages: [kk, ru]', () => {
    const root = kkRuCourse(true);
    rmSync(join(root, 'courses/sample/01-basics/02-second.kk.mdx'));
    const site = join(projectRoot, 'oqu.config.yaml');
    const en = validate(root, site, 'en').out;
    const kk = validate(root, site, 'kk').out;
    // Before, every lesson had a note "no en translation yet" although the course is kk/ru only.
    expect(en).not.toMatch(/no (\S+, )?en(, \S+)? translation/);
    expect(kk).not.toMatch(/\ben аудармасы/);
    // A declared language that is missing is still reported, alone.
    expect(en).toMatch(/^note \S*courses\/sample\/01-basics\/02-second\.ru\.mdx: no kk translation yet/m);
    expect(kk).toMatch(/^ескертпе \S*courses\/sample\/01-basics\/02-second\.ru\.mdx: kk аудармасы әлі жоқ/m);
  });

  test('a course that declares no languages still hears of every missing site language', () => {
    const { out } = validate(kkRuCourse(), join(projectRoot, 'oqu.config.yaml'));
    expect(out).toMatch(/^note \S*courses\/sample\/01-basics\/01-first\.kk\.mdx: no en translation yet/m);
  });
});
