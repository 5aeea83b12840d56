/**
 * The glossary page of the built site (issue 19, decision 042), read as a visitor gets it: in
 * each language every entry of courses/_glossary.yaml that is meant for the page stands there
 * with its term and definition in that language, its lessons link to lessons that use it and
 * that were built, and every lesson's footer leads to it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readGlossary } from '#lib/courses/glossary-check.ts';
import { LOCALES } from '#lib/i18n/locales.ts';
import { projectRoot, siteRoot } from './lib/site-build.ts';

const glossary = readGlossary(join(projectRoot, 'courses'))!;
const client = join(siteRoot, 'dist', 'client');
/** Text as Astro writes it into HTML. */
const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const built = (url: string) => join(client, url, 'index.html');

describe.each(LOCALES)('the %s glossary page', (locale) => {
  test('lists every entry meant for the page, with its term and definition in that language', () => {
    const html = readFileSync(built(`/${locale}/glossary`), 'utf8');
    const entries = Object.entries(glossary).filter(([, e]) => e.page);
    expect(entries.length).toBeGreaterThan(20);
    for (const [id, entry] of entries) {
      const text = entry[locale]!;
      expect(html, id).toContain(`<dt id="${id}">${escape(text.term)}</dt>`);
      expect(html, id).toContain(escape(text.definition));
    }
    for (const [id] of Object.entries(glossary).filter(([, e]) => !e.page)) expect(html).not.toContain(`id="${id}"`);
  });

  test('links each term to built lessons that use it, and a lesson leads back to the glossary', () => {
    const html = readFileSync(built(`/${locale}/glossary`), 'utf8');
    const entry = html.slice(html.indexOf('<dt id="participatory-budgeting">'));
    const links = [...entry.slice(0, entry.indexOf('</dd>')).matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    expect(links).toContain(`/${locale}/courses/dialogue-facilitation/participatory-budgeting/`);
    for (const link of links) expect(existsSync(built(link)), link).toBe(true);
    const lesson = readFileSync(built(links[0]!), 'utf8');
    expect(lesson).toContain(`href="/${locale}/glossary"`);
  });
});
