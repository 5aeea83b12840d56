/**
 * The learning course with competencies on its quiz and rubric, and their framework, shared
 * by the competency tests: `civic` on the quiz's `capital` and `sdg` and on criterion
 * `coverage`; `maps` on `term`; `untouched` on nothing.
 */
import { learningCourse } from './learning-course.ts';

export function courseWithCompetencies(slug: string) {
  const course = structuredClone(learningCourse(slug, { withAssignment: true }));
  for (const q of course.quizzes['toc-quiz']!.questions) {
    if (q.id === 'capital' || q.id === 'sdg') q.competencies = ['civic'];
    if (q.id === 'term') q.competencies = ['maps'];
  }
  course.assignments['stakeholder-map']!.rubric[0]!.competencies = ['civic'];
  return course;
}

/** Titled as the CSV shows them; `untouched` only in English (the other languages fall back to it). */
export const framework = [
  { id: 'civic', title: { en: 'Civic action', ru: 'Гражданское участие', kk: 'Азаматтық қатысу' } },
  { id: 'maps', title: { en: 'Mapping', ru: 'Картирование', kk: 'Картаға түсіру' } },
  { id: 'untouched', title: { en: 'Untouched' } },
];
