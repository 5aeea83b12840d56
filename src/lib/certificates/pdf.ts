/**
 * The printable certificate: one A4 landscape page drawn with pdf-lib from the pure layout in
 * certificate-layout.ts. Text is real text in subset DejaVu fonts (selectable, searchable,
 * every Kazakh letter); the QR code is vector squares. A typical certificate is ~30 KB and
 * takes ~7 ms once the fonts are loaded (bench/certificates.ts).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import {
  PDFDocument,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  fill,
  grayscale,
  popGraphicsState,
  pushGraphicsState,
  setFillingGrayscaleColor,
  type PDFFont,
  type PDFImage,
  type PDFPage,
} from 'pdf-lib';
import type { Locale } from '#lib/i18n/locales.ts';
import { localize, type SiteConfig } from '#lib/site/config.ts';
import {
  layoutCertificate,
  PAGE_HEIGHT,
  PAGE_WIDTH,
  type CertificateLayout,
  type CertificateTexts,
  type SecondLanguageTexts,
} from './certificate-layout.ts';
import { layoutBilingualCertificate } from './bilingual-layout.ts';
import { cachingFontkit, embedSubsetFont, loadCertificateFonts, type CertificateFontName } from './fonts.ts';
import { loadCertificateLogo, type CertificateLogo } from './logo.ts';
import { qrMatrix } from './qr.ts';
import { certificateText, formatHours, formatIssueDate, type CertificateMessageKey } from './texts.ts';
import { KAZAKHSTAN_TIME_ZONE, LANGUAGE_TAGS } from '#lib/time/dates.ts';
import { certificateUrls } from './urls.ts';

/** What one certificate says. */
export interface CertificatePdfData {
  /** Canonical certificate code, XXXX-XXXX-XXXX. */
  code: string;
  /** The holder's name as it appears on the certificate (a snapshot, NFC). */
  holderName: string;
  /** The course title in the certificate's language. */
  courseTitle: string;
  /** Study hours the course is worth. */
  hours: number;
  issuedAt: Date;
  /** The certificate's language: labels, date format and PDF /Lang. */
  locale: Locale;
  /** The competencies the holder demonstrated, titles in the certificate's language (decision 035). */
  competencies?: readonly string[];
  /** A programme certificate (decision 047): "completed the programme" instead of "the course". */
  programme?: boolean;
  /** The certificate's second language, printed under the first (decision 048). */
  second?: CertificateSecondLanguage;
}

/** The words of a bilingual certificate's second language; partner and signatory title as the options' unless told. */
export interface CertificateSecondLanguage {
  locale: Locale;
  courseTitle: string;
  competencies?: readonly string[];
  partnerName?: string;
  signatoryTitle?: string;
}

/** Who issues it and how; usually from `certificatePdfOptions(site, locale, publicDir)`. */
export interface CertificatePdfOptions {
  /** Public site address without trailing slash; the QR code points at `${baseUrl}/verify/${code}`. */
  baseUrl: string;
  /** The issuing partner, in the certificate's language. */
  partnerName: string;
  signatoryName: string;
  signatoryTitle: string;
  /** PNG or JPEG logo, from `loadCertificateLogo`; none when absent or unsupported (SVG). */
  logo?: CertificateLogo | null;
  /** Time zone of the printed date; Asia/Almaty unless told. */
  timeZone?: string;
  /** Where the labels come from; the pending certificate dictionaries unless told. */
  text?: (key: CertificateMessageKey, params?: Record<string, string | number>) => string;
}

/** Renders one certificate to PDF bytes. */
export async function renderCertificatePdf(
  data: CertificatePdfData,
  options: CertificatePdfOptions,
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(cachingFontkit);
  useNativeDeflate(pdf);
  const bytes = loadCertificateFonts();
  const fonts: Record<CertificateFontName, PDFFont> = {
    sans: await embedSubsetFont(pdf, bytes.sans, subsetName('DejaVuSans', data.code)),
    sansBold: await embedSubsetFont(pdf, bytes.sansBold, subsetName('DejaVuSans-Bold', data.code)),
    serifBold: await embedSubsetFont(pdf, bytes.serifBold, subsetName('DejaVuSerif-Bold', data.code)),
  };
  const image = options.logo ? await embedLogo(pdf, options.logo) : undefined;
  const texts = certificateTexts(data, options);
  const size = image ? { width: image.width, height: image.height } : undefined;
  const layout = texts.second
    ? layoutBilingualCertificate(fonts, { ...texts, second: texts.second }, size)
    : layoutCertificate(fonts, texts, size);

  const page = pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
  drawLayout(page, layout, fonts, image);
  drawQr(page, layout, texts.verifyUrl);
  setMetadata(pdf, data, options, texts);
  // Object streams would save ~3 KB but cost ~1.5 ms of pako compression; yielding to the event
  // loop every 50 objects only adds latency to a one-page document.
  return pdf.save({ objectsPerTick: Infinity, useObjectStreams: false });
}

/** The strings of one certificate in its language, and in its second language when it has one. */
export function certificateTexts(data: CertificatePdfData, options: CertificatePdfOptions): CertificateTexts {
  const t = options.text ?? ((key, params) => certificateText(data.locale, key, params));
  const timeZone = options.timeZone ?? KAZAKHSTAN_TIME_ZONE;
  const texts: CertificateTexts = {
    ...translatedTexts(data.locale, t, data, options, timeZone),
    holderName: data.holderName.normalize('NFC'),
    signatoryName: options.signatoryName,
    verifyUrl: certificateUrls(options.baseUrl, data.code).verify,
    code: data.code,
  };
  const second = data.second;
  if (!second || second.locale === data.locale) return texts;
  const t2: typeof t = (key, params) => certificateText(second.locale, key, params);
  const other = {
    ...data,
    courseTitle: second.courseTitle,
    competencies: second.competencies,
  };
  const otherOptions = {
    ...options,
    partnerName: second.partnerName ?? options.partnerName,
    signatoryTitle: second.signatoryTitle ?? options.signatoryTitle,
  };
  return { ...texts, second: translatedTexts(second.locale, t2, other, otherOptions, timeZone) };
}

/** The words of the certificate that change with the language. */
function translatedTexts(
  locale: Locale,
  t: (key: CertificateMessageKey, params?: Record<string, string | number>) => string,
  data: Pick<CertificatePdfData, 'courseTitle' | 'hours' | 'competencies' | 'issuedAt' | 'programme'>,
  options: Pick<CertificatePdfOptions, 'partnerName' | 'signatoryTitle'>,
  timeZone: string,
): SecondLanguageTexts {
  return {
    partnerName: options.partnerName,
    title: t('certificate.pdf.title'),
    certifies: t('certificate.pdf.certifies'),
    completed: t(data.programme ? 'certificate.pdf.completed_programme' : 'certificate.pdf.completed'),
    courseTitle: data.courseTitle.normalize('NFC'),
    duration: t('certificate.pdf.duration', { hours: formatHours(data.hours, locale) }),
    competencies: data.competencies?.length
      ? t('certificate.pdf.competencies', { list: data.competencies.map((c) => c.normalize('NFC')).join(' · ') })
      : '',
    issueDate: formatIssueDate(data.issuedAt, locale, timeZone),
    issuedOnLabel: t('certificate.pdf.issued_on'),
    signatoryTitle: options.signatoryTitle,
    verifyAt: t('certificate.pdf.verify_at'),
    codeLabel: t('certificate.pdf.code'),
  };
}

/**
 * Options from the site configuration for a certificate in `locale`. `publicDir` is where the
 * configured logo lives (public/); an SVG logo is used only if a PNG or JPEG of the same name
 * sits beside it, because pdf-lib cannot embed SVG.
 */
export function certificatePdfOptions(site: SiteConfig, locale: Locale, publicDir?: string): CertificatePdfOptions {
  return {
    baseUrl: site.baseUrl,
    partnerName: localize(site.partner.name, locale),
    signatoryName: site.certificate.signatoryName,
    signatoryTitle: localize(site.certificate.signatoryTitle, locale),
    logo: publicDir && site.logo ? loadCertificateLogo(join(publicDir, site.logo)) : null,
  };
}

/**
 * pdf-lib compresses streams (font files, ToUnicode maps) with pako, in JavaScript; Node's
 * zlib makes the same FlateDecode data about three times faster. Only this document's
 * context is changed.
 */
function useNativeDeflate(pdf: PDFDocument): void {
  const context = pdf.context;
  context.flateStream = (contents, dict = {}) => {
    const bytes = typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents;
    return context.stream(deflateSync(bytes), { ...dict, Filter: 'FlateDecode' });
  };
}

/**
 * A subset font's PDF name: six capital letters, "+", the font's name (PDF 32000 §9.6.4), so
 * viewers and `pdffonts` know the font is a subset; pdf-lib only appends a number. The letters
 * come from the certificate's code and the font, not chance, so the same certificate always
 * gives the same bytes (its cached copy and ETag depend on that, decision 059).
 */
function subsetName(postscriptName: string, code: string): string {
  const digest = createHash('sha256').update(`${code}\n${postscriptName}`).digest();
  const letters = Array.from(digest.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26)));
  return `${letters.join('')}+${postscriptName}`;
}

async function embedLogo(pdf: PDFDocument, logo: CertificateLogo): Promise<PDFImage> {
  return logo.type === 'png' ? pdf.embedPng(logo.bytes) : pdf.embedJpg(logo.bytes);
}

function drawLayout(
  page: PDFPage,
  layout: CertificateLayout,
  fonts: Record<CertificateFontName, PDFFont>,
  image?: PDFImage,
): void {
  for (const frame of layout.frames) {
    const { left, bottom, right, top } = frame.box;
    page.drawRectangle({
      x: left,
      y: bottom,
      width: right - left,
      height: top - bottom,
      borderWidth: frame.thickness,
      borderColor: grayscale(0.2),
    });
  }
  for (const line of layout.lines) {
    page.drawLine({
      start: { x: line.x1, y: line.y1 },
      end: { x: line.x2, y: line.y2 },
      thickness: line.thickness,
      color: grayscale(0.2),
    });
  }
  for (const item of layout.texts) {
    page.drawText(item.text, {
      x: item.x,
      y: item.y,
      size: item.size,
      font: fonts[item.font],
      color: grayscale(item.gray),
    });
  }
  if (image && layout.logo) {
    const { left, bottom, right, top } = layout.logo;
    page.drawImage(image, { x: left, y: bottom, width: right - left, height: top - bottom });
  }
}

/** The QR code as filled rectangles in one path: one operator per run of dark modules. */
function drawQr(page: PDFPage, layout: CertificateLayout, url: string): void {
  const matrix = qrMatrix(url);
  const { left, top, right } = layout.qr;
  const module = (right - left) / matrix.size;
  const n = (value: number): PDFNumber => PDFNumber.of(Math.round(value * 1000) / 1000);
  const operators: PDFOperator[] = [pushGraphicsState(), setFillingGrayscaleColor(0)];
  for (const run of matrix.runs) {
    const x = left + run.col * module;
    const y = top - (run.row + 1) * module;
    operators.push(PDFOperator.of(PDFOperatorNames.AppendRectangle, [n(x), n(y), n(run.length * module), n(module)]));
  }
  operators.push(fill(), popGraphicsState());
  page.pushOperators(...operators);
}

function setMetadata(
  pdf: PDFDocument,
  data: CertificatePdfData,
  options: CertificatePdfOptions,
  texts: CertificateTexts,
): void {
  pdf.setTitle(`${texts.title}: ${texts.holderName}`, { showInWindowTitleBar: true });
  pdf.setAuthor(options.partnerName);
  pdf.setSubject(texts.courseTitle);
  pdf.setKeywords([data.code, texts.verifyUrl]);
  pdf.setCreator('Oqu');
  pdf.setProducer('Oqu (pdf-lib)');
  pdf.setLanguage(LANGUAGE_TAGS[data.locale]);
  pdf.setCreationDate(data.issuedAt);
  pdf.setModificationDate(data.issuedAt);
}
