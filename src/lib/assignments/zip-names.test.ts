import { describe, expect, it } from 'vitest';
import { traineeFolder, uniqueNamer } from './zip-names.ts';

describe('zip names', () => {
  it('cleans folder names and keeps them unique whatever the case', () => {
    const next = uniqueNamer();
    expect(next(traineeFolder('Айгүл Сейітова'))).toBe('Айгүл Сейітова');
    expect(next(traineeFolder('айгүл сейітова'))).toBe('айгүл сейітова (2)');
    expect(next(traineeFolder('../..\\evil\u202e'))).toBe('evil');
    expect(next(traineeFolder('...'))).toBe('trainee');
    const files = uniqueNamer();
    expect([files('map.pdf'), files('map.pdf'), files('MAP.pdf')]).toEqual(['map.pdf', 'map (2).pdf', 'MAP (3).pdf']);
  });
});
