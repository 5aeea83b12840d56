/**
 * `oqu import-course --replace` with a new version that drops lessons trainees have progress on
 * says which lessons and how many trainees, and imports nothing without `--yes`; a version that
 * lists the old name under `formerly:` imports without asking (renames.ts,
 * dropped-progress.server.ts). Real course folders, a real bundle, a real database.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { lessonProgress } from '#db/schema.ts';
import { exportCourse } from '#lib/courses/bundle.ts';
import { validateCourseTree } from '#lib/courses/validate.ts';
import { enrol } from '#lib/progress/progress.server.ts';
import { runImportCourse } from '../../src/cli/course-bundle.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';

let t: TestDatabase;
let tmp: string;
const env = { url: process.env.DATABASE_URL, token: process.env.DATABASE_AUTH_TOKEN };
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  if (process.env.OQU_TEST_DATABASE_AUTH_TOKEN)
    process.env.DATABASE_AUTH_TOKEN = process.env.OQU_TEST_DATABASE_AUTH_TOKEN;
  tmp = mkdtempSync(join(tmpdir(), 'oqu-dropped-'));
});
afterAll(async () => {
  process.env.DATABASE_URL = env.url;
  process.env.DATABASE_AUTH_TOKEN = env.token;
  if (env.url === undefined) delete process.env.DATABASE_URL;
  if (env.token === undefined) delete process.env.DATABASE_AUTH_TOKEN;
  await t.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

const COURSE_YAML =
  'title: { kk: Курс, ru: Курс }\nsummary: { kk: Қысқа курс., ru: Короткий курс. }\nhours: 1\nlevel: beginner\n' +
  'field: urbanism\nlanguages: [kk, ru]\nauthors: [{ name: A }]\n' +
  'modules:\n  - folder: 01-basics\n    title: { kk: Негіздер, ru: Основы }\n';

/** A course folder `ren` under `courses` with these lessons (name → extra front matter). */
function writeCourse(courses: string, lessons: Record<string, string>): void {
  const dir = join(courses, 'ren');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, '01-basics'), { recursive: true });
  writeFileSync(join(dir, 'course.yaml'), COURSE_YAML);
  Object.entries(lessons).forEach(([name, extra], i) => {
    for (const [locale, title] of [
      ['kk', 'Сабақ'],
      ['ru', 'Урок'],
    ])
      writeFileSync(
        join(dir, '01-basics', `0${i + 1}-${name}.${locale}.mdx`),
        `---\ntitle: ${title}\ndescription: ${title}.\nminutes: 5\n${extra}---\n\n${title}.\n`,
      );
  });
}

/** A bundle of `ren` with these lessons, made by another host. */
async function bundle(name: string, lessons: Record<string, string>): Promise<string> {
  const courses = join(tmp, `author-${name}`, 'courses');
  writeCourse(courses, lessons);
  const { bytes } = await exportCourse(courses, 'ren', { site: 'Author', baseUrl: 'https://author.example.kz' });
  const file = join(tmp, `${name}.oqu-course.json.gz`);
  writeFileSync(file, bytes);
  return file;
}

/** Runs the command; its exit code and what it printed. */
async function importCourse(root: string, args: string[]): Promise<{ code: number; said: string }> {
  const said: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void said.push(parts.join(' ')));
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void said.push(parts.join(' ')));
  const code = await runImportCourse(root, args);
  vi.restoreAllMocks();
  return { code, said: said.join('\n') };
}

describe('replacing a course that drops lessons with progress', () => {
  it('refuses without --yes, naming the lessons and the trainees; imports with --yes', async () => {
    const root = join(tmp, 'host');
    writeCourse(join(root, 'courses'), { aims: '', plan: '' });
    const user = await makeUser(t.db);
    await enrol(t.db, user.id, 'ren');
    await t.db
      .insert(lessonProgress)
      .values({ userId: user.id, course: 'ren', lesson: 'aims', completedAt: new Date() });
    const renamedBare = await bundle('bare', { goals: '', plan: '' });

    const refused = await importCourse(root, [renamedBare, '--replace']);
    expect(refused.said).toContain('no longer has the lesson(s) aims: the progress of 1 trainee(s)');
    expect(refused.said).toContain('formerly:');
    expect(refused.said).toContain('--yes');
    expect(refused.code).toBe(1);
    expect(existsSync(join(root, 'courses', 'ren', '01-basics', '01-aims.kk.mdx'))).toBe(true);

    const forced = await importCourse(root, [renamedBare, '--replace', '--yes']);
    expect(forced.said).toContain('Importing anyway (--yes)');
    expect(forced.code).toBe(0);
    expect(existsSync(join(root, 'courses', 'ren', '01-basics', '01-goals.kk.mdx'))).toBe(true);
  });

  it('imports without asking when the renamed lesson lists its old name under formerly:', async () => {
    const root = join(tmp, 'host-formerly');
    writeCourse(join(root, 'courses'), { aims: '', plan: '' });
    const user = await makeUser(t.db);
    await enrol(t.db, user.id, 'ren');
    await t.db
      .insert(lessonProgress)
      .values({ userId: user.id, course: 'ren', lesson: 'aims', completedAt: new Date() });
    const renamed = await bundle('formerly', { goals: 'formerly: [aims]\n', plan: '' });
    const done = await importCourse(root, [renamed, '--replace']);
    expect(done.said).not.toContain('no longer has');
    expect(done.code).toBe(0);
  });
});

describe('validation of formerly:', () => {
  it('refuses a former name that is still a lesson, or that two lessons claim', () => {
    const courses = join(tmp, 'validate', 'courses');
    writeCourse(courses, { aims: '', goals: 'formerly: [aims, targets]\n', plan: 'formerly: [targets]\n' });
    const errors = validateCourseTree(courses, join(tmp, 'validate'))
      .findings.filter((f) => f.severity === 'error')
      .map((f) => `${f.file}: ${f.key}`);
    expect(errors).toEqual([
      'courses/ren/01-basics/02-goals.kk.mdx: validate.formerly_is_lesson',
      'courses/ren/01-basics/02-goals.ru.mdx: validate.formerly_is_lesson',
      'courses/ren/01-basics/03-plan.kk.mdx: validate.formerly_twice',
      'courses/ren/01-basics/03-plan.ru.mdx: validate.formerly_twice',
    ]);
  });
});
