/**
 * The curriculum's shape: the trainee courses, every field covered, each complete in every language,
 * with the pass mark, attempt limit and honest times the authoring guide states. A later edit cannot
 * silently drop a translation, a lesson or a quiz (the list of curriculum courses: tests/helpers/curriculum.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { courseSchema, quizSchema } from '#lib/courses/schema.ts';
import { DEFAULT_FIELDS, fieldIds } from '#lib/courses/fields.ts';
import { LOCALES } from '#lib/i18n/locales.ts';
import { listCourses, listLessonFiles, readQuizFiles } from '../helpers/course-files.ts';
import { CURRICULUM } from '../helpers/curriculum.ts';

const coursesDir = join(import.meta.dirname, '..', '..', 'courses');

const courses = CURRICULUM.map((slug) => ({
  slug,
  data: courseSchema.parse(parse(readFileSync(join(coursesDir, slug, 'course.yaml'), 'utf8'))),
}));
const lessons = listLessonFiles(coursesDir);

test('every curriculum course is in courses/, and every field has one', () => {
  expect(CURRICULUM.filter((slug) => !listCourses(coursesDir).includes(slug))).toEqual([]);
  expect([...new Set(courses.map((c) => c.data.field))].sort()).toEqual(fieldIds(DEFAULT_FIELDS).sort());
});

/** The minutes of each `<Exercise minutes={n}>` in a lesson file. */
const exerciseMinutes = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/<Exercise[^>]*minutes=\{(\d+)\}/g)].reduce(
    (sum, m) => sum + Number(m[1]),
    0,
  );
const lessonMinutes = (file: string) => Number(/^minutes:\s*(\d+)/m.exec(readFileSync(file, 'utf8'))?.[1] ?? 0);

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

  test('every quiz passes at 70 %, allows 3 shuffled attempts (authoring guide: one policy)', () => {
    for (const [id, quiz] of Object.entries(quizzes)) {
      expect(quiz.passPercent, id).toBe(70);
      expect(quiz.maxAttempts, id).toBe(3);
      expect(quiz.shuffle, id).toBe(true);
    }
  });

  test('no question asks to recall a bare number (the authoring guide asks for understanding)', () => {
    for (const [id, quiz] of Object.entries(quizzes))
      for (const q of quiz.questions)
        if (q.type === 'text')
          expect(
            q.accept?.en?.every((a) => /^[\d\s,.]+$/.test(a)),
            `${id}/${q.id}`,
          ).not.toBe(true);
  });

  test('every lesson reads in 10-20 minutes and has an exercise, in every language', () => {
    for (const lesson of own) {
      expect(lessonMinutes(lesson.file), lesson.file).toBeGreaterThanOrEqual(10);
      expect(lessonMinutes(lesson.file), lesson.file).toBeLessThanOrEqual(20);
      expect(exerciseMinutes(lesson.file), lesson.file).toBeGreaterThan(0);
    }
  });

  test('hours are honest: reading, exercises and quizzes fit, with at most 4 hours for assignments', () => {
    const en = own.filter((l) => l.locale === 'en');
    const minutes =
      en.reduce((sum, l) => sum + lessonMinutes(l.file) + exerciseMinutes(l.file), 0) +
      10 * Object.keys(quizzes).length;
    expect(course.data.hours * 60).toBeGreaterThanOrEqual(minutes);
    expect(course.data.hours * 60).toBeLessThanOrEqual(minutes + 240);
  });

  test('lessons use the components trainers rely on', () => {
    const text = own.map((l) => readFileSync(l.file, 'utf8')).join('\n');
    for (const component of ['<KeyTerms>', '<Case', '<Exercise', '<FurtherReading>'])
      expect(text, component).toContain(component);
  });
});

test('the research quiz orders the steps as the lesson does: a problem tree first, then interviews to test it', () => {
  const quiz = quizSchema.parse(readQuizFiles(coursesDir, 'social-entrepreneurship')['foundations']);
  const order = quiz.questions.find((q) => q.id === 'research-steps')!.choices!.map((c) => c.id);
  expect(order.indexOf('tree')).toBeLessThan(order.indexOf('interviews'));
  const exercise = readFileSync(
    lessons.find((l) => l.slug === 'problem-and-people' && l.locale === 'en')!.file,
    'utf8',
  );
  expect(exercise.indexOf('problem tree on a flipchart')).toBeLessThan(exercise.indexOf('interview questions'));
});

test('the building-norms lesson names the Construction Code in force (No. 253-VIII, 9 January 2026)', () => {
  for (const l of lessons.filter((x) => x.course === 'urbanism' && x.slug === 'building-norms'))
    expect(readFileSync(l.file, 'utf8'), l.file).toContain('253-VIII');
});
