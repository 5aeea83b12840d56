import { describe, expect, test } from 'vitest';
import { choosePageText, fillPlaceholders, parsePageFileName, renderSitePage } from './pages.ts';

describe('the partner’s pages', () => {
  test('a file name gives its page and language; other files are not pages', () => {
    expect(parsePageFileName('privacy.kk.md', ['kk', 'ru'])).toEqual({ page: 'privacy', locale: 'kk' });
    expect(parsePageFileName('privacy.en.md', ['kk', 'ru'])).toBeUndefined();
    expect(parsePageFileName('contacts.kk.md', ['kk'])).toBeUndefined();
    expect(parsePageFileName('README.md', ['kk'])).toBeUndefined();
  });

  test('the partner’s text wins, in the reader’s chain, over Oqu’s default in the reader’s language', () => {
    const defaults = { kk: 'әдепкі', ru: 'по умолчанию', en: 'default' };
    expect(choosePageText({ kk: 'серіктес' }, defaults, ['ru', 'kk', 'en'])).toEqual({
      text: 'серіктес',
      lang: 'kk',
      partner: true,
    });
    expect(choosePageText({}, defaults, ['ru', 'kk'])).toEqual({ text: 'по умолчанию', lang: 'ru', partner: false });
  });

  test('the opening # line is the title; ## sections stay h2; raw HTML and script links are text', () => {
    const page = renderSitePage('# Құпиялылық\n\n## Не жиналады\n\n<script>alert(1)</script> [x](javascript:alert(1))');
    expect(page.title).toBe('Құпиялылық');
    expect(page.html).toContain('<h2>Не жиналады</h2>');
    expect(page.html).not.toContain('<script');
    expect(page.html).not.toMatch(/href="javascript/i);
    expect(renderSitePage('No heading').title).toBeUndefined();
  });

  test('placeholders are filled; unknown ones stay as written', () => {
    expect(fillPlaceholders('{partner}, {region}: {other}', { partner: 'P', region: 'R' })).toBe('P, R: {other}');
  });
});
