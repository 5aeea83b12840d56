import { describe, expect, it } from 'vitest';
import { fitText, type TextMeasurer } from './layout.ts';
import { fontMeasurer } from './fonts.ts';

/** Every character half an em wide: easy to reason about. */
const mono: TextMeasurer = { widthOfTextAtSize: (text, size) => Array.from(text).length * size * 0.5 };

describe('fitText', () => {
  it('keeps short text on one line at the largest size', () => {
    const fit = fitText(mono, 'Aliya Nurlanova', 500, 30, 10, 2);
    expect(fit).toMatchObject({ size: 30, lines: ['Aliya Nurlanova'], truncated: false });
    expect(fit.widths[0]).toBe(15 * 15);
    expect(fit.lineHeight).toBe(36);
    expect(fit.height).toBe(36);
  });

  it('wraps before it shrinks', () => {
    // 40 characters at size 20 = 400 wide; the box is 300.
    const fit = fitText(mono, 'aaaaaaaaa bbbbbbbbb ccccccccc ddddddddd', 300, 20, 8, 2);
    expect(fit.size).toBe(20);
    expect(fit.lines).toEqual(['aaaaaaaaa bbbbbbbbb', 'ccccccccc ddddddddd']);
  });

  it('balances lines instead of leaving one word alone', () => {
    const fit = fitText(mono, 'one two three four five six seven eight nine ten', 200, 10, 6, 3);
    expect(fit.lines).toHaveLength(2);
    const [a, b] = fit.lines.map((l) => l.length);
    expect(Math.abs((a ?? 0) - (b ?? 0))).toBeLessThanOrEqual(6);
  });

  it('shrinks when the lines run out, and never exceeds the width', () => {
    const text = 'word '.repeat(40).trim();
    const fit = fitText(mono, text, 300, 24, 6, 3);
    expect(fit.size).toBeLessThan(24);
    expect(fit.size).toBeGreaterThanOrEqual(6);
    expect(fit.lines.length).toBeLessThanOrEqual(3);
    expect(Math.max(...fit.widths)).toBeLessThanOrEqual(300);
    expect(fit.lines.join(' ')).toBe(text);
    expect(fit.truncated).toBe(false);
  });

  it('respects a height limit', () => {
    const fit = fitText(mono, 'aaaa bbbb cccc dddd eeee ffff', 100, 20, 5, 3, { maxHeight: 30 });
    expect(fit.height).toBeLessThanOrEqual(30);
    expect(fit.lines.join(' ')).toBe('aaaa bbbb cccc dddd eeee ffff');
  });

  it('tries minSize itself even when the steps skip over it', () => {
    const fit = fitText(mono, 'x'.repeat(20), 70, 10.3, 7, 1, { step: 1 });
    expect(fit.size).toBe(7);
    expect(fit.lines).toEqual(['x'.repeat(20)]);
  });

  it('breaks a word longer than the box at the smallest size', () => {
    const fit = fitText(mono, 'http://localhost:4321/verify/7K3M-Q9XD-2HFT', 100, 8, 6, 2);
    expect(fit.size).toBe(6);
    expect(fit.lines.join('')).toBe('http://localhost:4321/verify/7K3M-Q9XD-2HFT');
    expect(Math.max(...fit.widths)).toBeLessThanOrEqual(100);
  });

  it('cuts off with an ellipsis only when nothing else helps', () => {
    const fit = fitText(mono, 'word '.repeat(200).trim(), 100, 10, 8, 2);
    expect(fit.truncated).toBe(true);
    expect(fit.lines).toHaveLength(2);
    expect(fit.lines[1]?.endsWith('…')).toBe(true);
    expect(Math.max(...fit.widths)).toBeLessThanOrEqual(100);
  });

  it('collapses white space and handles empty text', () => {
    expect(fitText(mono, '  a \n\t b  ', 100, 10, 5, 1).lines).toEqual(['a b']);
    expect(fitText(mono, '   ', 100, 10, 5, 1)).toMatchObject({ lines: [], height: 0, truncated: false });
  });

  it('refuses a box that cannot hold anything', () => {
    expect(() => fitText(mono, 'a', 0, 10, 5, 1)).toThrow(RangeError);
    expect(() => fitText(mono, 'a', 100, 4, 5, 1)).toThrow(RangeError);
    expect(() => fitText(mono, 'a', 100, 10, 5, 0)).toThrow(RangeError);
  });

  it('fits real Kazakh text with the DejaVu metrics', () => {
    const bold = fontMeasurer('serifBold');
    const name = 'Әлия Қасымқызы Нұрланова';
    const fit = fitText(bold, name, 700, 32, 12, 2);
    expect(fit.lines).toEqual([name]);
    expect(fit.size).toBe(32);
    const long =
      'Гүлнәзира Өтегенқызы Құдайбергенова-Сәрсенбаева Әбдірахманқызы Жұмабайқызы Ысқақова Үмбетәліқызы Һәкімова ' +
      'Ілиясқызы';
    expect(long.length).toBeGreaterThanOrEqual(110);
    const wrapped = fitText(bold, long, 700, 32, 12, 2, { maxHeight: 80, lineSpacing: 1.15 });
    expect(wrapped.lines).toHaveLength(2);
    expect(wrapped.truncated).toBe(false);
    expect(wrapped.lines.join(' ')).toBe(long);
    for (const line of wrapped.lines) expect(bold.widthOfTextAtSize(line, wrapped.size)).toBeLessThanOrEqual(700);
  });
});
