/**
 * Where everything goes on an A4 landscape certificate: a pure function from the texts to
 * positioned items, so tests can check that nothing leaves the page or overlaps, and pdf.ts
 * only draws. Black on white with thin rules: it prints and photocopies in grey scale.
 *
 *   ┌──────────────────────────────────────────────────────────┐
 *   │ [logo]            Partner name                           │
 *   │               CERTIFICATE OF COMPLETION                  │
 *   │                  This certifies that                     │
 *   │                     Holder Name                          │
 *   │          has successfully completed the course           │
 *   │                     Course title                         │
 *   │                   Duration: 24 hours                     │
 *   │   27 Nov 2026     ___________        Verify at:   ▓▓▓▓   │
 *   │   Date of issue   Signatory name     url, code    ▓▓▓▓   │
 *   └──────────────────────────────────────────────────────────┘
 */
import { fitText, type FittedText, type TextMeasurer } from './layout.ts';
import type { CertificateFontName } from './fonts.ts';

/** A4 landscape in PDF points. */
export const PAGE_WIDTH = 841.89;
export const PAGE_HEIGHT = 595.28;
/** Everything drawn except the border stays inside this inset. */
export const SAFE_INSET = 40;

export const CENTER = PAGE_WIDTH / 2;
export const CONTENT_WIDTH = 700;
/** The QR code, bottom right, inside the safe inset. */
export const QR_BOX: Box = { left: 771.89 - 88, bottom: 48, right: 771.89, top: 136 };
const ASCENT = 0.93;

export interface Box {
  left: number;
  bottom: number;
  right: number;
  top: number;
}

export interface TextItem {
  text: string;
  /** Left end of the baseline. */
  x: number;
  y: number;
  size: number;
  font: CertificateFontName;
  /** 0 is black; labels are a dark grey that still photocopies. */
  gray: number;
}

export interface LineItem {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  thickness: number;
}

/** A named region (for tests and for drawing the logo and the QR code). */
export interface Block {
  name: string;
  box: Box;
  /** True when even the smallest size could not hold the text (it ends with "…"). */
  truncated?: boolean;
}

export interface CertificateLayout {
  texts: TextItem[];
  lines: LineItem[];
  /** The two border frames, outer then inner. */
  frames: { box: Box; thickness: number }[];
  blocks: Block[];
  qr: Box;
  logo?: Box;
}

/** The strings to place, already in the certificate's language. */
export interface CertificateTexts {
  partnerName: string;
  title: string;
  certifies: string;
  holderName: string;
  completed: string;
  courseTitle: string;
  duration: string;
  /** "Competencies demonstrated: …", or '' for none (decision 035). */
  competencies?: string;
  issueDate: string;
  issuedOnLabel: string;
  signatoryName: string;
  signatoryTitle: string;
  verifyAt: string;
  verifyUrl: string;
  codeLabel: string;
  code: string;
  /** The same words in a second language, printed under the first (decision 048). */
  second?: SecondLanguageTexts;
}

/** What a bilingual certificate says again in its second language (names and the code are not translated). */
export type SecondLanguageTexts = Pick<
  CertificateTexts,
  | 'partnerName'
  | 'title'
  | 'certifies'
  | 'completed'
  | 'courseTitle'
  | 'duration'
  | 'competencies'
  | 'issueDate'
  | 'issuedOnLabel'
  | 'signatoryTitle'
  | 'verifyAt'
  | 'codeLabel'
>;

export type FontMeasurers = Record<CertificateFontName, TextMeasurer>;

/** Natural size of a logo image, to scale it into its box. */
export interface LogoSize {
  width: number;
  height: number;
}

type Align = 'center' | 'left' | 'right';

export interface Slot {
  name: string;
  text: string;
  font: CertificateFontName;
  /** Horizontal anchor: the centre, or the left or right edge, depending on `align`. */
  x: number;
  align: Align;
  top: number;
  width: number;
  maxSize: number;
  minSize: number;
  maxLines: number;
  /** Height reserved for the block; its lines are centred in it vertically. */
  maxHeight?: number;
  /** Take only the height the lines need (`maxHeight` then only limits it), for blocks that follow on. */
  tight?: boolean;
  spacing?: number;
  gray?: number;
}

/** Lays out a certificate; `logo` is the logo's natural size when there is one. */
export function layoutCertificate(fonts: FontMeasurers, t: CertificateTexts, logo?: LogoSize): CertificateLayout {
  const layout: CertificateLayout = {
    texts: [],
    lines: [],
    frames: [
      { box: inset(20), thickness: 1.2 },
      { box: inset(26), thickness: 0.4 },
    ],
    blocks: [],
    qr: { ...QR_BOX },
  };
  const place = (slot: Slot): number => placeSlot(layout, fonts, slot);

  if (logo) layout.logo = fitLogo(logo, { left: 46, bottom: 507, right: 166, top: 555 });
  place({
    name: 'partner',
    text: t.partnerName,
    font: 'sansBold',
    x: CENTER,
    align: 'center',
    top: 552,
    width: 480,
    maxSize: 13,
    minSize: 8,
    maxLines: 2,
  });
  place({
    name: 'title',
    text: t.title,
    font: 'serifBold',
    x: CENTER,
    align: 'center',
    top: 502,
    width: CONTENT_WIDTH,
    maxSize: 28,
    minSize: 14,
    maxLines: 1,
    maxHeight: 34,
  });
  layout.lines.push({ x1: CENTER - 40, y1: 462, x2: CENTER + 40, y2: 462, thickness: 0.75 });
  place({
    name: 'certifies',
    text: t.certifies,
    font: 'sans',
    x: CENTER,
    align: 'center',
    top: 450,
    width: CONTENT_WIDTH,
    maxSize: 13,
    minSize: 8,
    maxLines: 1,
  });
  place({
    name: 'holder',
    text: t.holderName,
    font: 'serifBold',
    x: CENTER,
    align: 'center',
    top: 426,
    width: CONTENT_WIDTH,
    maxSize: 32,
    minSize: 12,
    maxLines: 2,
    maxHeight: 80,
    spacing: 1.15,
  });
  place({
    name: 'completed',
    text: t.completed,
    font: 'sans',
    x: CENTER,
    align: 'center',
    top: 336,
    width: CONTENT_WIDTH,
    maxSize: 13,
    minSize: 8,
    maxLines: 1,
  });
  place({
    name: 'course',
    text: t.courseTitle,
    font: 'sansBold',
    x: CENTER,
    align: 'center',
    top: 312,
    width: CONTENT_WIDTH,
    maxSize: 22,
    minSize: 10,
    maxLines: 3,
    maxHeight: 84,
  });
  place({
    name: 'duration',
    text: t.duration,
    font: 'sans',
    x: CENTER,
    align: 'center',
    top: 220,
    width: CONTENT_WIDTH,
    maxSize: 12,
    minSize: 8,
    maxLines: 1,
  });
  // However many there are: smaller type and more lines down to 5.5 pt, above the footer band.
  if (t.competencies)
    place({
      name: 'competencies',
      text: t.competencies,
      font: 'sans',
      x: CENTER,
      align: 'center',
      top: 202,
      width: CONTENT_WIDTH,
      maxSize: 10,
      minSize: 5.5,
      maxLines: 5,
      maxHeight: 52,
      gray: 0.2,
    });

  layoutFooter(layout, place, t);
  return layout;
}

/** Date, signatory and verification: the bottom band. */
function layoutFooter(layout: CertificateLayout, place: (slot: Slot) => number, t: CertificateTexts): void {
  const rule = 100;
  place({
    name: 'date',
    text: t.issueDate,
    font: 'sansBold',
    x: 150,
    align: 'center',
    top: 120,
    width: 160,
    maxSize: 12,
    minSize: 8,
    maxLines: 1,
  });
  layout.lines.push({ x1: 80, y1: rule, x2: 220, y2: rule, thickness: 0.5 });
  place({
    name: 'date-label',
    text: t.issuedOnLabel,
    font: 'sans',
    x: 150,
    align: 'center',
    top: 94,
    width: 160,
    maxSize: 9,
    minSize: 7,
    maxLines: 1,
    gray: 0.3,
  });

  layout.lines.push({ x1: 260, y1: rule, x2: 440, y2: rule, thickness: 0.5 });
  const nameBottom = place({
    name: 'signatory',
    text: t.signatoryName,
    font: 'sansBold',
    x: 350,
    align: 'center',
    top: 94,
    width: 200,
    maxSize: 11,
    minSize: 7,
    maxLines: 1,
  });
  place({
    name: 'signatory-title',
    text: t.signatoryTitle,
    font: 'sans',
    x: 350,
    align: 'center',
    top: nameBottom,
    width: 200,
    maxSize: 9,
    minSize: 6.5,
    maxLines: 2,
    maxHeight: 22,
    gray: 0.3,
  });

  const right = layout.qr.left - 14;
  let top = 140;
  top = place({
    name: 'verify-at',
    text: t.verifyAt,
    font: 'sans',
    x: right,
    align: 'right',
    top,
    width: 200,
    maxSize: 8,
    minSize: 6.5,
    maxLines: 2,
    gray: 0.3,
  });
  top = place({
    name: 'verify-url',
    text: t.verifyUrl,
    font: 'sans',
    x: right,
    align: 'right',
    top,
    width: 200,
    maxSize: 8,
    minSize: 6,
    maxLines: 2,
  });
  top = place({
    name: 'code-label',
    text: t.codeLabel,
    font: 'sans',
    x: right,
    align: 'right',
    top: top - 4,
    width: 200,
    maxSize: 8,
    minSize: 6.5,
    maxLines: 1,
    gray: 0.3,
  });
  place({
    name: 'code',
    text: t.code,
    font: 'sansBold',
    x: right,
    align: 'right',
    top,
    width: 200,
    maxSize: 13,
    minSize: 9,
    maxLines: 1,
  });
  layout.blocks.push({ name: 'qr', box: layout.qr });
}

/** Fits one text into its slot, adds its lines and block, and returns the block's bottom. */
export function placeSlot(layout: CertificateLayout, fonts: FontMeasurers, slot: Slot): number {
  const fitted: FittedText = fitText(
    fonts[slot.font],
    slot.text,
    slot.width,
    slot.maxSize,
    slot.minSize,
    slot.maxLines,
    {
      lineSpacing: slot.spacing,
      maxHeight: slot.maxHeight,
    },
  );
  const reserved = slot.tight ? fitted.height : (slot.maxHeight ?? fitted.height);
  const first = slot.top - (reserved - fitted.height) / 2;
  fitted.lines.forEach((line, i) => {
    const width = fitted.widths[i] as number;
    const x = slot.align === 'center' ? slot.x - width / 2 : slot.align === 'right' ? slot.x - width : slot.x;
    const y = first - i * fitted.lineHeight - fitted.size * ASCENT;
    layout.texts.push({ text: line, x, y, size: fitted.size, font: slot.font, gray: slot.gray ?? 0 });
  });
  const bottom = slot.top - reserved;
  const half = slot.width / 2;
  const left = slot.align === 'center' ? slot.x - half : slot.align === 'right' ? slot.x - slot.width : slot.x;
  layout.blocks.push({
    name: slot.name,
    box: { left, bottom, right: left + slot.width, top: slot.top },
    truncated: fitted.truncated,
  });
  return bottom;
}

export function inset(by: number): Box {
  return { left: by, bottom: by, right: PAGE_WIDTH - by, top: PAGE_HEIGHT - by };
}

/** The logo scaled into `box` keeping its proportions, vertically centred, left-aligned. */
export function fitLogo(logo: LogoSize, box: Box): Box {
  const scale = Math.min((box.right - box.left) / logo.width, (box.top - box.bottom) / logo.height);
  const width = logo.width * scale;
  const height = logo.height * scale;
  const bottom = box.bottom + (box.top - box.bottom - height) / 2;
  return { left: box.left, bottom, right: box.left + width, top: bottom + height };
}
