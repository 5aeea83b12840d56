import { describe, expect, test } from 'vitest';
import { findLookalikes } from './lookalikes.ts';

describe('findLookalikes', () => {
  test('finds a Latin a and o inside a Cyrillic word and gives the fixed word', () => {
    expect(findLookalikes('Жауaп: жобa')).toEqual([
      { word: 'Жауaп', fixed: 'Жауап', letters: 'a', index: 0 },
      { word: 'жобa', fixed: 'жоба', letters: 'a', index: 7 },
    ]);
    expect(findLookalikes('прoект')[0]?.fixed).toBe('проект');
  });
  test('leaves pure Cyrillic, pure Latin and mixed text of separate words alone', () => {
    expect(findLookalikes('Ақпарат and theory of change, MDX-файл')).toEqual([]);
  });
});
