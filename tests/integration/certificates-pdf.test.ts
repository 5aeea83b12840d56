/**
 * Certificates as a reader and an employer meet them: the PDF's text as poppler extracts it,
 * the QR code as a phone would decode it from a 100 dpi raster, and the fonts as embedded.
 * Needs poppler-utils (pdftotext, pdftoppm, pdffonts, pdfimages).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PDFDocument, PDFName } from 'pdf-lib';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutCertificate, PAGE_HEIGHT, PAGE_WIDTH, SAFE_INSET } from '#lib/certificates/certificate-layout.ts';
import { fontMeasurer } from '#lib/certificates/fonts.ts';
import { loadCertificateLogo } from '#lib/certificates/logo.ts';
import {
  certificatePdfOptions,
  certificateTexts,
  renderCertificatePdf,
  type CertificatePdfData,
  type CertificatePdfOptions,
} from '#lib/certificates/pdf.ts';
import { parseSiteConfig } from '#lib/site/config.ts';

const POPPLER = ['pdftotext', 'pdftoppm', 'pdffonts', 'pdfimages'];
const HOLDER = 'Әлия Қасымқызы Нұрланова';
const TITLES = {
  kk: 'Әлеуметтік кәсіпкерлік негіздері',
  ru: 'Основы социального предпринимательства',
  en: 'Foundations of social entrepreneurship',
} as const;
const LONG_NAME =
  'Гүлнәзира Өтегенқызы Құдайбергенова-Сәрсенбаева Әбдірахманқызы Жұмабайқызы Ысқақова Үмбетәліқызы Һәкімова Ілиясқызы';
const LONG_TITLE =
  'Әлеуметтік кәсіпкерлік негіздері: қауымдастықтағы өзгерістерге арналған бизнес-модельдер, қаржыландыру және ' +
  'әсерді өлшеу курсы';

const options: CertificatePdfOptions = {
  baseUrl: 'https://oqu.example.kz',
  partnerName: 'Қалалық даму орталығы',
  signatoryName: 'Айгерім Сейітова',
  signatoryTitle: 'Бағдарлама жетекшісі',
};

let dir: string;

function run(tool: string, args: string[]): string {
  return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function renderTo(
  name: string,
  data: Partial<CertificatePdfData>,
  extra: Partial<CertificatePdfOptions> = {},
): Promise<string> {
  const pdf = await renderCertificatePdf(
    {
      code: '7K3M-Q9XD-2HFT',
      holderName: HOLDER,
      courseTitle: TITLES.kk,
      hours: 24,
      issuedAt: new Date('2026-11-27T10:00:00Z'),
      locale: 'kk',
      ...data,
    },
    { ...options, ...extra },
  );
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

/** Rasterises page 1 at `dpi` and decodes the first QR code found. */
function decodeQr(file: string, dpi: number): string | null {
  const prefix = join(dir, `${file.split('/').pop()}-${dpi}`);
  run('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file, prefix]);
  const png = PNG.sync.read(readFileSync(`${prefix}.png`));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);

beforeAll(() => {
  for (const tool of POPPLER) {
    try {
      execFileSync(tool, ['-v'], { stdio: 'ignore' });
    } catch {
      throw new Error(
        `${tool} is missing: these tests read the PDFs with poppler. Install poppler-utils (Debian: apt-get install ` +
          `-y poppler-utils) and run them again.`,
      );
    }
  }
  dir = mkdtempSync(join(tmpdir(), 'oqu-certificates-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('certificate PDF', () => {
  it.each(Object.entries(TITLES))('in %s: the exact name and course title come back as text', async (locale, title) => {
    const file = await renderTo(`cert-${locale}`, { locale: locale as 'kk', courseTitle: title });
    const text = run('pdftotext', ['-enc', 'UTF-8', file, '-']);
    expect(text).toContain(HOLDER);
    expect(text).toContain(title);
    expect(text).toContain('7K3M-Q9XD-2HFT');
    expect(text).toContain('https://oqu.example.kz/verify/7K3M-Q9XD-2HFT');
    expect(text).toContain('Айгерім Сейітова');
    expect(text).toContain(locale === 'ru' ? '24 часа' : locale === 'en' ? '24 hours' : '24 сағат');
    expect(text).toContain(
      locale === 'ru' ? '27 ноября 2026 г.' : locale === 'en' ? 'November 27, 2026' : '2026 ж. 27 қараша',
    );
  });

  it('lists the competencies demonstrated in its language, twelve of them still on the page with the QR', async () => {
    const competencies = ['Әлеуметтік әсерді өлшеу', 'Қатысымдық жобалау', 'Қаланың ашық деректері'];
    const few = await renderTo('competencies', { competencies });
    const text = words(run('pdftotext', ['-enc', 'UTF-8', few, '-'])).join(' ');
    expect(text).toContain(`Расталған құзыреттер: ${competencies.join(' · ')}`);
    const many = await renderTo('competencies-many', {
      competencies: [...competencies, ...competencies, ...competencies, ...competencies],
    });
    expect(words(run('pdftotext', ['-enc', 'UTF-8', many, '-'])).join(' ')).toContain(competencies.join(' · '));
    expect(run('pdfinfo', [many])).toMatch(/Pages:\s+1\n/);
    expect(decodeQr(many, 100)).toBe('https://oqu.example.kz/verify/7K3M-Q9XD-2HFT');
    const none = await renderTo('competencies-none', {});
    expect(run('pdftotext', ['-enc', 'UTF-8', none, '-'])).not.toContain('Расталған құзыреттер');
  });

  it('keeps every Kazakh letter, capitals too, through embedding and extraction', async () => {
    const alphabet = 'Әә Ғғ Ққ Ңң Өө Ұұ Үү Һһ Іі';
    const file = await renderTo('alphabet', { holderName: alphabet, courseTitle: `${alphabet} курсы` });
    expect(run('pdftotext', ['-enc', 'UTF-8', file, '-'])).toContain(alphabet);
  });

  it('carries a QR code that decodes to the verify URL at 100 dpi', async () => {
    const file = await renderTo('qr', { locale: 'ru', courseTitle: TITLES.ru });
    expect(decodeQr(file, 100)).toBe('https://oqu.example.kz/verify/7K3M-Q9XD-2HFT');
  });

  it('embeds subset fonts with Unicode maps, and nothing else', async () => {
    const file = await renderTo('fonts', { locale: 'en', courseTitle: TITLES.en });
    const rows = run('pdffonts', [file]).trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) {
      const [name, ...rest] = row.trim().split(/\s+/);
      expect(name).toMatch(/^[A-Z]{6}\+DejaVu/);
      // columns: type... encoding emb sub uni object ID
      expect(rest.slice(-5, -2)).toEqual(['yes', 'yes', 'yes']);
    }
  });

  it('is small, titled, attributed and tagged with its language', async () => {
    const file = await renderTo('meta', { locale: 'ru', courseTitle: TITLES.ru });
    const bytes = readFileSync(file);
    expect(bytes.length).toBeLessThan(60 * 1024);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(1);
    const { width, height } = doc.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([842, 595]);
    expect(doc.getTitle()).toBe(`Сертификат о прохождении курса: ${HOLDER}`);
    expect(doc.getAuthor()).toBe('Қалалық даму орталығы');
    expect(doc.getSubject()).toBe(TITLES.ru);
    expect(doc.getCreator()).toBe('Oqu');
    expect(doc.catalog.get(PDFName.of('Lang'))?.toString()).toBe('(ru-KZ)');
  });

  it('fits a 120-character name and a long title inside the page, every word intact', async () => {
    expect(LONG_NAME.length).toBeGreaterThanOrEqual(110);
    expect(LONG_TITLE.length).toBeGreaterThanOrEqual(120);
    const data: CertificatePdfData = {
      code: '7K3M-Q9XD-2HFT',
      holderName: LONG_NAME,
      courseTitle: LONG_TITLE,
      hours: 24,
      issuedAt: new Date(),
      locale: 'kk',
    };
    const fonts = {
      sans: fontMeasurer('sans'),
      sansBold: fontMeasurer('sansBold'),
      serifBold: fontMeasurer('serifBold'),
    };
    const layout = layoutCertificate(fonts, certificateTexts(data, options));
    for (const t of layout.texts) {
      const w = fonts[t.font].widthOfTextAtSize(t.text, t.size);
      expect(t.x).toBeGreaterThanOrEqual(SAFE_INSET);
      expect(t.x + w).toBeLessThanOrEqual(PAGE_WIDTH - SAFE_INSET);
      expect(t.y - 0.24 * t.size).toBeGreaterThanOrEqual(SAFE_INSET);
      expect(t.y + 0.93 * t.size).toBeLessThanOrEqual(PAGE_HEIGHT - SAFE_INSET);
    }
    expect(layout.blocks.some((b) => b.truncated)).toBe(false);

    const file = await renderTo('long', data);
    const text = run('pdftotext', ['-enc', 'UTF-8', file, '-']);
    for (const word of [...words(LONG_NAME), ...words(LONG_TITLE)]) expect(text).toContain(word);
    expect(decodeQr(file, 100)).toBe('https://oqu.example.kz/verify/7K3M-Q9XD-2HFT');
  });

  it('draws a PNG or JPEG logo, and skips an SVG with no raster twin', async () => {
    const png = loadCertificateLogo(join(import.meta.dirname, '../fixtures/certificates/logo.png'));
    expect(png?.type).toBe('png');
    const withPng = await renderTo('logo-png', {}, { logo: png });
    const types = run('pdfimages', ['-list', withPng])
      .trim()
      .split('\n')
      .slice(2)
      .map((row) => row.trim().split(/\s+/)[2]);
    expect(types).toEqual(['image', 'smask']); // the logo and its transparency

    run('pdftoppm', ['-jpeg', '-r', '20', '-singlefile', withPng, join(dir, 'logo')]);
    const jpeg = loadCertificateLogo(join(dir, 'logo.jpg'));
    expect(jpeg?.type).toBe('jpeg');
    const withJpeg = await renderTo('logo-jpeg', {}, { logo: jpeg });
    expect(run('pdfimages', ['-list', withJpeg])).toMatch(/jpeg/);
    expect(run('pdftotext', ['-enc', 'UTF-8', withJpeg, '-'])).toContain(HOLDER);

    writeFileSync(join(dir, 'brand.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(loadCertificateLogo(join(dir, 'brand.svg'))).toBeNull();
    writeFileSync(join(dir, 'twin.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dir, 'twin.png'), readFileSync(join(import.meta.dirname, '../fixtures/certificates/logo.png')));
    expect(loadCertificateLogo(join(dir, 'twin.svg'))?.type).toBe('png');
  });

  it('takes partner, signatory and logo from the site configuration', async () => {
    const site = parseSiteConfig(
      {
        name: 'Oqu',
        region: 'Алматы',
        partner: {
          name: { kk: 'Қалалық даму орталығы', ru: 'Центр городского развития', en: 'City Development Centre' },
        },
        logo: '/branding/logo.svg',
        baseUrl: 'https://oqu.example.kz',
        locales: { default: 'kk', enabled: ['kk', 'ru', 'en'] },
        contact: { email: 'learning@example.org' },
        certificate: {
          signatoryName: 'Айгерім Сейітова',
          signatoryTitle: { kk: 'Бағдарлама жетекшісі', ru: 'Руководитель программы', en: 'Programme Director' },
        },
      },
      'test',
    );
    const publicDir = join(dir, 'public');
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(join(publicDir, 'branding'), { recursive: true });
    writeFileSync(join(publicDir, 'branding/logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    copyFileSync(join(import.meta.dirname, '../fixtures/certificates/logo.png'), join(publicDir, 'branding/logo.png'));
    const ru = certificatePdfOptions(site, 'ru', publicDir);
    expect(ru).toMatchObject({
      baseUrl: 'https://oqu.example.kz',
      partnerName: 'Центр городского развития',
      signatoryTitle: 'Руководитель программы',
    });
    expect(ru.logo?.type).toBe('png');
    const file = await renderTo('from-site', { locale: 'ru', courseTitle: TITLES.ru }, ru);
    const text = run('pdftotext', ['-enc', 'UTF-8', file, '-']);
    expect(text).toContain('Центр городского развития');
    expect(text).toContain('Руководитель программы');
    expect(certificatePdfOptions(site, 'en').logo).toBeNull();
  });

  it('renders the same text the same way every time (fonts shared across documents)', async () => {
    // Fonts are parsed once per process; a later document must not lose letters an earlier
    // one used (Cyrillic е is drawn from Latin e: see fonts.ts).
    await renderTo('warm-kk', { locale: 'kk' });
    const file = await renderTo('after-kk', { locale: 'en', courseTitle: TITLES.en, holderName: 'Aliya Nurlanova' });
    const text = run('pdftotext', ['-enc', 'UTF-8', file, '-']);
    expect(text).toContain('Certificate of completion');
    expect(text).toContain('Foundations of social entrepreneurship');
    expect(text).toContain('Check that this certificate is genuine:');
    expect(readdirSync(dir).length).toBeGreaterThan(0);
  });
});
