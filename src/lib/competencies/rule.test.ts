import { describe, expect, test } from 'vitest';
import {
  assessedItems,
  coursesDeveloping,
  criterionPassed,
  deriveStates,
  type AssessingCourse,
  type TraineeRecord,
} from './rule.ts';

const question = (id: string, competencies?: string[]) => ({ id, competencies }) as never;
const criterion = (id: string, competencies?: string[]) => ({ id, competencies }) as never;

/** Two courses: `civic` is assessed by quiz q1 (a, b) and assignment w (crit x) in course A, and by quiz q2 in B. */
const courses: AssessingCourse[] = [
  {
    slug: 'a',
    data: { competencies: ['civic'] },
    quizzes: { q1: { questions: [question('a', ['civic']), question('b', ['civic', 'maps']), question('c')] } },
    assignments: { w: { rubric: [criterion('x', ['civic']), criterion('y')] } },
  },
  { slug: 'b', data: {}, quizzes: { q2: { questions: [question('d', ['civic'])] } }, assignments: {} },
  { slug: 'c', data: { competencies: ['maps'] }, quizzes: {}, assignments: {} },
];
const items = assessedItems(courses);
const framework = [{ id: 'group' }, { id: 'civic', parent: 'group' }, { id: 'maps', parent: 'group' }, { id: 'lone' }];
const day = (n: number) => new Date(Date.UTC(2026, 11, n));
const empty: TraineeRecord = { attempts: [], submissions: [], overrides: [] };
const stateOf = (record: TraineeRecord) =>
  Object.fromEntries(deriveStates(framework, items, record).map((s) => [s.competency, s.state]));

describe('the competency rule (decision 035)', () => {
  test('lists the items and the courses that develop a competency', () => {
    expect(items.map((i) => `${i.course}/${i.source}/${i.item}:${i.competency}`)).toEqual([
      'a/q1/a:civic',
      'a/q1/b:civic',
      'a/q1/b:maps',
      'a/w/x:civic',
      'b/q2/d:civic',
    ]);
    expect(coursesDeveloping(courses, 'civic')).toEqual(['a', 'b']);
    expect(coursesDeveloping(courses, 'maps')).toEqual(['a', 'c']);
  });

  test('a session attended that names a competency is evidence: developing, not demonstrated on its own', () => {
    const record: TraineeRecord = {
      ...empty,
      sessions: [{ eventId: 'ev1', course: 'a', title: { en: 'Forum' }, competencies: ['lone'], at: day(3) }],
    };
    const lone = deriveStates(framework, items, record).find((s) => s.competency === 'lone')!;
    expect(lone.state).toBe('developing');
    expect(lone.evidence).toEqual([
      { course: 'a', kind: 'session', source: 'ev1', item: '', at: day(3), title: { en: 'Forum' } },
    ]);
    expect(stateOf(record)).toMatchObject({ civic: 'not-started', maps: 'not-started' });
  });

  test('nothing done: not started', () => {
    expect(stateOf(empty)).toEqual({
      group: 'not-started',
      civic: 'not-started',
      maps: 'not-started',
      lone: 'not-started',
    });
  });

  test('right answers in a failed attempt are no evidence, but the competency is developing', () => {
    const s = deriveStates(framework, items, {
      ...empty,
      attempts: [{ course: 'a', quiz: 'q1', passed: false, right: ['a', 'b'], at: day(1) }],
    });
    expect(s.find((x) => x.competency === 'civic')).toMatchObject({ state: 'developing', evidence: [] });
  });

  test('a passed quiz demonstrates what the course assesses only with the quiz; the rest develops', () => {
    const record: TraineeRecord = {
      ...empty,
      attempts: [{ course: 'a', quiz: 'q1', passed: true, right: ['a', 'b'], at: day(2) }],
    };
    // civic in course A also needs criterion x: developing. maps is assessed only by q1/b: demonstrated.
    expect(stateOf(record)).toMatchObject({ civic: 'developing', maps: 'demonstrated', group: 'developing' });
    const civic = deriveStates(framework, items, record).find((x) => x.competency === 'civic');
    expect(civic?.evidence.map((e) => e.item)).toEqual(['a', 'b']);
  });

  test('one course complete is enough; accepted work counts only criteria at pass level', () => {
    const passedB = { course: 'b', quiz: 'q2', passed: true, right: ['d'], at: day(3) };
    expect(stateOf({ ...empty, attempts: [passedB] }).civic).toBe('demonstrated');
    const quizA = { course: 'a', quiz: 'q1', passed: true, right: ['a', 'b'], at: day(2) };
    const low = { course: 'a', assignment: 'w', accepted: true, passed: [], at: day(4) };
    expect(stateOf({ ...empty, attempts: [quizA], submissions: [low] }).civic).toBe('developing');
    const good = { ...low, passed: ['x'] };
    expect(stateOf({ ...empty, attempts: [quizA], submissions: [good] })).toMatchObject({
      civic: 'demonstrated',
      maps: 'demonstrated',
      group: 'demonstrated',
    });
    const notAccepted = { ...good, accepted: false };
    expect(stateOf({ ...empty, attempts: [quizA], submissions: [notAccepted] }).civic).toBe('developing');
  });

  test("a trainer's latest setting wins and keeps the derived state beside it", () => {
    const overrides = [
      { competency: 'lone', state: 'developing' as const, comment: 'first', by: 't1', at: day(1) },
      { competency: 'lone', state: 'demonstrated' as const, comment: 'seen at the seminar', by: 't2', at: day(2) },
    ];
    const lone = deriveStates(framework, items, { ...empty, overrides }).find((x) => x.competency === 'lone');
    expect(lone).toMatchObject({ state: 'demonstrated', derived: 'not-started', override: { by: 't2' } });
  });

  test('the pass level of a criterion', () => {
    expect(criterionPassed(2, 4, 50)).toBe(true);
    expect(criterionPassed(1, 4, 50)).toBe(false);
    expect(criterionPassed(0, 0, 50)).toBe(true);
  });
});
