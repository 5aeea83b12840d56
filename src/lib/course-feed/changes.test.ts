import { describe, expect, it } from 'vitest';
import { courseChanges, type CourseFile } from './changes.ts';

const f = (path: string, sha256: string): CourseFile => ({ path, sha256 });

describe('courseChanges', () => {
  const current = {
    files: [
      f('course.yaml', '1'),
      f('origin.yaml', '2'),
      f('01-basics/01-goals.kk.mdx', 'a'),
      f('01-basics/01-goals.ru.mdx', 'b'),
      f('01-basics/02-budget.kk.mdx', 'c'),
      f('01-basics/03-team.kk.mdx', 'd'),
      f('quizzes/words.yaml', 'q'),
      f('quizzes/old.yaml', 'o'),
    ],
    outline: { lessons: ['goals', 'budget', 'team'], renamed: {} },
  };
  const next = {
    files: [
      f('course.yaml', '1'),
      f('01-basics/01-goals.kk.mdx', 'a'),
      f('01-basics/01-goals.ru.mdx', 'B'),
      f('01-basics/02-costs.kk.mdx', 'c'),
      f('01-basics/04-risks.kk.mdx', 'e'),
      f('quizzes/words.yaml', 'Q'),
      f('quizzes/new.yaml', 'n'),
      f('images/map.png', 'p'),
      f('_frameworks/skills.yaml', 'x'),
    ],
    outline: { lessons: ['goals', 'costs', 'risks'], renamed: { budget: 'costs' } },
  };

  it('names lessons and quizzes added, removed and changed, in any language of the lesson', () => {
    const changes = courseChanges('demo', current, next);
    expect(changes.lessons).toMatchObject({
      added: ['costs', 'risks'],
      removed: ['budget', 'team'],
      changed: ['goals'],
    });
    expect(changes.quizzes).toEqual({ added: ['new'], removed: ['old'], changed: ['words'] });
  });

  it('keeps progress of a lesson renamed with `formerly:` and says which removed lessons drop it', () => {
    const changes = courseChanges('demo', current, next);
    expect(changes.lessons.renamed).toEqual([['budget', 'costs']]);
    expect(changes.lessons.dropped).toEqual(['team']);
  });

  it("counts other files, leaving out the receiver's origin.yaml and carried frameworks", () => {
    expect(courseChanges('demo', current, next).otherFiles).toBe(1);
  });

  it('counts trainer notes (`trainer-notes/<lesson>.<locale>.md`) changed, added or removed as other files', () => {
    const withNotes = (notes: CourseFile[]) => ({ files: [f('course.yaml', '1'), ...notes], outline: current.outline });
    const changed = courseChanges(
      'demo',
      withNotes([f('trainer-notes/goals.kk.md', 'a')]),
      withNotes([f('trainer-notes/goals.kk.md', 'b'), f('trainer-notes/goals.ru.md', 'c')]),
    );
    expect(changed.otherFiles).toBe(2);
    expect(changed.lessons).toMatchObject({ added: [], removed: [], changed: [] });
  });

  it('for a course not installed yet, everything is added and nothing dropped', () => {
    const changes = courseChanges('demo', { files: [], outline: { lessons: [], renamed: {} } }, next);
    expect(changes.lessons.added).toEqual(['goals', 'costs', 'risks']);
    expect(changes.lessons.dropped).toEqual([]);
  });
});
