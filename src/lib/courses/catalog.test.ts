import { describe, expect, test } from 'vitest';
import {
  assembleCourse,
  completeLocales,
  courseMinutes,
  neighbours,
  pickTranslation,
  type LessonSource,
} from './catalog.ts';
import { courseSchema } from './schema.ts';
import type { Locale } from '#lib/i18n/locales.ts';

const course = courseSchema.parse({
  title: { kk: 'К', ru: 'К', en: 'C' },
  summary: { kk: 'С', ru: 'С', en: 'S' },
  hours: 2,
  level: 'beginner',
  field: 'urbanism',
  authors: [{ name: 'A' }],
  modules: [
    { folder: '01-a', title: { kk: 'А', ru: 'А', en: 'A' } },
    { folder: '02-b', title: { kk: 'Б', ru: 'Б', en: 'B' } },
  ],
});

const source = (module: string, order: number, slug: string, locale: Locale, minutes = 10): LessonSource => ({
  course: 'c',
  module,
  order,
  slug,
  locale,
  entryId: `c/${module}/${order}-${slug}.${locale}`,
  meta: { title: `${slug} ${locale}`, description: 'd', minutes },
});

const built = assembleCourse(
  'c',
  course,
  [
    source('02-b', 1, 'third', 'en', 5),
    source('01-a', 2, 'second', 'ru', 7),
    source('01-a', 2, 'second', 'en', 8),
    ...(['kk', 'ru', 'en'] as const).map((l) => source('01-a', 1, 'first', l)),
    source('02-b', 1, 'third', 'kk', 6),
  ],
  {},
);

describe('assembleCourse', () => {
  test('orders lessons by module then by number', () => {
    expect(built.lessons.map((l) => l.slug)).toEqual(['first', 'second', 'third']);
    expect(built.modules.map((m) => m.lessons.length)).toEqual([2, 1]);
  });
  test('a course is complete only in languages where every lesson exists', () => {
    expect(completeLocales(built, ['kk', 'ru', 'en'])).toEqual(['en']);
  });
});

describe('pickTranslation', () => {
  const second = built.lessons[1]!;
  test('shows the reader language when it exists', () => {
    expect(pickTranslation(second, 'ru', ['kk', 'ru', 'en'])).toMatchObject({
      fallback: false,
      source: { locale: 'ru' },
    });
  });
  test('falls back along the configured chain', () => {
    expect(pickTranslation(second, 'kk', ['kk', 'ru', 'en'])).toMatchObject({
      fallback: true,
      source: { locale: 'ru' },
    });
    expect(pickTranslation(second, 'kk', ['en', 'ru', 'kk'])).toMatchObject({
      fallback: true,
      source: { locale: 'en' },
    });
  });
  test('minutes are summed over what the reader sees', () => {
    expect(courseMinutes(built, 'kk', ['kk', 'ru', 'en'])).toBe(10 + 7 + 6);
    expect(courseMinutes(built, 'en', ['kk', 'ru', 'en'])).toBe(10 + 8 + 5);
  });
});

describe('neighbours', () => {
  test('crosses module boundaries', () => {
    expect(neighbours(built, 'second')).toMatchObject({ previous: { slug: 'first' }, next: { slug: 'third' } });
    expect(neighbours(built, 'first').previous).toBeUndefined();
    expect(neighbours(built, 'third').next).toBeUndefined();
  });
});
