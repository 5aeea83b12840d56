/**
 * Bilingual certificates (decision 048) as issued and printed: the site's `certificate.languages`
 * decides the editions stored with the certificate, and the stored certificate's PDF, read back
 * with poppler, carries both texts on one page (Kazakh and English, Kazakh and Russian), or
 * Kazakh alone for a Kazakh holder.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateEditions, certificateSubject, issuerSnapshot } from '#lib/certificates/award.server.ts';
import { findCertificate, issueCertificate } from '#lib/certificates/certificates.server.ts';
import { certificateWordsFor } from '#lib/certificates/languages.ts';
import { renderStoredCertificate } from '#lib/certificates/render.server.ts';
import { hostSigningKeys } from '#lib/certificates/signing.server.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { parseSiteConfig, type SiteConfig } from '#lib/site/config.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { makeUser } from './fixtures.ts';
import { learningCourse, testSite, useTemporarySigningKeys } from './learning-course.ts';

const TITLE = {
  kk: 'Әлеуметтік кәсіпкерлік негіздері',
  ru: 'Основы социального предпринимательства',
  en: 'Foundations of social entrepreneurship',
};
const COMPETENCIES = [
  { kk: 'Әлеуметтік әсерді өлшеу', ru: 'Измерение социального эффекта', en: 'Measuring social impact' },
  { kk: 'Қатысымдық жобалау', ru: 'Партисипативное проектирование', en: 'Participatory design' },
];

let t: TestDatabase;
let dir: string;
beforeAll(async () => {
  useTemporarySigningKeys();
  t = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'oqu-bilingual-'));
});
afterAll(async () => {
  await t?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const course = (() => {
  const c = structuredClone(learningCourse('social-business'));
  c.data.title = TITLE;
  return c;
})();

/** Issues a certificate to a new holder of `locale` as `site` says, and returns its PDF's text. */
async function issueAndRead(site: SiteConfig, locale: Locale, competencies = COMPETENCIES) {
  const user = await makeUser(t.db);
  const holder = { id: user.id, email: user.email, displayName: 'Әлия Нұрланова', locale };
  const editions = certificateEditions(site, locale, course.data.title, competencies);
  const { certificate } = await issueCertificate(
    t.db,
    {
      ...certificateSubject(holder, course, undefined, site.baseUrl),
      competencies: competencies.map((c) => c[locale]),
      editions,
    },
    issuerSnapshot(site, locale),
    (await hostSigningKeys()).current,
    new Date('2026-11-27T10:00:00Z'),
  );
  const stored = (await findCertificate(t.db, certificate.code))!;
  const file = join(dir, `${certificate.code}.pdf`);
  writeFileSync(file, await renderStoredCertificate(stored, site));
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  const pages = execFileSync('pdfinfo', [file], { encoding: 'utf8' }).match(/Pages:\s+(\d+)/)?.[1];
  return { stored, text: text.split(/\s+/).join(' '), pages };
}

describe('bilingual certificates', () => {
  it('prints Kazakh and English for an English holder by default, on one page', async () => {
    expect(testSite.certificate.languages).toEqual(['kk', 'holder']);
    const { stored, text, pages } = await issueAndRead(testSite, 'en');
    expect(stored.editions?.map((e) => e.locale)).toEqual(['kk', 'en']);
    expect(pages).toBe('1');
    for (const phrase of [
      TITLE.kk,
      TITLE.en,
      'Қалалық даму орталығы / City Development Centre',
      'Көлемі: 4 сағат / Duration: 4 hours',
      'Бағдарлама жетекшісі / Programme Director',
      `Расталған құзыреттер: ${COMPETENCIES.map((c) => c.kk).join(' · ')}`,
      `Competencies demonstrated: ${COMPETENCIES.map((c) => c.en).join(' · ')}`,
      'Әлия Нұрланова',
      stored.code,
    ])
      expect(text).toContain(phrase);
    // Kazakh on top: its title comes before the English one.
    expect(text.indexOf(TITLE.kk)).toBeLessThan(text.indexOf(TITLE.en));
    expect(text.split('Әлия Нұрланова')).toHaveLength(2);
    // The verify page reads it in the visitor's language, the holder's for a Russian visitor.
    expect(certificateWordsFor(stored, 'kk').courseTitle).toBe(TITLE.kk);
    expect(certificateWordsFor(stored, 'ru').courseTitle).toBe(TITLE.en);
  });

  it('prints Kazakh and Russian for a Russian holder, a dozen competencies each still on one page', async () => {
    const many = [...COMPETENCIES, ...COMPETENCIES, ...COMPETENCIES, ...COMPETENCIES, ...COMPETENCIES, ...COMPETENCIES];
    const { stored, text, pages } = await issueAndRead(testSite, 'ru', many);
    expect(stored.editions?.map((e) => e.locale)).toEqual(['kk', 'ru']);
    expect(pages).toBe('1');
    expect(text).toContain(TITLE.kk);
    expect(text).toContain(TITLE.ru);
    expect(text).toContain('Берілген күні / Дата выдачи');
    expect(text).toContain(`Подтверждённые компетенции: ${many.map((c) => c.ru).join(' · ')}`);
    expect(text).toContain(`Расталған құзыреттер: ${many.map((c) => c.kk).join(' · ')}`);
  });

  it('prints Kazakh alone for a Kazakh holder, and keeps the columns as before', async () => {
    const { stored, text, pages } = await issueAndRead(testSite, 'kk');
    expect(stored.editions).toBeNull();
    expect(pages).toBe('1');
    expect(text).toContain(TITLE.kk);
    expect(text).not.toContain(TITLE.en);
    expect(text).not.toContain(' / ');
    expect(text).toContain('Көлемі: 4 сағат');
  });

  it('follows the configured languages: [kk, ru] for an English holder, [holder] as before', async () => {
    const raw = (languages: string[]) =>
      parseSiteConfig({ ...structuredClone(testSite), certificate: { ...testSite.certificate, languages } }, 'test');
    const kkRu = await issueAndRead(raw(['kk', 'ru']), 'en');
    expect(kkRu.stored.editions?.map((e) => e.locale)).toEqual(['kk', 'ru']);
    expect(kkRu.text).toContain(TITLE.ru);
    expect(kkRu.text).not.toContain(TITLE.en);
    const own = await issueAndRead(raw(['holder']), 'en');
    expect(own.stored.editions).toBeNull();
    expect(own.text).toContain(TITLE.en);
    expect(own.text).not.toContain(TITLE.kk);
    expect(() => raw(['kk', 'ru', 'en'])).toThrow(/at most two languages/);
    expect(() => raw(['kz'])).toThrow(/certificate\.languages/);
  });
});
