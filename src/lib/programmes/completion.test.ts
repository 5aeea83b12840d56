import { describe, expect, test } from 'vitest';
import { evaluateProgramme, type CourseStanding } from './completion.ts';

const programme = {
  courses: ['a', 'b', 'c'],
  completion: {
    courses: ['a', 'b'] as string[] | 'all',
    sessions: { attend: 1 },
    assignments: [{ course: 'c', assignment: 'essay' }],
  },
};
const standing = (entries: [string, CourseStanding][]) => new Map(entries);

describe('evaluateProgramme', () => {
  test('nothing done: 0 %, every part missing, the path in order', () => {
    const s = evaluateProgramme(
      programme,
      standing([
        ['a', { complete: false, percent: 0 }],
        ['b', { complete: false, percent: 0 }],
        ['c', { complete: false, percent: 0 }],
      ]),
    );
    expect(s).toMatchObject({ complete: false, percent: 0, missingCourses: ['a', 'b'], missingSessions: 1 });
    expect(s.courses.map((c) => [c.slug, c.required])).toEqual([
      ['a', true],
      ['b', true],
      ['c', false],
    ]);
    expect(s.missingAssignments).toEqual([{ course: 'c', assignment: 'essay' }]);
  });

  test('one course done, the other half way, the session attended: (100 + 50 + 0 + 100) / 4 = 62 %', () => {
    const s = evaluateProgramme(
      programme,
      standing([
        ['a', { complete: true, percent: 100 }],
        ['b', { complete: false, percent: 50 }],
        ['c', { complete: false, percent: 0 }],
      ]),
      new Set(),
      1,
    );
    expect(s).toMatchObject({ complete: false, percent: 62, missingCourses: ['b'], missingSessions: 0 });
  });

  test('every part met: complete at 100 %; more sessions than asked change nothing', () => {
    const s = evaluateProgramme(
      programme,
      standing([
        ['a', { complete: true, percent: 100 }],
        ['b', { complete: true, percent: 100 }],
        ['c', { complete: false, percent: 10 }],
      ]),
      new Set(['c/essay']),
      3,
    );
    expect(s).toMatchObject({ complete: true, percent: 100, missingCourses: [], missingAssignments: [] });
  });

  test('all parts but one work at 99 % at most; a course the site lost is neither required nor counted', () => {
    const all = { courses: ['a', 'b'], completion: { courses: 'all' as const, assignments: [] } };
    const almost = evaluateProgramme(
      all,
      standing([
        ['a', { complete: true, percent: 100 }],
        ['b', { complete: false, percent: 99 }],
      ]),
    );
    expect(almost).toMatchObject({ complete: false, percent: 99 });
    const lost = evaluateProgramme(all, standing([['a', { complete: true, percent: 100 }]]));
    expect(lost).toMatchObject({ complete: true, percent: 100, courses: [expect.objectContaining({ slug: 'a' })] });
    expect(evaluateProgramme(all, standing([]))).toMatchObject({ complete: false, percent: 0 });
  });

  test('named sessions: each one a step, met by a session of that name; a name twice counts once', () => {
    const named = {
      courses: ['a', 'b'],
      completion: { courses: 'all' as const, sessions: { named: ['kickoff', 'forum', 'kickoff'] }, assignments: [] },
    };
    const done = standing([
      ['a', { complete: true, percent: 100 }],
      ['b', { complete: true, percent: 100 }],
    ]);
    // Courses 2 × 100, kickoff 100, forum 0: 300 / 4 = 75 %.
    expect(evaluateProgramme(named, done, new Set(), 1, new Set(['kickoff', 'other']))).toMatchObject({
      complete: false,
      percent: 75,
      requiredSessions: 0,
      requiredNamedSessions: ['kickoff', 'forum'],
      missingNamedSessions: ['forum'],
    });
    expect(evaluateProgramme(named, done, new Set(), 2, new Set(['kickoff', 'forum']))).toMatchObject({
      complete: true,
      percent: 100,
      missingNamedSessions: [],
    });
    // A number and names together: both must be met.
    const both = { ...named, completion: { ...named.completion, sessions: { attend: 3, named: ['forum'] } } };
    expect(evaluateProgramme(both, done, new Set(), 2, new Set(['forum']))).toMatchObject({
      complete: false,
      missingSessions: 1,
      missingNamedSessions: [],
    });
  });
});
