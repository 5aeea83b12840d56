import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { parseSiteConfig, SiteConfigError } from './config.ts';

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
    expect(() =>
      parseSiteConfig({ ...kkRu, locales: { ...kkRu.locales, enabled: ['kk', 'ru', 'en'] } }, 'x.yaml'),
    ).toThrow(/name\.en: the en text is missing: the site enables en/);
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
  }, 30_000); // a real process that loads the TypeScript CLI: seconds on a loaded 2-core machine
});
