import { describe, expect, it } from 'vitest';
import { formatNumber, formatShare } from './numbers.ts';

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formatNumber', () => {
  it('writes the decimal comma in Kazakh and Russian, the point in English', () => {
    expect(formatNumber(2.8, 'kk')).toBe('2,8');
    expect(formatNumber(2.8, 'ru')).toBe('2,8');
    expect(formatNumber(2.8, 'en')).toBe('2.8');
    expect(formatNumber(16.666, 'ru')).toBe('16,7');
    expect(plain(formatNumber(12500, 'ru'))).toBe('12 500');
  });

  it('writes shares as percentages', () => {
    expect(plain(formatShare(2 / 3, 'ru'))).toBe('67 %');
    expect(formatShare(2 / 3, 'en')).toBe('67%');
    expect(plain(formatShare(2 / 3, 'kk', 1))).toMatch(/^66,7\s?%$/);
  });
});
