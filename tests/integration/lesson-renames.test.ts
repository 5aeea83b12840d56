/**
 * A lesson renamed in a new version keeps trainees' progress when the renamed lesson lists its
 * old name under `formerly:` (renames.ts, course-counts.server.ts): the progress rows move to
 * the new name when the site syncs the new outline, counts follow, the earlier date wins when a
 * trainee had both, and "continue" follows. Without `formerly:` the same rename loses it.
 * The outline read from the files (oqu prepare) carries the renames and the digest agrees with
 * the one built from the catalogue.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollments, lessonProgress } from '#db/schema.ts';
import { readCourseContents } from '#lib/courses/content-files.ts';
import { enrol } from '#lib/progress/progress.server.ts';
import { courseOutlineRows, syncCourseCounts, type CourseContent } from '#lib/reports/course-counts.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.cleanup());

const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 9, minute));

async function trainee(course: string, done: Record<string, number>): Promise<string> {
  const user = await makeUser(t.db);
  await enrol(t.db, user.id, course, at(0));
  for (const [lesson, minute] of Object.entries(done))
    await t.db.insert(lessonProgress).values({ userId: user.id, course, lesson, completedAt: at(minute) });
  const last = Object.keys(done).at(-1) ?? null;
  await t.db.update(enrollments).set({ lastLesson: last }).where(eq(enrollments.userId, user.id));
  return user.id;
}

async function progress(userId: string, course: string) {
  const rows = await t.db
    .select({ lesson: lessonProgress.lesson, at: lessonProgress.completedAt })
    .from(lessonProgress)
    .where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.course, course)));
  const [enrolment] = await t.db
    .select({ done: enrollments.lessonsDone, last: enrollments.lastLesson })
    .from(enrollments)
    .where(and(eq(enrollments.userId, userId), eq(enrollments.course, course)));
  return {
    lessons: Object.fromEntries(rows.map((r) => [r.lesson, r.at.getTime()]).sort()),
    done: enrolment!.done,
    last: enrolment!.last,
  };
}

const v1 = (slug: string): CourseContent => ({ slug, lessons: ['aims', 'plan', 'budget'], quizzes: {} });

describe('a renamed lesson', () => {
  it('takes over the progress of its former name, counts and "continue" included', async () => {
    await syncCourseCounts(t.db, v1('ren'));
    const both = await trainee('ren', { plan: 2, aims: 1 });
    const one = await trainee('ren', { aims: 3 });
    expect((await progress(both, 'ren')).done).toBe(2);
    const v2: CourseContent = {
      slug: 'ren',
      lessons: ['goals', 'plan', 'budget'],
      quizzes: {},
      renamed: { aims: 'goals' },
    };
    expect(await syncCourseCounts(t.db, v2)).toBe(true);
    expect(await progress(both, 'ren')).toEqual({
      lessons: { goals: at(1).getTime(), plan: at(2).getTime() },
      done: 2,
      last: 'goals',
    });
    expect(await progress(one, 'ren')).toEqual({ lessons: { goals: at(3).getTime() }, done: 1, last: 'goals' });
    expect(await syncCourseCounts(t.db, v2)).toBe(false);
  });

  it('keeps the earlier date when a trainee had both names', async () => {
    await syncCourseCounts(t.db, { slug: 'dup', lessons: ['aims', 'goals'], quizzes: {} });
    const id = await trainee('dup', { goals: 5, aims: 4 });
    await syncCourseCounts(t.db, { slug: 'dup', lessons: ['goals'], quizzes: {}, renamed: { aims: 'goals' } });
    expect(await progress(id, 'dup')).toEqual({ lessons: { goals: at(4).getTime() }, done: 1, last: 'goals' });
  });

  it('without formerly: the progress no longer counts', async () => {
    await syncCourseCounts(t.db, v1('lost'));
    const id = await trainee('lost', { aims: 1 });
    await syncCourseCounts(t.db, { slug: 'lost', lessons: ['goals', 'plan', 'budget'], quizzes: {} });
    expect(await progress(id, 'lost')).toEqual({ lessons: { aims: at(1).getTime() }, done: 0, last: 'aims' });
  });
});

describe('the outline read from the files', () => {
  it('carries formerly: from any translation, with the digest the catalogue gives', () => {
    const courses = mkdtempSync(join(tmpdir(), 'oqu-renames-'));
    const dir = join(courses, 'ren');
    mkdirSync(join(dir, '01-basics'), { recursive: true });
    writeFileSync(
      join(dir, 'course.yaml'),
      'title: { kk: Курс, ru: Курс }\nsummary: { kk: Курс., ru: Курс. }\nhours: 1\nlevel: beginner\n' +
        'field: urbanism\nlanguages: [kk, ru]\nauthors: [{ name: A }]\n' +
        'modules:\n  - folder: 01-basics\n    title: { kk: Негіздер, ru: Основы }\n',
    );
    const lesson = (formerly: string) => `---\ntitle: T\ndescription: D.\nminutes: 5\n${formerly}---\n\nText.\n`;
    writeFileSync(join(dir, '01-basics', '01-goals.kk.mdx'), lesson('formerly: [aims]\n'));
    writeFileSync(join(dir, '01-basics', '01-goals.ru.mdx'), lesson(''));
    writeFileSync(join(dir, '01-basics', '02-plan.kk.mdx'), lesson(''));
    const [read] = readCourseContents(courses);
    expect(read!.renamed).toEqual({ aims: 'goals' });
    const fromCatalogue: CourseContent = {
      slug: 'ren',
      lessons: ['goals', 'plan'],
      quizzes: {},
      renamed: { aims: 'goals' },
    };
    expect(courseOutlineRows(read!).digest).toBe(courseOutlineRows(fromCatalogue).digest);
    expect(courseOutlineRows({ ...fromCatalogue, renamed: {} }).digest).toBe(
      courseOutlineRows({ slug: 'ren', lessons: ['goals', 'plan'], quizzes: {} }).digest,
    );
  });
});
