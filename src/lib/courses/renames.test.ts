import { describe, expect, it } from 'vitest';
import { droppedLessons, formerlyOf, renamesOf } from './renames.ts';

describe('renamesOf', () => {
  it('maps each former name to the lesson that lists it, merging translations', () => {
    expect(
      renamesOf([
        { slug: 'goals', formerly: ['aims'] },
        { slug: 'goals', formerly: ['aims', 'targets'] },
        { slug: 'plan', formerly: [] },
      ]),
    ).toEqual({ aims: 'goals', targets: 'goals' });
  });

  it('leaves out a former name that is still a lesson or that two lessons claim', () => {
    expect(
      renamesOf([
        { slug: 'goals', formerly: ['plan', 'aims'] },
        { slug: 'plan', formerly: ['aims'] },
      ]),
    ).toEqual({});
  });
});

describe('droppedLessons', () => {
  const current = { lessons: ['aims', 'plan', 'budget'], renamed: {} };
  it('names the lessons a new version neither keeps nor renames', () => {
    expect(droppedLessons(current, { lessons: ['goals', 'plan'], renamed: { aims: 'goals' } })).toEqual(['budget']);
    expect(droppedLessons(current, { lessons: ['aims', 'plan', 'budget', 'new'], renamed: {} })).toEqual([]);
  });
});

describe('formerlyOf', () => {
  it('reads a list of names and ignores anything else', () => {
    expect(formerlyOf({ title: 'x', formerly: ['a', 3, 'b'] })).toEqual(['a', 'b']);
    expect(formerlyOf({ formerly: 'a' })).toEqual([]);
    expect(formerlyOf(null)).toEqual([]);
  });
});
