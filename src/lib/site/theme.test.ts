import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { parseSiteConfig } from './config.ts';
import { colorProblems, contrastRatio, readableTextOn, resolveColors, themeStylesheet } from './theme.ts';

describe('contrast', () => {
  test('black on white is 21:1, a colour on itself 1:1, and #777 on white just under 4.5:1', () => {
    expect(contrastRatio('#000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#0b5d4b', '#0b5d4b')).toBe(1);
    expect(contrastRatio('#777777', '#fff')).toBeCloseTo(4.48, 2);
  });

  test('the text on a brand colour is white on a dark one and dark on a light one', () => {
    expect(readableTextOn('#0b5d4b')).toBe('#ffffff');
    expect(readableTextOn('#ffd700')).toBe('#1b1f23');
  });
});

describe('configured colours', () => {
  test('no colours: today’s stylesheet', () => {
    expect(resolveColors()).toEqual({ brand: '#0b5d4b', brandText: '#ffffff', accent: '#8a5a00' });
    expect(colorProblems({})).toEqual([]);
    expect(themeStylesheet()).toContain('--brand: #0b5d4b;');
  });

  test('a dark brand colour passes and gets white text', () => {
    expect(colorProblems({ brand: '#7a1f5c' })).toEqual([]);
    expect(themeStylesheet({ brand: '#7a1f5c' })).toContain('--brand-ink: #ffffff;');
  });

  test('a light brand colour is refused: links on the white page would be unreadable', () => {
    const problems = colorProblems({ brand: '#ffd700' });
    expect(problems.map(([f]) => f)).toEqual(['brand']);
    expect(problems[0]![1]).toMatch(/1\.\d+:1.*4\.5:1 \(WCAG AA\)/);
  });

  test('a text colour too close to the brand colour is refused, naming brandText', () => {
    const problems = colorProblems({ brand: '#0b5d4b', brandText: '#2e7d32' });
    expect(problems.map(([f]) => f)).toEqual(['brandText']);
  });

  test('a pale focus colour is refused', () => {
    expect(colorProblems({ accent: '#ffeeaa' }).map(([f]) => f)).toEqual(['accent']);
  });
});

describe('the look in the site configuration', () => {
  const root = join(import.meta.dirname, '..', '..', '..');
  const good = parse(readFileSync(join(root, 'oqu.config.yaml'), 'utf8'));

  test('a brand colour under WCAG AA stops start-up with a message naming the field and the ratio', () => {
    expect(() => parseSiteConfig({ ...good, colors: { brand: '#66bb6a' } }, 'x.yaml')).toThrow(
      /colors\.brand: #66bb6a on the white page is 2\.\d+:1; links .* need at least 4\.5:1/,
    );
    expect(() => parseSiteConfig({ ...good, colors: { brand: 'red; }' } }, 'x.yaml')).toThrow(
      /colors\.brand: a colour/,
    );
  });

  test('a favicon, tagline and footer line are accepted; a missing favicon file is named', () => {
    const config = { ...good, favicon: '/favicon.svg', tagline: 'Learn here', footer: { kk: 'А', ru: 'Б', en: 'C' } };
    expect(parseSiteConfig(config, 'x.yaml', join(root, 'public')).footer).toEqual({ kk: 'А', ru: 'Б', en: 'C' });
    expect(() => parseSiteConfig({ ...good, favicon: '/branding/none.png' }, 'x.yaml', join(root, 'public'))).toThrow(
      /favicon: no file public\/branding\/none\.png/,
    );
    expect(() => parseSiteConfig({ ...good, footer: { kk: 'А' } }, 'x.yaml')).toThrow(
      /footer\.ru: the ru text is missing/,
    );
  });
});
