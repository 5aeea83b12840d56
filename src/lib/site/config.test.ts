import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { certificateLogoFiles, changedFields, parseSiteConfig, SiteConfigError } from './config.ts';
import { logMessages } from '../../../tests/helpers/server.ts';

const projectRoot = join(import.meta.dirname, '..', '..', '..');
const good = parse(readFileSync(join(projectRoot, 'oqu.config.yaml'), 'utf8'));

describe('site configuration', () => {
  test('the shipped oqu.config.yaml is valid', () => {
    expect(parseSiteConfig(good, 'oqu.config.yaml', join(projectRoot, 'public')).locales.enabled).toEqual([
      'kk',
      'ru',
      'en',
    ]);
  });
  test('a bad value names its field', () => {
    const bad = { ...good, baseUrl: 'not a url', locales: { ...good.locales, default: 'de' } };
    expect(() => parseSiteConfig(bad, 'x.yaml')).toThrow(SiteConfigError);
    expect(() => parseSiteConfig(bad, 'x.yaml')).toThrow(/baseUrl:[\s\S]*locales\.default/);
  });
  test('a default language that is not enabled is refused', () => {
    expect(() => parseSiteConfig({ ...good, locales: { default: 'kk', enabled: ['ru', 'en'] } }, 'x.yaml')).toThrow(
      /locales\.default: "kk" is not among the enabled/,
    );
  });
  test('locales.fallback takes one list or a list per reader language', () => {
    const map = { en: ['en', 'ru', 'kk'], kk: ['kk', 'ru', 'en'], ru: ['ru', 'kk', 'en'] };
    expect(
      parseSiteConfig({ ...good, locales: { ...good.locales, fallback: map } }, 'x.yaml').locales.fallback,
    ).toEqual(map);
    expect(
      parseSiteConfig({ ...good, locales: { ...good.locales, fallback: ['ru', 'kk'] } }, 'x.yaml').locales.fallback,
    ).toEqual(['ru', 'kk']);
    const { fallback: _, ...noFallback } = good.locales;
    expect(parseSiteConfig({ ...good, locales: noFallback }, 'x.yaml').locales.fallback).toEqual(['kk', 'ru', 'en']);
  });
  test('a bad fallback says what to write, naming the entry', () => {
    const withFallback = (fallback: unknown) => () =>
      parseSiteConfig({ ...good, locales: { ...good.locales, fallback } }, 'x.yaml');
    expect(withFallback('kk')).toThrow(
      /locales\.fallback: write one list, e\.g\. \[kk, ru, en\], or a list per reader's language/,
    );
    expect(withFallback({ en: ['en', 'de'], kk: ['kk'], ru: ['ru'] })).toThrow(/locales\.fallback\.en\.1: /);
    expect(withFallback({ fr: ['en'], en: ['en'], kk: ['kk'], ru: ['ru'] })).toThrow(
      /locales\.fallback: unknown language\(s\) fr/,
    );
    expect(withFallback({ kk: ['kk', 'ru'], ru: ['ru', 'kk'] })).toThrow(
      /locales\.fallback: no order for en readers: add "en: \[en, kk, ru\]"/,
    );
  });
  test('a kk/ru site needs no English in its texts, an enabled language is required', () => {
    const strip = (t: Record<string, string>) => ({ kk: t.kk, ru: t.ru });
    const kkRu = {
      ...good,
      name: strip(good.name),
      region: strip(good.region),
      partner: { ...good.partner, name: strip(good.partner.name) },
      certificate: { ...good.certificate, signatoryTitle: strip(good.certificate.signatoryTitle) },
      locales: { default: 'kk', enabled: ['kk', 'ru'], fallback: ['kk', 'ru'] },
    };
    expect(parseSiteConfig(kkRu, 'x.yaml').locales.enabled).toEqual(['kk', 'ru']);
    // `en:` left empty in a copied file counts as absent rather than "Invalid input".
    const blankEnglish = { ...kkRu, name: { ...kkRu.name, en: null }, region: { ...kkRu.region, en: '' } };
    expect(parseSiteConfig(blankEnglish, 'x.yaml').name).toEqual(kkRu.name);
    expect(() =>
      parseSiteConfig({ ...kkRu, locales: { ...kkRu.locales, enabled: ['kk', 'ru', 'en'] } }, 'x.yaml'),
    ).toThrow(/name\.en: the en text is missing: the site enables en/);
  });
  test('an unknown key is refused with the nearest known one, at any depth', () => {
    expect(() => parseSiteConfig({ ...good, trustedhosts: ['https://oqu.example.kz'] }, 'x.yaml')).toThrow(
      /- trustedhosts: unknown key, did you mean "trustedHosts"\?/,
    );
    expect(() => parseSiteConfig({ ...good, contact: { ...good.contact, phnoe: '+7' } }, 'x.yaml')).toThrow(
      /- contact\.phnoe: unknown key, did you mean "phone"\? \(known here: email, phone, address\)/,
    );
    expect(() => parseSiteConfig({ ...good, name: { ...good.name, kz: 'Oqu' } }, 'x.yaml')).toThrow(
      /- name\.kz: unknown key, did you mean "kk"\?/,
    );
    const two = () => parseSiteConfig({ ...good, newsletter: true, partner: { ...good.partner, site: 'x' } }, 'x.yaml');
    expect(two).toThrow(/- newsletter: unknown key, remove it/);
    expect(two).toThrow(/- partner\.site: unknown key, remove it \(known here: name, url\)/);
  });
  test("the partner's address, linked from every footer, is a web address", () => {
    const partner = (url: string) => parseSiteConfig({ ...good, partner: { ...good.partner, url } }, 'x.yaml');
    expect(() => partner('javascript:alert(1)')).toThrow(/- partner\.url: give a web address starting with http/);
    expect(partner('https://centre.example.kz').partner.url).toBe('https://centre.example.kz');
  });
  test('a text that is neither a string nor a text per language says what to write', () => {
    expect(() => parseSiteConfig({ ...good, region: ['Almaty'] }, 'x.yaml')).toThrow(
      /- region: write one text, or a text per language/,
    );
  });
  test('an SVG logo needs a PNG or JPEG beside it for certificates; extensions in any case', () => {
    const publicDir = mkdtempSync(join(tmpdir(), 'oqu-logo-'));
    mkdirSync(join(publicDir, 'branding'));
    writeFileSync(join(publicDir, 'branding', 'mark.SVG'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(() => parseSiteConfig({ ...good, logo: '/branding/mark.SVG' }, 'x.yaml', publicDir)).toThrow(
      /logo: certificates cannot draw an SVG or WebP image[\s\S]*public\/branding\/mark\.png/,
    );
    writeFileSync(join(publicDir, 'branding', 'mark.png'), readFileSync(join(projectRoot, 'public/branding/logo.png')));
    expect(parseSiteConfig({ ...good, logo: '/branding/mark.SVG' }, 'x.yaml', publicDir).logo).toBe(
      '/branding/mark.SVG',
    );
    expect(parseSiteConfig({ ...good, logo: '/branding/mark.png' }, 'x.yaml', publicDir).logo).toBe(
      '/branding/mark.png',
    );
    expect(certificateLogoFiles('/branding/mark.SVG')).toEqual([
      '/branding/mark.png',
      '/branding/mark.jpg',
      '/branding/mark.jpeg',
    ]);
  });
  test('changedFields names the fields that differ from the built configuration, nothing when equal', () => {
    const built = parseSiteConfig(good, 'x.yaml');
    expect(changedFields(built, parseSiteConfig(structuredClone(good), 'x.yaml'))).toEqual([]);
    const now = parseSiteConfig(
      {
        ...good,
        certificate: { ...good.certificate, signatoryName: 'Нұрлан Ахметов' },
        contact: { ...good.contact, phone: '+7 727 000 00 00' },
        locales: { ...good.locales, enabled: ['kk', 'ru', 'en'].reverse() },
      },
      'x.yaml',
    );
    expect(changedFields(built, now)).toEqual(['locales.enabled', 'contact.phone', 'certificate.signatoryName']);
  });
  test('a missing logo file is refused', () => {
    expect(() =>
      parseSiteConfig({ ...good, logo: '/branding/missing.svg' }, 'x.yaml', join(projectRoot, 'public')),
    ).toThrow(/logo: no file public\/branding\/missing\.svg/);
  });
  test('`oqu serve` stops with the message before starting anything', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oqu-config-'));
    writeFileSync(join(dir, 'bad.yaml'), 'name: Oqu\nbaseUrl: http://x/\n');
    const run = spawnSync(process.execPath, ['src/cli/oqu.ts', 'serve'], {
      cwd: projectRoot,
      encoding: 'utf8',
      env: { ...process.env, OQU_CONFIG: join(dir, 'bad.yaml') },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/is not valid:[\s\S]*region[\s\S]*baseUrl: leave off the trailing slash/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    writeFileSync(
      join(dir, 'typo.yaml'),
      readFileSync(join(projectRoot, 'oqu.config.yaml'), 'utf8').replace('trustedHosts:', 'trustedhosts:'),
    );
    const typo = spawnSync(process.execPath, ['src/cli/oqu.ts', 'serve'], {
      cwd: projectRoot,
      encoding: 'utf8',
      env: { ...process.env, OQU_CONFIG: join(dir, 'typo.yaml') },
    });
    expect(typo.status).toBe(1);
    // The server logs JSON lines (decision 051): the sentence is a line's message.
    expect(logMessages(typo.stderr)).toMatch(/trustedhosts: unknown key, did you mean "trustedHosts"\?/);
  }, 30_000); // a real process that loads the TypeScript CLI: seconds on a loaded 2-core machine
});
