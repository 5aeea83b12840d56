/**
 * The completion rule in words: shown on the course page and written into the certificate's
 * criteria, so that a trainee reads the same sentence in both places.
 */
import type { CatalogCourse } from '#lib/courses/catalog.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { translate, type MessageKey } from '#lib/i18n/t.ts';

const plurals = new Map<Locale, Intl.PluralRules>();

/** "have 1 assignment accepted" / "have 3 assignments accepted", with the language's plural form. */
function assignmentsPhrase(locale: Locale, count: number): string {
  let rules = plurals.get(locale);
  if (!rules) plurals.set(locale, (rules = new Intl.PluralRules(locale)));
  const form = rules.select(count);
  const key = `course.completion.assignments_${['one', 'few', 'many'].includes(form) ? form : 'other'}`;
  return translate(locale, key as MessageKey, { count });
}

/** How many assignments the rule requires among those the course has. */
function requiredAssignments(course: Pick<CatalogCourse, 'data'> & Partial<Pick<CatalogCourse, 'assignments'>>) {
  const existing = Object.keys(course.assignments ?? {});
  const selection = course.data.completion.assignments;
  return selection === 'all' ? existing.length : existing.filter((id) => selection.includes(id)).length;
}

/**
 * "To complete the course: read every lesson and pass 2 required quizzes." in `locale`, with
 * "… and have 1 assignment accepted" when the rule requires assignments, and a sentence on the
 * sessions to attend when it requires attendance.
 */
export function describeCompletionRule(
  course: Pick<CatalogCourse, 'data' | 'quizzes'> & Partial<Pick<CatalogCourse, 'assignments'>>,
  locale: Locale,
): string {
  const { lessons, quizzes } = course.data.completion;
  const quizCount = Object.keys(course.quizzes).length;
  const assignmentCount = requiredAssignments(course);
  const sessions = course.data.completion.sessions?.attend;
  const named = course.data.completion.sessions?.named;
  const attend =
    (sessions ? ` ${translate(locale, 'course.completion.sessions', { count: sessions })}` : '') +
    (named ? ` ${translate(locale, 'course.completion.named_sessions', { names: named.join(', ') })}` : '');
  const parts = {
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
  };
  if (assignmentCount === 0) return translate(locale, 'course.completion', parts) + attend;
  return (
    translate(locale, 'course.completion.with_assignments', {
      ...parts,
      assignments: assignmentsPhrase(locale, assignmentCount),
    }) + attend
  );
}
