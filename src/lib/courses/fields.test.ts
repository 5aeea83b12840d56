import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSiteConfig } from '#lib/site/config.ts';
import { configuredFieldIds, fieldFinding, fieldFindings } from './field-checks.ts';
import { DEFAULT_FIELDS, fieldIds, fieldTitle } from './fields.ts';

const base = {
  name: 'Oqu',
  region: 'Шымкент',
  partner: { name: 'Partner' },
  baseUrl: 'https://oqu.example.kz',
  locales: { default: 'kk', enabled: ['kk', 'ru'] },
  contact: { email: 'a@example.kz' },
  certificate: { signatoryName: 'A', signatoryTitle: 'B' },
};
const green = { id: 'green-economy', title: { kk: 'Жасыл экономика', ru: 'Зелёная экономика' } };

describe('fields from the site configuration', () => {
  it("keeps today's three by default, titled in every language", () => {
    const site = parseSiteConfig(base, 'test');
    expect(fieldIds(site.fields)).toEqual(['social-entrepreneurship', 'creative-industries', 'urbanism']);
    expect(fieldTitle(site.fields, 'urbanism', 'kk')).toBe('Урбанистика');
    expect(fieldTitle(site.fields, 'urbanism', 'en')).toBe('Urbanism');
  });

  it("takes a partner's own field, with a title in each enabled language", () => {
    const site = parseSiteConfig({ ...base, fields: [...DEFAULT_FIELDS, green] }, 'test');
    expect(fieldIds(site.fields)).toContain('green-economy');
    expect(fieldTitle(site.fields, 'green-economy', 'ru')).toBe('Зелёная экономика');
    expect(fieldTitle(site.fields, 'gone', 'ru')).toBe('gone');
    expect(() => parseSiteConfig({ ...base, fields: [{ id: 'green-economy', title: { kk: 'Жасыл' } }] }, 't')).toThrow(
      /fields\.0\.title\.ru: the ru text is missing/,
    );
    expect(() => parseSiteConfig({ ...base, fields: [green, green] }, 't')).toThrow(/listed twice/);
    expect(() => parseSiteConfig({ ...base, fields: [{ id: 'Green Economy', title: 'x' }] }, 't')).toThrow(/field/);
  });

  it("validate names a course's field the site does not list, with the nearest", () => {
    expect(configuredFieldIds(undefined)).toEqual(fieldIds(DEFAULT_FIELDS));
    expect(configuredFieldIds({ fields: [green] })).toEqual(['green-economy']);
    expect(fieldFinding('c.yaml', 3, 'urbanism', fieldIds(DEFAULT_FIELDS))).toEqual([]);
    expect(fieldFinding('c.yaml', 3, 'urbanizm', fieldIds(DEFAULT_FIELDS))).toMatchObject([
      { file: 'c.yaml', line: 3, key: 'validate.field_unknown_suggest', params: { suggestion: 'urbanism' } },
    ]);
    const root = mkdtempSync(join(tmpdir(), 'oqu-fields-'));
    mkdirSync(join(root, 'courses', 'solar'), { recursive: true });
    writeFileSync(join(root, 'courses', 'solar', 'course.yaml'), 'title: { en: Solar }\nfield: green-economy\n');
    expect(fieldFindings(join(root, 'courses'), root, fieldIds(DEFAULT_FIELDS))).toMatchObject([
      { file: 'courses/solar/course.yaml', line: 2, key: 'validate.field_unknown' },
    ]);
    expect(fieldFindings(join(root, 'courses'), root, [...fieldIds(DEFAULT_FIELDS), 'green-economy'])).toEqual([]);
  });
});
