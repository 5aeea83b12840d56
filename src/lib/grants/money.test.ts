import { describe, expect, it } from 'vitest';
import { formatTenge, parseTenge, sumTenge } from './money.ts';

describe('whole tenge', () => {
  it('reads amounts as people type them', () => {
    expect(parseTenge('1500000')).toBe(1_500_000);
    expect(parseTenge(' 1 500 000 ₸ ')).toBe(1_500_000);
    expect(parseTenge('1\u00a0500\u202f000 тг')).toBe(1_500_000);
    expect(parseTenge('250000 теңге')).toBe(250_000);
  });

  it('refuses fractions, signs, words and absurd sums', () => {
    for (const bad of ['', '1500.50', '1,5', '-3', '+3', '1e6', 'сто', '0x10', '99999999999999'])
      expect(parseTenge(bad), bad).toBeNull();
  });

  it('adds exactly where floating point would not', () => {
    expect(sumTenge([1, 2])).toBe(3);
    expect(sumTenge([333_333_333_333, 333_333_333_333, 333_333_333_334])).toBe(1_000_000_000_000);
    expect(() => sumTenge([1.5])).toThrow(RangeError);
  });

  it('writes amounts with grouped digits and the sign', () => {
    expect(formatTenge(1_500_000)).toBe('1\u00a0500\u00a0000\u00a0₸');
    expect(formatTenge(0)).toBe('0\u00a0₸');
  });
});
