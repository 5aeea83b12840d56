import { describe, expect, it } from 'vitest';
import { evaluateCompletion, findNextLesson, toCourseOutline, type CourseOutline } from './completion.ts';

const outline: CourseOutline = {
  slug: 'c',
  lessons: ['a', 'b', 'c', 'd'],
  quizzes: ['q1', 'q2'],
  completion: { lessons: 'all', quizzes: 'all' },
};

describe('evaluateCompletion', () => {
  it('requires every lesson and quiz under "all"', () => {
    const s = evaluateCompletion(outline, ['a', 'b'], ['q1']);
    expect(s).toMatchObject({ complete: false, percent: 50, missingLessons: ['c', 'd'], missingQuizzes: ['q2'] });
    // Progress is lessons done over lessons (decision 022): 3 of 4 is 75 %, whatever the quizzes.
    expect(evaluateCompletion(outline, ['a', 'b', 'c'], []).percent).toBe(75);
    expect(evaluateCompletion(outline, ['a', 'b', 'c', 'd'], ['q1']).percent).toBe(99);
    expect(evaluateCompletion(outline, ['a', 'b', 'c', 'd'], ['q1', 'q2'])).toMatchObject({
      complete: true,
      percent: 100,
    });
  });

  it('requires only the listed lessons and quizzes', () => {
    const some = { ...outline, completion: { lessons: ['a', 'c'], quizzes: ['q2'] } };
    expect(evaluateCompletion(some, ['a'], [])).toMatchObject({
      complete: false,
      percent: 25,
      requiredLessons: ['a', 'c'],
    });
    expect(evaluateCompletion(some, ['a', 'c'], ['q2'])).toMatchObject({ complete: true, percent: 100 });
  });

  it('never shows 100 % before completion', () => {
    const many = { ...outline, lessons: Array.from({ length: 300 }, (_, i) => `l${i}`), quizzes: [] };
    expect(evaluateCompletion(many, many.lessons.slice(1), []).percent).toBe(99);
  });

  it('ignores slugs the course no longer has, on both sides', () => {
    const edited = { ...outline, completion: { lessons: ['a', 'removed'], quizzes: 'all' as const }, quizzes: [] };
    const s = evaluateCompletion(edited, ['a', 'old-lesson'], ['old-quiz']);
    expect(s).toMatchObject({ complete: true, percent: 100, requiredLessons: ['a'], requiredQuizzes: [] });
  });

  it('is never complete when nothing that exists is required', () => {
    const empty = { ...outline, completion: { lessons: ['gone'], quizzes: ['gone-too'] } };
    expect(evaluateCompletion(empty, ['a', 'b', 'c', 'd'], ['q1', 'q2'])).toMatchObject({
      complete: false,
      percent: 99,
    });
  });
});

describe('evaluateCompletion with assignments', () => {
  const practice: CourseOutline = {
    ...outline,
    assignments: ['map', 'model'],
    completion: { lessons: 'all', quizzes: 'all', assignments: ['map'] },
  };
  const everything = [
    ['a', 'b', 'c', 'd'],
    ['q1', 'q2'],
  ] as const;

  it('counts a required assignment as met only when accepted', () => {
    expect(evaluateCompletion(practice, ...everything)).toMatchObject({
      complete: false,
      percent: 99,
      requiredAssignments: ['map'],
      missingAssignments: ['map'],
    });
    expect(evaluateCompletion(practice, ...everything, ['model'])).toMatchObject({ complete: false });
    expect(evaluateCompletion(practice, ...everything, ['map'])).toMatchObject({ complete: true, percent: 100 });
  });

  it('requires every assignment under "all", and ignores ones the course no longer has', () => {
    const all = {
      ...practice,
      completion: { lessons: 'all' as const, quizzes: 'all' as const, assignments: 'all' as const },
    };
    expect(evaluateCompletion(all, ...everything, ['map', 'old']).missingAssignments).toEqual(['model']);
    expect(evaluateCompletion({ ...all, assignments: ['map'] }, ...everything, ['map']).complete).toBe(true);
  });

  it('requires none under `assignments: []`: the practice is offered, the certificate does not wait', () => {
    const offered = { ...practice, completion: { ...practice.completion, assignments: [] } };
    expect(evaluateCompletion(offered, ...everything)).toMatchObject({ complete: true, requiredAssignments: [] });
  });

  it('leaves a course without assignments as it was: the percent counts lessons only', () => {
    expect(evaluateCompletion(outline, ...everything)).toMatchObject({ complete: true, requiredAssignments: [] });
    expect(evaluateCompletion(practice, ['a', 'b'], [], ['map']).percent).toBe(50);
  });
});

describe('evaluateCompletion with sessions to attend', () => {
  const blended: CourseOutline = {
    ...outline,
    completion: { lessons: 'all', quizzes: 'all', sessions: { attend: 2 } },
  };
  const everything = [['a', 'b', 'c', 'd'], ['q1', 'q2'], []] as const;

  it('is met only once enough sessions are attended, and more do not count twice', () => {
    expect(evaluateCompletion(blended, ...everything)).toMatchObject({
      complete: false,
      percent: 99,
      requiredSessions: 2,
      missingSessions: 2,
    });
    expect(evaluateCompletion(blended, ...everything, 1)).toMatchObject({ complete: false, missingSessions: 1 });
    expect(evaluateCompletion(blended, ...everything, 2)).toMatchObject({ complete: true, percent: 100 });
    expect(evaluateCompletion(blended, ['a'], [], [], 5)).toMatchObject({ complete: false, missingSessions: 0 });
  });

  it('completes a course whose rule is attendance alone', () => {
    const only: CourseOutline = { ...blended, completion: { lessons: [], quizzes: [], sessions: { attend: 1 } } };
    expect(evaluateCompletion(only, [], [], [], 0).complete).toBe(false);
    expect(evaluateCompletion(only, [], [], [], 1).complete).toBe(true);
  });

  it('requires the named sessions, each attended once, besides the count', () => {
    const named: CourseOutline = {
      ...blended,
      completion: { lessons: [], quizzes: [], sessions: { attend: 2, named: ['kickoff', 'study-visit'] } },
    };
    expect(evaluateCompletion(named, [], [], [], 2, ['kickoff'])).toMatchObject({
      complete: false,
      requiredNamedSessions: ['kickoff', 'study-visit'],
      missingNamedSessions: ['study-visit'],
    });
    expect(evaluateCompletion(named, [], [], [], 1, ['kickoff', 'study-visit'])).toMatchObject({ complete: false });
    expect(evaluateCompletion(named, [], [], [], 2, ['study-visit', 'kickoff', 'other'])).toMatchObject({
      complete: true,
      missingNamedSessions: [],
    });
    const onlyNamed: CourseOutline = {
      ...blended,
      completion: { lessons: [], quizzes: [], sessions: { named: ['x'] } },
    };
    expect(evaluateCompletion(onlyNamed, [], [], [], 3, ['y']).complete).toBe(false);
    expect(evaluateCompletion(onlyNamed, [], [], [], 1, ['x'])).toMatchObject({ complete: true, requiredSessions: 0 });
  });

  it('requires no session when the rule names none', () => {
    expect(evaluateCompletion(outline, ...everything)).toMatchObject({ complete: true, requiredSessions: 0 });
  });
});

describe('findNextLesson', () => {
  it('continues with the last opened lesson while it is not done', () => {
    expect(findNextLesson(outline.lessons, ['a'], 'c')).toBe('c');
  });
  it('moves on after the last lesson, wrapping round to earlier gaps', () => {
    expect(findNextLesson(outline.lessons, ['c', 'd'], 'c')).toBe('a');
    expect(findNextLesson(outline.lessons, ['a', 'c'], 'c')).toBe('d');
  });
  it('starts at the beginning without a last lesson or when it was removed', () => {
    expect(findNextLesson(outline.lessons, [], null)).toBe('a');
    expect(findNextLesson(outline.lessons, ['a'], 'removed')).toBe('b');
  });
  it('is null when everything is done', () => {
    expect(findNextLesson(outline.lessons, outline.lessons, 'b')).toBeNull();
  });
});

describe('toCourseOutline', () => {
  it('takes lesson order, quiz and assignment ids from the catalogue course', () => {
    const course = {
      slug: 'x',
      lessons: [{ slug: 'one' }, { slug: 'two' }],
      quizzes: { final: {} },
      assignments: { map: {} },
      data: { completion: { lessons: 'all', quizzes: ['final'] } },
    } as unknown as Parameters<typeof toCourseOutline>[0];
    expect(toCourseOutline(course)).toEqual({
      slug: 'x',
      lessons: ['one', 'two'],
      quizzes: ['final'],
      assignments: ['map'],
      completion: { lessons: 'all', quizzes: ['final'] },
    });
  });
});
