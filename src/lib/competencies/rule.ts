/**
 * A trainee's state in each competency, derived from evidence by the rule of decision 035:
 *
 * - Evidence is a quiz question that names the competency answered right in a passed attempt,
 *   or a rubric criterion that names it scored, in accepted work, at least the assignment's
 *   `passPercent` of that criterion's top points.
 * - **demonstrated**: in some course that assesses the competency, every question and criterion
 *   of that course naming it has evidence (a course is one coherent test of it).
 * - **developing**: not demonstrated, but some evidence, or an attempt or a hand-in touching it.
 * - **not started**: nothing yet.
 * - A group (a competency others name as parent) is demonstrated when all competencies under it
 *   are, developing when any is started.
 * - A trainer's latest setting by hand (with a comment) overrides the derived state.
 * - Attending a session (seminar, study visit…) that names the competency, marked present, is
 *   evidence too (decision 044): it makes the competency developing and is listed with the rest,
 *   but does not demonstrate it on its own (a session is not an assessment).
 *
 * Pure: the database side (evidence.server.ts) gathers the rows; the pages render the result.
 */
import type { Course, Quiz } from '#lib/courses/schema.ts';
import type { Assignment } from '#lib/courses/assignment-schema.ts';
import type { Competency } from '#lib/courses/framework-schema.ts';

export const COMPETENCY_STATES = ['not-started', 'developing', 'demonstrated'] as const;
export type CompetencyState = (typeof COMPETENCY_STATES)[number];

/** A question or criterion that assesses a competency. */
export interface AssessedItem {
  competency: string;
  course: string;
  kind: 'question' | 'criterion';
  /** The quiz or assignment id. */
  source: string;
  /** The question or criterion id. */
  item: string;
}

/** The parts of a course the rule reads (a catalogue course fits). */
export interface AssessingCourse {
  slug: string;
  data: Pick<Course, 'competencies'>;
  quizzes: Readonly<Record<string, Pick<Quiz, 'questions'>>>;
  assignments: Readonly<Record<string, Pick<Assignment, 'rubric'>>>;
}

/** Every question and criterion naming a competency, across the courses. */
export function assessedItems(courses: readonly AssessingCourse[]): AssessedItem[] {
  const out: AssessedItem[] = [];
  for (const c of courses) {
    for (const [source, quiz] of Object.entries(c.quizzes))
      for (const q of quiz.questions)
        for (const competency of q.competencies ?? [])
          out.push({ competency, course: c.slug, kind: 'question', source, item: q.id });
    for (const [source, assignment] of Object.entries(c.assignments))
      for (const r of assignment.rubric)
        for (const competency of r.competencies ?? [])
          out.push({ competency, course: c.slug, kind: 'criterion', source, item: r.id });
  }
  return out;
}

/** The courses that develop a competency: those naming it in course.yaml or assessing it. */
export function coursesDeveloping(courses: readonly AssessingCourse[], competency: string): string[] {
  const assessing = new Set(
    assessedItems(courses)
      .filter((i) => i.competency === competency)
      .map((i) => i.course),
  );
  return courses.filter((c) => c.data.competencies?.includes(competency) || assessing.has(c.slug)).map((c) => c.slug);
}

/** What a trainee did that can be evidence, gathered by evidence.server.ts. */
export interface TraineeRecord {
  /** Per attempt: the quiz, whether it passed, and which questions were answered right. */
  attempts: readonly { course: string; quiz: string; passed: boolean; right: readonly string[]; at: Date }[];
  /** Per accepted or handed-in work: the assignment, and in accepted work the criteria at pass level. */
  submissions: readonly {
    course: string;
    assignment: string;
    accepted: boolean;
    passed: readonly string[];
    at: Date;
  }[];
  /** Sessions attended (marked present, not cancelled) and the competencies each names. */
  sessions?: readonly {
    eventId: string;
    course: string | null;
    title: Partial<Record<'kk' | 'ru' | 'en', string>>;
    competencies: readonly string[];
    at: Date;
  }[];
  /** A trainer's settings by hand, any order; the latest per competency wins. */
  overrides: readonly { competency: string; state: CompetencyState; comment: string; by: string; at: Date }[];
}

/** One piece of evidence, for the trainee's page (with a link built from it). */
export interface Evidence {
  course: string;
  kind: 'question' | 'criterion' | 'session';
  /** The quiz or assignment id, or the session's id. */
  source: string;
  item: string;
  at: Date;
  /** A session's title, in the languages its organiser wrote. */
  title?: Partial<Record<'kk' | 'ru' | 'en', string>>;
}

export interface CompetencyStatus {
  competency: string;
  state: CompetencyState;
  /** The state the evidence gives, before a trainer's setting. */
  derived: CompetencyState;
  evidence: Evidence[];
  override?: TraineeRecord['overrides'][number];
}

const key = (course: string, source: string, item: string) => `${course}\0${source}\0${item}`;

/** Items with evidence (and when), and items touched at all, from the trainee's record. */
function evidenceIndex(record: TraineeRecord) {
  const earned = new Map<string, Date>();
  const touched = new Set<string>();
  const earn = (k: string, at: Date) => {
    const before = earned.get(k);
    if (!before || at < before) earned.set(k, at);
  };
  for (const a of record.attempts) {
    touched.add(`${a.course}\0${a.quiz}`);
    if (a.passed) for (const q of a.right) earn(key(a.course, a.quiz, q), a.at);
  }
  for (const s of record.submissions) {
    touched.add(`${s.course}\0${s.assignment}`);
    if (s.accepted) for (const c of s.passed) earn(key(s.course, s.assignment, c), s.at);
  }
  return { earned, touched };
}

/** The state of every competency of a framework for one trainee (groups last-derived from children). */
export function deriveStates(
  competencies: readonly Pick<Competency, 'id' | 'parent'>[],
  items: readonly AssessedItem[],
  record: TraineeRecord,
): CompetencyStatus[] {
  const { earned, touched } = evidenceIndex(record);
  const own = new Map<string, { derived: CompetencyState; evidence: Evidence[] }>();
  for (const c of competencies) {
    const mine = items.filter((i) => i.competency === c.id);
    const evidence = mine.flatMap((i) => {
      const at = earned.get(key(i.course, i.source, i.item));
      return at ? [{ course: i.course, kind: i.kind, source: i.source, item: i.item, at }] : [];
    });
    const courses = [...new Set(mine.map((i) => i.course))];
    const complete = courses.some((course) =>
      mine.filter((i) => i.course === course).every((i) => earned.has(key(i.course, i.source, i.item))),
    );
    const attended: Evidence[] = (record.sessions ?? [])
      .filter((e) => e.competencies.includes(c.id))
      .map((e) => ({ course: e.course ?? '', kind: 'session', source: e.eventId, item: '', at: e.at, title: e.title }));
    const started =
      evidence.length > 0 || attended.length > 0 || mine.some((i) => touched.has(`${i.course}\0${i.source}`));
    own.set(c.id, {
      derived: complete ? 'demonstrated' : started ? 'developing' : 'not-started',
      evidence: [...evidence, ...attended],
    });
  }
  const childrenOf = (id: string) => competencies.filter((c) => c.parent === id);
  const derivedOf = (id: string, seen = new Set<string>()): CompetencyState => {
    const children = childrenOf(id).filter((c) => !seen.has(c.id));
    if (children.length === 0) return own.get(id)?.derived ?? 'not-started';
    const states = children.map((c) => derivedOf(c.id, new Set([...seen, id])));
    if (states.every((s) => s === 'demonstrated')) return 'demonstrated';
    return states.some((s) => s !== 'not-started') ? 'developing' : 'not-started';
  };
  const latest = new Map<string, TraineeRecord['overrides'][number]>();
  for (const o of record.overrides) {
    const before = latest.get(o.competency);
    if (!before || o.at >= before.at) latest.set(o.competency, o);
  }
  return competencies.map((c) => {
    const derived = derivedOf(c.id);
    const override = latest.get(c.id);
    const status: CompetencyStatus = {
      competency: c.id,
      state: override?.state ?? derived,
      derived,
      evidence: own.get(c.id)?.evidence ?? [],
    };
    return override ? { ...status, override } : status;
  });
}

/** Whether a criterion's chosen level reaches the pass level: `passPercent` of its top points. */
export function criterionPassed(levelPoints: number, topPoints: number, passPercent: number): boolean {
  return topPoints === 0 || (levelPoints / topPoints) * 100 >= passPercent - 1e-9;
}

/** A review of the accepted version, as stored (`levels`: the level index per criterion). */
export interface ReviewLevels {
  role: 'trainer' | 'peer';
  decision: 'accept' | 'revise' | null;
  levels: Readonly<Record<string, number>>;
}

/**
 * The criteria of accepted work at their pass level: as the trainer who accepted it scored them,
 * else (work accepted by its peers) by the peers' average points.
 */
export function criteriaAtPassLevel(
  assignment: Pick<Assignment, 'rubric' | 'passPercent'>,
  reviews: readonly ReviewLevels[],
): string[] {
  const trainer = reviews.find((r) => r.role === 'trainer' && r.decision === 'accept');
  const scored = trainer ? [trainer] : reviews.filter((r) => r.role === 'peer');
  if (scored.length === 0) return [];
  return assignment.rubric
    .filter((c) => {
      const points = c.levels.map((l) => l.points);
      const top = Math.max(...points);
      const chosen = scored.map((r) => points[r.levels[c.id] ?? -1]).filter((p) => p !== undefined);
      if (chosen.length === 0) return false;
      const mean = chosen.reduce((a, b) => a + b, 0) / chosen.length;
      return criterionPassed(mean, top, assignment.passPercent);
    })
    .map((c) => c.id);
}
