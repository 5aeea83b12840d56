/**
 * A small course and site configuration for the learning and admin tests, built with the
 * catalogue's own functions (no Astro): two lessons, the second with the sample quiz, both
 * lessons and the quiz required.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assembleCourse, type CatalogCourse, type LessonSource } from '#lib/courses/catalog.ts';
import { courseSchema } from '#lib/courses/schema.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { parseSiteConfig, type SiteConfig } from '#lib/site/config.ts';
import { sampleQuiz } from '../fixtures/quiz.ts';
import { sampleAssignment } from '../fixtures/assignment.ts';

const three = (en: string) => ({ kk: `${en} (kk)`, ru: `${en} (ru)`, en });

/**
 * A course `slug` whose lesson `second` carries the quiz `toc-quiz` (or no quiz at all) and,
 * `withAssignment`, whose lesson `first` carries the assignment `stakeholder-map`.
 */
export function learningCourse(
  slug = 'toc',
  options: { completion?: unknown; withQuiz?: boolean; withAssignment?: boolean } = {},
): CatalogCourse {
  const { completion = { lessons: 'all', quizzes: 'all' }, withQuiz = true, withAssignment = false } = options;
  const data = courseSchema.parse({
    title: three('Theory of change'),
    summary: three('How change happens.'),
    hours: 4,
    level: 'beginner',
    field: 'urbanism',
    authors: [{ name: 'Test Author' }],
    modules: [{ folder: '01-basics', title: three('Basics') }],
    completion,
  });
  const source = (order: number, lesson: string, locale: Locale, quiz?: string, assignment?: string): LessonSource => ({
    course: slug,
    module: '01-basics',
    order,
    slug: lesson,
    locale,
    entryId: `${slug}/01-basics/0${order}-${lesson}.${locale}`,
    meta: {
      title: `${lesson} ${locale}`,
      description: 'd',
      minutes: 5,
      ...(quiz ? { quiz } : {}),
      ...(assignment ? { assignment } : {}),
    },
  });
  const locales: Locale[] = ['kk', 'ru', 'en'];
  return assembleCourse(
    slug,
    data,
    [
      ...locales.map((l) => source(1, 'first', l, undefined, withAssignment ? 'stakeholder-map' : undefined)),
      ...locales.map((l) => source(2, 'second', l, withQuiz ? 'toc-quiz' : undefined)),
    ],
    withQuiz ? { 'toc-quiz': sampleQuiz } : {},
    withAssignment ? { 'stakeholder-map': sampleAssignment } : {},
  );
}

export const testSite: SiteConfig = parseSiteConfig(
  {
    name: 'Oqu',
    region: 'Алматы',
    partner: { name: { kk: 'Қалалық даму орталығы', ru: 'Центр городского развития', en: 'City Development Centre' } },
    baseUrl: 'https://oqu.example.kz',
    locales: { default: 'kk', enabled: ['kk', 'ru', 'en'] },
    contact: { email: 'learning@example.org' },
    certificate: {
      signatoryName: 'Айгерім Сейітова',
      signatoryTitle: { kk: 'Бағдарлама жетекшісі', ru: 'Руководитель программы', en: 'Programme Director' },
    },
  },
  'test',
);

/** Points this process's signing keys (hostSigningKeys) at a fresh folder outside the repository. */
export function useTemporarySigningKeys(): void {
  process.env.OQU_KEYS_DIR ??= join(mkdtempSync(join(tmpdir(), 'oqu-keys-')), 'keys');
}
