/**
 * Names on certificates: a name is accepted only in scripts the certificate font prints
 * (docs/decisions/015-certificate-names-and-holder-identity.md). For every script accepted, a
 * certificate is rendered and read back with pdftotext, and every character of the name has a
 * glyph in the font that sets it; every character the rule lets through has one too (checked
 * over the whole Basic Multilingual Plane). Arabic-script and Chinese names, which would
 * print as empty boxes, are refused everywhere a name is set: registration and profile (one
 * schema), and the cohort CSV import.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayNameSchema, profileSchema, registrationSchema } from '#lib/auth/user-input.ts';
import { loadCertificateFonts, type CertificateFontName } from '#lib/certificates/fonts.ts';
import { PRINTABLE_NAME } from '#lib/certificates/name-script.ts';
import { renderCertificatePdf } from '#lib/certificates/pdf.ts';
import { parseTraineeCsv } from '#lib/cohorts/csv-import.ts';

/** One name per accepted script, with the letters that are easiest to lose. */
const ACCEPTED = {
  'Kazakh (Cyrillic)': 'Әлия Қасымқызы Нұрланова-Үмбетова Ғ Ң Ө Ұ Һ І',
  'Kazakh (Latin, 2021)': 'Älia Ğalymqyzy Şäkenova-Ñūrlanova Ömirzaq Ülken İzbasar Qyzylbaıqyzy Ūlpan',
  Russian: 'Ёлкина Юлия Щербакова-Эйхе',
  'Latin with diacritics': "Zoë O'Brien-Łukasiewicz Ñúñez Nguyễn Thị Ánh",
  Greek: 'Αλεξάνδρα Παπαδοπούλου',
  'Uzbek and Kyrgyz (Cyrillic)': 'Ўткир Ҳамидов Өмүрбек Үсөнов',
} as const;
const REFUSED = {
  'Kazakh (Arabic script)': 'ءالياسقار نۇرلانۇلى',
  Chinese: '王小明',
  'Latin with a Chinese nickname': 'Wang 小明',
  Emoji: 'Aliya 🎓',
} as const;

const font = (name: CertificateFontName) => fontkit.create(loadCertificateFonts()[name]);
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'oqu-names-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('an accepted name prints', () => {
  it.each(Object.entries(ACCEPTED))(
    '%s: accepted, every letter has a glyph, and pdftotext reads it back',
    async (script, name) => {
      expect(displayNameSchema.safeParse(name)).toMatchObject({ success: true, data: name });
      const serif = font('serifBold');
      const missing = [...name].filter((c) => !serif.hasGlyphForCodePoint(c.codePointAt(0)!));
      expect(missing, script).toEqual([]);
      const pdf = await renderCertificatePdf(
        {
          code: '7K3M-Q9XD-2HFT',
          holderName: name,
          courseTitle: 'Urbanism',
          hours: 8,
          issuedAt: new Date('2026-11-27T10:00:00Z'),
          locale: 'en',
        },
        {
          baseUrl: 'https://oqu.example.kz',
          partnerName: 'Partner',
          signatoryName: 'Signatory',
          signatoryTitle: 'Director',
        },
      );
      const file = join(dir, `${script.replace(/\W+/g, '-')}.pdf`);
      writeFileSync(file, pdf);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      expect(text.replace(/\s+/g, ' ')).toContain(name);
    },
  );
});

describe('a name the font cannot print', () => {
  it.each(Object.entries(REFUSED))(
    '%s: lacks glyphs, and is refused with the message naming what is supported',
    (_, name) => {
      const serif = font('serifBold');
      expect([...name].some((c) => !serif.hasGlyphForCodePoint(c.codePointAt(0)!))).toBe(true);
      const parsed = displayNameSchema.safeParse(name);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((i) => i.message)).toContain('auth.error.name_script');
      expect(registrationSchema.safeParse({ name, email: 'a@example.kz', password: 'x', locale: 'kk' }).success).toBe(
        false,
      );
      expect(profileSchema.safeParse({ name }).success).toBe(false);
      const csv = parseTraineeCsv(`name,email,language\n${name},wang@example.kz,kk\n`, 'kk');
      expect(csv.rows).toEqual([]);
      expect(csv.errors).toMatchObject([{ line: 2, field: 'name', error: 'cohort.import.bad_name' }]);
    },
  );

  it('keeps the old message for control characters and names without letters', () => {
    expect(displayNameSchema.safeParse('Aliya\u200bNur').error?.issues[0]?.message).toBe('auth.error.name_invalid');
    expect(displayNameSchema.safeParse('12345').error?.issues[0]?.message).toBe('auth.error.name_invalid');
  });
});

it('every character the rule accepts has a glyph in each certificate font', () => {
  const fonts = (['serifBold', 'sans', 'sansBold'] as const).map((n) => [n, font(n)] as const);
  const gaps: string[] = [];
  let accepted = 0;
  for (let cp = 0; cp <= 0xffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const c = String.fromCodePoint(cp);
    if (!PRINTABLE_NAME.test(c)) continue;
    accepted++;
    for (const [name, f] of fonts)
      if (!f.hasGlyphForCodePoint(cp)) gaps.push(`U+${cp.toString(16).toUpperCase().padStart(4, '0')} in ${name}`);
  }
  expect(gaps).toEqual([]);
  expect(accepted).toBeGreaterThan(1000);
  expect(PRINTABLE_NAME.test('Әлия <b>')).toBe(true);
});
