import { describe, expect, test } from 'vitest';
import { robotsTxt, sitemapXml } from './sitemap.ts';

const courses = [{ slug: 'budget', lessons: [{ slug: '01-start' }, { slug: '02-next' }] }];

describe('sitemap.xml', () => {
  test('every public page in every enabled language, at the base URL, with its alternates', () => {
    const xml = sitemapXml('https://learn.example.kz', ['kk', 'ru'], courses);
    for (const path of ['/kk/', '/ru/', '/kk/privacy', '/ru/courses/budget/', '/kk/courses/budget/02-next/'])
      expect(xml).toContain(`<loc>https://learn.example.kz${path}</loc>`);
    expect(xml).not.toContain('/en/');
    expect(xml).not.toMatch(/account|admin|trainer|login/);
    expect(xml).toContain('<xhtml:link rel="alternate" hreflang="ru" href="https://learn.example.kz/ru/about"/>');
    // catalogue + 3 pages + course + 2 lessons, in 2 languages
    expect(xml.match(/<url>/g)).toHaveLength(14);
  });
});

describe('robots.txt', () => {
  test('keeps crawlers out of accounts, admin and trainer areas in every language and names the sitemap', () => {
    const txt = robotsTxt('https://learn.example.kz', ['kk', 'ru']);
    for (const line of [
      'Disallow: /kk/account',
      'Disallow: /ru/admin/',
      'Disallow: /kk/trainer/',
      'Disallow: /ru/join/',
    ])
      expect(txt).toContain(line);
    expect(txt).toContain('Sitemap: https://learn.example.kz/sitemap.xml');
    expect(txt).not.toContain('Disallow: /\n');
  });
});
