/**
 * Certificate PDFs rendered once (decision 059), on a real folder: the renderer gives the same
 * bytes for the same certificate; the key changes with every input that shapes the PDF; two
 * caches on one folder (two processes) racing on one certificate leave one whole file; a new key
 * replaces the old file, a file cut short is rendered again, and a forgotten code leaves nothing.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificatePdfCache, resolveCacheDir } from '#lib/certificates/pdf-cache.ts';
import { certificatePdfKey } from '#lib/certificates/pdf-key.ts';
import { renderCertificatePdf, type CertificatePdfData, type CertificatePdfOptions } from '#lib/certificates/pdf.ts';

const DATA: CertificatePdfData = {
  code: '7K3M-Q9XD-2HFT',
  holderName: 'Әлия Қасымқызы Нұрланова',
  courseTitle: 'Әлеуметтік кәсіпкерлік негіздері',
  hours: 24,
  issuedAt: new Date('2026-11-27T10:00:00Z'),
  locale: 'kk',
  competencies: ['Әлеуметтік әсерді өлшеу'],
};
const OPTIONS: CertificatePdfOptions = {
  baseUrl: 'https://oqu.example.kz',
  partnerName: 'Қалалық даму орталығы',
  signatoryName: 'Айгерім Сейітова',
  signatoryTitle: 'Бағдарлама жетекшісі',
};
/** The smallest PNG: one transparent pixel. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'oqu-pdf-cache-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const render =
  (data = DATA, options = OPTIONS) =>
  () =>
    renderCertificatePdf(data, options);
const filesOf = (cache: CertificatePdfCache, code: string): string[] => readdirSync(cache.folder(code)).sort();

describe('the key', () => {
  it('is the same for the same inputs, and the renderer gives the same bytes for them', async () => {
    expect(await certificatePdfKey(DATA, OPTIONS)).toBe(await certificatePdfKey({ ...DATA }, { ...OPTIONS }));
    expect(await certificatePdfKey(DATA, OPTIONS)).toMatch(/^[0-9a-f]{32}$/);
    const [a, b] = [await render()(), await render()()];
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('changes with each stored word, the site address and the logo', async () => {
    const base = await certificatePdfKey(DATA, OPTIONS);
    const variants = [
      certificatePdfKey({ ...DATA, holderName: 'Әлия Нұрланова' }, OPTIONS),
      certificatePdfKey({ ...DATA, hours: 25 }, OPTIONS),
      certificatePdfKey({ ...DATA, issuedAt: new Date('2026-11-28T10:00:00Z') }, OPTIONS),
      certificatePdfKey({ ...DATA, competencies: [] }, OPTIONS),
      certificatePdfKey({ ...DATA, second: { locale: 'ru', courseTitle: 'Основы' } }, OPTIONS),
      certificatePdfKey(DATA, { ...OPTIONS, baseUrl: 'https://oqu.example.org' }),
      certificatePdfKey(DATA, { ...OPTIONS, signatoryName: 'Асқар Бекұлы' }),
      certificatePdfKey(DATA, { ...OPTIONS, logo: { type: 'png', bytes: PNG } }),
      certificatePdfKey(DATA, { ...OPTIONS, logo: { type: 'png', bytes: Buffer.concat([PNG, Buffer.from([0])]) } }),
    ];
    const keys = await Promise.all(variants);
    expect(new Set([base, ...keys]).size).toBe(keys.length + 1);
  });

  it('is refused for a PDF with wording of its own, which the key cannot cover', async () => {
    await expect(certificatePdfKey(DATA, { ...OPTIONS, text: () => 'x' })).rejects.toThrow(/own wording/);
  });
});

describe('the cache folder', () => {
  it('is OQU_CACHE_DIR (absolute or from the project root), else data/cache', () => {
    expect(resolveCacheDir('/srv/oqu', {})).toBe('/srv/oqu/data/cache');
    expect(resolveCacheDir('/srv/oqu', { OQU_CACHE_DIR: 'var/cache' })).toBe('/srv/oqu/var/cache');
    expect(resolveCacheDir('/srv/oqu', { OQU_CACHE_DIR: '/var/cache/oqu' })).toBe('/var/cache/oqu');
  });
});

describe('two processes on one folder', () => {
  it('50 simultaneous first requests, half on each: identical bytes, one render each at most, one file', async () => {
    const folder = join(dir, 'race');
    const caches = [new CertificatePdfCache(folder), new CertificatePdfCache(folder)];
    const key = await certificatePdfKey(DATA, OPTIONS);
    let renders = 0;
    const counted = async () => {
      renders += 1;
      return render()();
    };
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => caches[i % 2]!.get(DATA.code, key, counted)),
    );
    expect(renders).toBeLessThanOrEqual(2);
    const first = Buffer.from(answers[0]!.bytes);
    expect(answers.every((a) => Buffer.from(a.bytes).equals(first))).toBe(true);
    expect(filesOf(caches[0]!, DATA.code)).toEqual([`${key}.pdf`]);
    expect(readFileSync(caches[0]!.path(DATA.code, key)).equals(first)).toBe(true);
    // A third process starting now reads the file and renders nothing.
    const later = await new CertificatePdfCache(folder).get(DATA.code, key, counted);
    expect([later.source, renders <= 2]).toEqual(['disk', true]);
  });
});

describe('one cache', () => {
  it('replaces the file of an old key, renders a file cut short again, and forgets a code', async () => {
    const cache = new CertificatePdfCache(join(dir, 'one'));
    const oldKey = await certificatePdfKey(DATA, OPTIONS);
    const changed = { ...DATA, hours: 30 };
    const newKey = await certificatePdfKey(changed, OPTIONS);
    expect((await cache.get(DATA.code, oldKey, render())).source).toBe('rendered');
    expect((await cache.get(DATA.code, oldKey, render())).source).toBe('memory');
    expect((await cache.get(DATA.code, newKey, render(changed))).source).toBe('rendered');
    expect(filesOf(cache, DATA.code)).toEqual([`${newKey}.pdf`]);

    const whole = readFileSync(cache.path(DATA.code, newKey));
    writeFileSync(cache.path(DATA.code, newKey), whole.subarray(0, whole.length >> 1));
    const fresh = new CertificatePdfCache(join(dir, 'one'));
    const again = await fresh.get(DATA.code, newKey, render(changed));
    expect(again.source).toBe('rendered');
    expect(readFileSync(cache.path(DATA.code, newKey)).equals(whole)).toBe(true);

    await fresh.forget(DATA.code);
    expect(() => readdirSync(cache.folder(DATA.code))).toThrow(/ENOENT/);
    expect((await fresh.get(DATA.code, newKey, render(changed))).source).toBe('rendered');
  });
});
