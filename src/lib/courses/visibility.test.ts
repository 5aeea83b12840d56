import { describe, expect, it } from 'vitest';
import { parseSiteConfig } from '#lib/site/config.ts';
import { acceptsEnrolments, courseState, listedCourses } from './visibility.ts';

const states = { hidden: ['pilot'], archived: ['old'] };

describe('course visibility', () => {
  it('tells listed, hidden and archived courses apart', () => {
    expect(courseState(states, 'pilot')).toBe('hidden');
    expect(courseState(states, 'old')).toBe('archived');
    expect(courseState(states, 'new')).toBe('listed');
  });

  it('lists neither hidden nor archived courses', () => {
    const courses = [{ slug: 'new' }, { slug: 'pilot' }, { slug: 'old' }];
    expect(listedCourses(courses, states).map((c) => c.slug)).toEqual(['new']);
  });

  it('takes enrolments in hidden courses, not in archived ones', () => {
    expect(acceptsEnrolments(states, 'pilot')).toBe(true);
    expect(acceptsEnrolments(states, 'new')).toBe(true);
    expect(acceptsEnrolments(states, 'old')).toBe(false);
  });
});

describe('the courses: lists of the configuration', () => {
  const base = {
    name: 'Oqu',
    region: 'Алматы',
    partner: { name: 'Partner' },
    baseUrl: 'https://oqu.example.kz',
    locales: { default: 'kk', enabled: ['kk'] },
    contact: { email: 'learning@example.org' },
    certificate: { signatoryName: 'S', signatoryTitle: 'T' },
  };

  it('are empty when left out, and read when given', () => {
    expect(parseSiteConfig(base, 'test').courses).toEqual({ hidden: [], archived: [] });
    const courses = { hidden: ['pilot'], archived: ['old'] };
    expect(parseSiteConfig({ ...base, courses }, 'test').courses).toEqual(courses);
  });

  it('refuse a course both hidden and archived, and a name that is no course folder', () => {
    expect(() => parseSiteConfig({ ...base, courses: { hidden: ['old'], archived: ['old'] } }, 'test')).toThrow(
      /also archived/,
    );
    expect(() => parseSiteConfig({ ...base, courses: { hidden: ['Old Course'] } }, 'test')).toThrow(/folder name/);
  });
});
