import { describe, expect, test } from 'vitest';
import { checkLessonFileNames } from './file-names.ts';
import { closest } from './nearest.ts';

describe('checkLessonFileNames', () => {
  test('a translation with a typo in its name points at its siblings', () => {
    expect(
      checkLessonFileNames(['02-project-cycle.kk.mdx', '02-project-cylce.ru.mdx', '02-project-cycle.en.mdx']),
    ).toEqual([{ kind: 'typo', file: '02-project-cylce.ru.mdx', probably: '02-project-cycle.ru.mdx' }]);
  });
  test('two different lessons are not typos of each other', () => {
    expect(checkLessonFileNames(['01-intro.kk.mdx', '01-intro.ru.mdx', '02-outro.kk.mdx', '02-outro.ru.mdx'])).toEqual(
      [],
    );
  });
  test('a file that is not a lesson says which lesson it probably was', () => {
    expect(checkLessonFileNames(['01-intro.kk.mdx', '01-intro.ru.mdx.txt', 'notes.txt'])).toEqual([
      { kind: 'not_a_lesson', file: '01-intro.ru.mdx.txt', probably: '01-intro.ru.mdx' },
    ]);
    expect(checkLessonFileNames(['01-Intro.RU.md'])).toEqual([
      { kind: 'not_a_lesson', file: '01-Intro.RU.md', probably: '01-intro.ru.mdx' },
    ]);
  });
});

describe('closest', () => {
  test('suggests the nearest key, or nothing when far', () => {
    expect(closest('quizz', ['title', 'description', 'minutes', 'quiz'])).toBe('quiz');
    expect(closest('feedbak', ['id', 'feedback', 'prompt'])).toBe('feedback');
    expect(closest('colour', ['id', 'type'])).toBeUndefined();
  });
});
