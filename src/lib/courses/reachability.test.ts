import { describe, expect, test } from 'vitest';
import type { Locale } from '#lib/i18n/locales.ts';
import { findUnreachable, type ReachLessonFile } from './reachability.ts';

const file = (slug: string, locale: Locale, quiz?: string): ReachLessonFile => ({
  slug,
  locale,
  file: `${slug}.${locale}.mdx`,
  attached: quiz ? { quiz: [quiz] } : {},
});
const chain = () => ['kk', 'ru', 'en'] as const;
const run = (lessons: ReachLessonFile[], readers: Locale[] = ['kk', 'ru', 'en']) =>
  findUnreachable({ readers, chainFor: chain, lessons, required: [{ kind: 'quiz', id: 'final' }] });

describe('findUnreachable', () => {
  test('a quiz named in every translation is reachable', () => {
    expect(run([file('a', 'kk', 'final'), file('a', 'ru', 'final'), file('a', 'en', 'final')])).toEqual([]);
  });
  test('a quiz named only in the Kazakh file is missing for Russian and English readers', () => {
    expect(run([file('a', 'kk', 'final'), file('a', 'ru'), file('a', 'en')])).toEqual([
      { kind: 'quiz', id: 'final', readers: ['ru', 'en'], namedIn: ['a.kk.mdx'] },
    ]);
  });
  test('a reader without their own file sees the fallback file and its quiz', () => {
    expect(run([file('a', 'kk', 'final'), file('a', 'ru', 'final')])).toEqual([]);
    // English falls back to Kazakh first (kk, ru, en), which does not name the quiz.
    expect(run([file('a', 'kk'), file('a', 'ru', 'final')])).toMatchObject([{ readers: ['kk', 'en'] }]);
  });
  test('only the languages a trainee can read count', () => {
    expect(run([file('a', 'kk', 'final'), file('a', 'ru'), file('a', 'en')], ['kk'])).toEqual([]);
  });
  test('a per-reader chain is followed', () => {
    const lessons = [file('a', 'kk'), file('a', 'ru', 'final')];
    const r = findUnreachable({
      readers: ['en'],
      chainFor: () => ['ru', 'kk'],
      lessons,
      required: [{ kind: 'quiz', id: 'final' }],
    });
    expect(r).toEqual([]);
  });
  test('a quiz named in no lesson is missing for everyone', () => {
    expect(run([file('a', 'kk'), file('b', 'kk')])).toEqual([
      { kind: 'quiz', id: 'final', readers: ['kk', 'ru', 'en'], namedIn: [] },
    ]);
  });
  test('a quiz in another lesson of the same reader counts', () => {
    expect(run([file('a', 'kk'), file('a', 'ru', 'final'), file('b', 'kk', 'final'), file('b', 'ru')])).toEqual([]);
  });
});
