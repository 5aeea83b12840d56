/**
 * The starter curriculum's shape: three trainee courses, one per field, each complete in every
 * language. A later edit cannot silently drop a translation, a lesson or a quiz.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { courseSchema, quizSchema, FIELDS } from '#lib/courses/schema.ts';
import { LOCALES } from '#lib/i18n/locales.ts';
import { listCourses, listLessonFiles, readQuizFiles } from '../helpers/course-files.ts';

const coursesDir = join(import.meta.dirname, '..', '..', 'courses');
const courses = listCourses(coursesDir)
  .map((slug) => ({
    slug,
    data: courseSchema.parse(parse(readFileSync(join(coursesDir, slug, 'course.yaml'), 'utf8'))),
  }))
  .filter((c) => c.data.audience === 'trainees');
const lessons = listLessonFiles(coursesDir);

test('three trainee courses, one per field', () => {
  expect(courses.map((c) => c.data.field).sort()).toEqual([...FIELDS].sort());
});

describe.each(courses.map((c) => [c.slug, c] as const))('%s', (slug, course) => {
  const own = lessons.filter((l) => l.course === slug);
  const names = [...new Set(own.map((l) => l.slug))];
  const quizzes = Object.fromEntries(
    Object.entries(readQuizFiles(coursesDir, slug)).map(([id, q]) => [id, quizSchema.parse(q)]),
  );

  test('has at least 2 modules and 6 lessons, every lesson in kk, ru and en', () => {
    expect(course.data.modules.length).toBeGreaterThanOrEqual(2);
    expect(names.length).toBeGreaterThanOrEqual(6);
    for (const name of names) {
      expect(
        own
          .filter((l) => l.slug === name)
          .map((l) => l.locale)
          .sort(),
        name,
      ).toEqual([...LOCALES].sort());
    }
  });

  test('states outcomes, hours, level and CC BY-SA 4.0, and credits authors', () => {
    for (const locale of LOCALES) expect(course.data.outcomes?.[locale]?.length ?? 0).toBeGreaterThanOrEqual(3);
    expect(course.data.hours).toBeGreaterThan(0);
    expect(course.data.license).toBe('CC BY-SA 4.0');
    expect(course.data.authors.length).toBeGreaterThan(0);
  });

  test('has at least 2 quizzes of 6+ questions, 3+ types, feedback on every question', () => {
    expect(Object.keys(quizzes).length).toBeGreaterThanOrEqual(2);
    for (const [id, quiz] of Object.entries(quizzes)) {
      expect(quiz.questions.length, id).toBeGreaterThanOrEqual(6);
      expect(new Set(quiz.questions.map((q) => q.type)).size, id).toBeGreaterThanOrEqual(3);
      for (const q of quiz.questions) expect(q.feedback, `${id}/${q.id}`).toBeDefined();
    }
  });

  test('every quiz is reachable from a lesson in every language', () => {
    for (const id of Object.keys(quizzes)) {
      expect(
        own
          .filter((l) => l.quiz === id)
          .map((l) => l.locale)
          .sort(),
        id,
      ).toEqual([...LOCALES].sort());
    }
  });

  test('lessons use the components trainers rely on', () => {
    const text = own.map((l) => readFileSync(l.file, 'utf8')).join('\n');
    for (const component of ['<KeyTerms>', '<Case', '<Exercise', '<FurtherReading>'])
      expect(text, component).toContain(component);
  });
});
