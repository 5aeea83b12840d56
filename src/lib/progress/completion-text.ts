/**
 * The completion rule in words: shown on the course page and written into the certificate's
 * criteria, so that a trainee reads the same sentence in both places.
 */
import type { CatalogCourse } from '#lib/courses/catalog.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { translate } from '#lib/i18n/t.ts';

/** "To complete the course: read every lesson and pass 2 required quizzes." in `locale`. */
export function describeCompletionRule(course: Pick<CatalogCourse, 'data' | 'quizzes'>, locale: Locale): string {
  const { lessons, quizzes } = course.data.completion;
  const quizCount = Object.keys(course.quizzes).length;
  return translate(locale, 'course.completion', {
    lessons:
      lessons === 'all'
        ? translate(locale, 'course.completion.all_lessons')
        : translate(locale, 'course.completion.some_lessons', { count: lessons.length }),
    quizzes:
      quizCount === 0
        ? translate(locale, 'course.completion.no_quizzes')
        : quizzes === 'all'
          ? translate(locale, 'course.completion.all_quizzes')
          : translate(locale, 'course.completion.some_quizzes', { count: quizzes.length }),
  });
}
