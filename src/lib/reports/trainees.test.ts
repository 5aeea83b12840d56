import { describe, expect, it } from 'vitest';
import { containsGlob, parseTraineeTableQuery, toBestScores } from './trainees.ts';

describe('containsGlob', () => {
  it('matches any case of Latin, Cyrillic and Kazakh letters', () => {
    expect(containsGlob('нұр')).toBe('*[Нн][Ұұ][Рр]*');
    expect(containsGlob(' ӘлИ ')).toBe('*[Әә][Лл][Ии]*');
    expect(containsGlob('a.kz')).toBe('*[Aa].[Kk][Zz]*');
  });

  it("takes GLOB's own characters literally and leaves digits and signs alone", () => {
    expect(containsGlob('*?[')).toBe('*[*][?][[]*');
    expect(containsGlob('7 701%_]')).toBe('*7 701%_]*');
    expect(containsGlob('   ')).toBe('');
    expect(containsGlob(undefined)).toBe('');
  });
});

describe('trainee rows', () => {
  it('lists a best score for every quiz of the course, null where none', () => {
    expect(toBestScores(['q1', 'q2'], '{"q1":80.5,"old":10}')).toEqual({ q1: 80.5, q2: null });
    expect(toBestScores(['q1'], null)).toEqual({ q1: null });
  });
});

describe('parseTraineeTableQuery', () => {
  it('reads sort, direction, status, search and page, with defaults for what is missing or wrong', () => {
    expect(parseTraineeTableQuery(new URLSearchParams(''))).toEqual({
      sort: 'lastActivity',
      dir: 'desc',
      status: 'all',
      limit: 50,
      offset: 0,
    });
    expect(
      parseTraineeTableQuery(new URLSearchParams('sort=name&dir=asc&status=active&q=%20Нұр%20&page=3'), 20),
    ).toEqual({ sort: 'name', dir: 'asc', status: 'active', search: 'Нұр', limit: 20, offset: 40 });
    expect(parseTraineeTableQuery(new URLSearchParams('sort=drop&dir=sideways&status=x&page=-4'))).toMatchObject({
      sort: 'lastActivity',
      dir: 'desc',
      status: 'all',
      offset: 0,
    });
  });
});
