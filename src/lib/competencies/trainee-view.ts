/**
 * What "My competencies" shows (decision 035): per framework, each competency with the trainee's
 * state, a trainer's setting when there is one, and the evidence behind it as links to the lesson
 * of the quiz or to the assignment. Pure: the page feeds it the states and the catalogue.
 */
import type { CatalogCourse } from '#lib/courses/catalog.ts';
import type { Framework } from '#lib/courses/framework-schema.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { pickText, type Localized } from '#lib/i18n/pick-text.ts';
import { paths } from '#lib/i18n/urls.ts';
import type { CompetencyState, CompetencyStatus } from './rule.ts';

export interface EvidenceView {
  /** "Quiz title: question text" or "Assignment title: criterion title". */
  label: string;
  href: string;
  at: Date;
}

export interface TraineeCompetencyView {
  id: string;
  title: string;
  /** The group's title, when the competency belongs to one. */
  group?: string;
  state: CompetencyState;
  evidence: EvidenceView[];
  /** A trainer's setting: when, and why. */
  setByHand?: { at: Date; comment: string };
}

/** The lesson whose front matter attaches a quiz (in any language), for the evidence link. */
function lessonOfQuiz(course: CatalogCourse, quiz: string): string | undefined {
  return course.lessons.find((l) => Object.values(l.translations).some((tr) => tr?.meta.quiz === quiz))?.slug;
}

function evidenceView(
  e: CompetencyStatus['evidence'][number],
  courses: readonly CatalogCourse[],
  locale: Locale,
  text: (v: Localized<string> | undefined) => string,
): EvidenceView | undefined {
  if (e.kind === 'session') return { label: text(e.title), href: paths.event(locale, e.source), at: e.at };
  const course = courses.find((c) => c.slug === e.course);
  if (!course) return undefined;
  if (e.kind === 'question') {
    const quiz = course.quizzes[e.source];
    const question = quiz?.questions.find((q) => q.id === e.item);
    const lesson = lessonOfQuiz(course, e.source);
    if (!quiz || !question) return undefined;
    const href = lesson ? paths.lesson(locale, course.slug, lesson) : paths.course(locale, course.slug);
    return { label: `${text(quiz.title)}: ${text(question.prompt)}`, href, at: e.at };
  }
  const assignment = course.assignments[e.source];
  const criterion = assignment?.rubric.find((r) => r.id === e.item);
  if (!assignment || !criterion) return undefined;
  const href = paths.assignment(locale, course.slug, e.source);
  return { label: `${text(assignment.title)}: ${text(criterion.title)}`, href, at: e.at };
}

/** The competencies of one framework for the trainee, groups left out (their members are listed). */
export function traineeView(
  framework: Framework,
  states: readonly CompetencyStatus[],
  courses: readonly CatalogCourse[],
  locale: Locale,
  chain: readonly Locale[],
): TraineeCompetencyView[] {
  const text = (v: Localized<string> | undefined) => pickText(v, locale, chain);
  const parents = new Set(framework.competencies.map((c) => c.parent).filter(Boolean));
  return framework.competencies
    .filter((c) => !parents.has(c.id))
    .map((c) => {
      const status = states.find((s) => s.competency === c.id);
      const group = framework.competencies.find((g) => g.id === c.parent);
      const evidence = (status?.evidence ?? [])
        .map((e) => evidenceView(e, courses, locale, text))
        .filter((e): e is EvidenceView => e !== undefined);
      const view: TraineeCompetencyView = {
        id: c.id,
        title: text(c.title),
        state: status?.state ?? 'not-started',
        evidence,
      };
      if (group) view.group = text(group.title);
      if (status?.override) view.setByHand = { at: status.override.at, comment: status.override.comment };
      return view;
    });
}
