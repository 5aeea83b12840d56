/**
 * A certificate in two languages on one A4 landscape page (decision 048): every phrase in the
 * first language, and under it, smaller and grey, in the second; the holder's name, the
 * signatory's name and the code once. Short labels share a line ("Берілген күні / Date of
 * issue"). Pure, like certificate-layout.ts, so tests check that nothing leaves the page or
 * overlaps however many competencies there are.
 *
 *   ┌──────────────────────────────────────────────────────────┐
 *   │ [logo]        Partner name / Partner name                │
 *   │                      СЕРТИФИКАТ                          │
 *   │                      Certificate                         │
 *   │        Осы сертификат иесі / This certifies that         │
 *   │                     Holder Name                          │
 *   │                  … / has completed                       │
 *   │                   Курстың атауы                          │
 *   │                    Course title                          │
 *   │            Көлемі: 24 сағат / Duration: 24 hours         │
 *   │          Расталған құзыреттер: … (first language)        │
 *   │          Competencies demonstrated: … (second)           │
 *   │   date / date    ___________        Verify / …    ▓▓▓▓   │
 *   └──────────────────────────────────────────────────────────┘
 */
import {
  CENTER,
  CONTENT_WIDTH,
  fitLogo,
  inset,
  placeSlot,
  QR_BOX,
  type CertificateLayout,
  type CertificateTexts,
  type FontMeasurers,
  type LogoSize,
  type SecondLanguageTexts,
  type Slot,
} from './certificate-layout.ts';

type Place = (slot: Omit<Slot, 'x' | 'align' | 'width'> & Partial<Pick<Slot, 'x' | 'align' | 'width'>>) => number;

/** "A / B", or A alone when both languages say the same (a name configured once). */
export function bothLanguages(first: string, second: string): string {
  return first.trim() === second.trim() ? first : `${first} / ${second}`;
}

/** Lays out a certificate whose texts carry a `second` language. */
export function layoutBilingualCertificate(
  fonts: FontMeasurers,
  t: CertificateTexts & { second: SecondLanguageTexts },
  logo?: LogoSize,
): CertificateLayout {
  const s = t.second;
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
  const place: Place = (slot) =>
    placeSlot(layout, fonts, { x: CENTER, align: 'center', width: CONTENT_WIDTH, ...slot });

  if (logo) layout.logo = fitLogo(logo, { left: 46, bottom: 507, right: 166, top: 555 });
  const partner = bothLanguages(t.partnerName, s.partnerName);
  place({
    name: 'partner',
    text: partner,
    font: 'sansBold',
    top: 552,
    width: 480,
    maxSize: 12,
    minSize: 7,
    maxLines: 2,
  });
  place({
    name: 'title',
    text: t.title,
    font: 'serifBold',
    top: 516,
    // Narrower than the page, so it clears the logo (which reaches below its top).
    width: 500,
    maxSize: 24,
    minSize: 12,
    maxLines: 1,
    maxHeight: 30,
  });
  place({ ...second('title-2', s.title, 484, 15, 8), font: 'serifBold' });
  layout.lines.push({ x1: CENTER - 40, y1: 460, x2: CENTER + 40, y2: 460, thickness: 0.75 });
  place({ ...shared('certifies', bothLanguages(t.certifies, s.certifies), 452) });
  const holder = { name: 'holder', text: t.holderName, font: 'serifBold', top: 432 } as const;
  place({ ...holder, maxSize: 30, minSize: 12, maxLines: 2, maxHeight: 72, spacing: 1.15 });
  place({ ...shared('completed', bothLanguages(t.completed, s.completed), 356) });
  // From here on each block follows the one above, so a short title leaves room for competencies.
  const course = { name: 'course', text: t.courseTitle, font: 'sansBold', top: 338 } as const;
  let top = place({ ...course, maxSize: 20, minSize: 9, maxLines: 2, maxHeight: 48, tight: true });
  if (s.courseTitle.trim() !== t.courseTitle.trim())
    top = place({ ...second('course-2', s.courseTitle, top - 2, 14, 8, 2, 34), font: 'sansBold', tight: true });
  top = place({ ...shared('duration', bothLanguages(t.duration, s.duration), top - 8) });
  // However many competencies: each language gets its share of the band left above the footer, down to 5 pt.
  const lists = [t.competencies, s.competencies].filter((l): l is string => Boolean(l));
  const share = (top - 8 - COMPETENCIES_BOTTOM) / Math.max(1, lists.length);
  if (t.competencies) top = place(competencies('competencies', t.competencies, top - 8, share, 0.15));
  if (s.competencies) place(competencies('competencies-2', s.competencies, top - 4, share - 4, 0.35));
  layoutBilingualFooter(layout, place, t, s);
  return layout;
}

/** A phrase of the second language: smaller and grey, under its first-language twin. */
function second(name: string, text: string, top: number, maxSize: number, minSize: number, maxLines = 1, h?: number) {
  return { name, text, top, maxSize, minSize, maxLines, maxHeight: h ?? maxSize * 1.2, gray: 0.35 };
}

/** A short phrase in both languages on one line. */
function shared(name: string, text: string, top: number) {
  return { name, text, font: 'sans', top, maxSize: 11, minSize: 6.5, maxLines: 1, maxHeight: 14 } as const;
}

/** Where the competencies must end: above the verification text of the footer. */
const COMPETENCIES_BOTTOM = 150;

function competencies(name: string, text: string, top: number, height: number, gray: number) {
  return {
    name,
    text,
    font: 'sans',
    top,
    maxSize: 9,
    minSize: 5,
    maxLines: 8,
    maxHeight: height,
    tight: true,
    gray,
  } as const;
}

/** Date (in both languages), signatory and verification: the bottom band. */
function layoutBilingualFooter(
  layout: CertificateLayout,
  place: Place,
  t: CertificateTexts,
  s: SecondLanguageTexts,
): void {
  const rule = 100;
  const date = { x: 150, width: 160 } as const;
  place({ ...date, name: 'date', text: t.issueDate, font: 'sansBold', top: 130, maxSize: 11, minSize: 7, maxLines: 1 });
  place({ ...date, ...second('date-2', s.issueDate, 114, 9, 6), font: 'sans' });
  layout.lines.push({ x1: 80, y1: rule, x2: 220, y2: rule, thickness: 0.5 });
  const label = bothLanguages(t.issuedOnLabel, s.issuedOnLabel);
  const small = { font: 'sans', maxSize: 8, minSize: 6, maxLines: 2, gray: 0.3 } as const;
  place({ ...date, ...small, name: 'date-label', text: label, top: 94 });

  layout.lines.push({ x1: 260, y1: rule, x2: 440, y2: rule, thickness: 0.5 });
  const signatory = { x: 350, width: 200 } as const;
  const nameBottom = place({
    ...signatory,
    ...{ name: 'signatory', text: t.signatoryName, font: 'sansBold', top: 94, maxSize: 11, minSize: 7, maxLines: 1 },
  });
  const title = bothLanguages(t.signatoryTitle, s.signatoryTitle);
  place({ ...signatory, ...small, name: 'signatory-title', text: title, top: nameBottom, maxLines: 3, maxHeight: 30 });

  const right = { x: layout.qr.left - 14, align: 'right', width: 200 } as const;
  // A sentence each: a line break reads better than a slash here.
  let top = place({ ...right, ...small, name: 'verify-at', text: t.verifyAt, top: 144, maxLines: 1 });
  top = place({ ...right, ...small, name: 'verify-at-2', text: s.verifyAt, top, maxLines: 1 });
  top = place({
    ...right,
    name: 'verify-url',
    text: t.verifyUrl,
    font: 'sans',
    top,
    maxSize: 8,
    minSize: 6,
    maxLines: 2,
  });
  const codeLabel = bothLanguages(t.codeLabel, s.codeLabel);
  top = place({ ...right, ...small, name: 'code-label', text: codeLabel, top: top - 4 });
  place({ ...right, name: 'code', text: t.code, font: 'sansBold', top, maxSize: 13, minSize: 9, maxLines: 1 });
  layout.blocks.push({ name: 'qr', box: layout.qr });
}
