import { describe, expect, it } from 'vitest';
import {
  layoutCertificate,
  PAGE_HEIGHT,
  PAGE_WIDTH,
  SAFE_INSET,
  type Box,
  type CertificateLayout,
  type CertificateTexts,
} from './certificate-layout.ts';
import { fontMeasurer } from './fonts.ts';

const fonts = { sans: fontMeasurer('sans'), sansBold: fontMeasurer('sansBold'), serifBold: fontMeasurer('serifBold') };

const base: CertificateTexts = {
  partnerName: 'Қалалық даму орталығы',
  title: 'Курсты аяқтағаны туралы сертификат',
  certifies: 'Осы сертификат иесі',
  holderName: 'Әлия Қасымқызы Нұрланова',
  completed: 'төмендегі курсты сәтті аяқтады:',
  courseTitle: 'Әлеуметтік кәсіпкерлік негіздері',
  duration: 'Көлемі: 24 сағат',
  issueDate: '2026 ж. 27 қараша',
  issuedOnLabel: 'Берілген күні',
  signatoryName: 'Айгерім Сейітова',
  signatoryTitle: 'Бағдарлама жетекшісі',
  verifyAt: 'Сертификаттың түпнұсқалығын тексеру:',
  verifyUrl: 'http://localhost:4321/verify/7K3M-Q9XD-2HFT',
  codeLabel: 'Сертификат коды',
  code: '7K3M-Q9XD-2HFT',
};

const longName =
  'Гүлнәзира Өтегенқызы Құдайбергенова-Сәрсенбаева Әбдірахманқызы Жұмабайқызы Ысқақова Үмбетәліқызы Һәкімова Ілиясқызы';
const longTitle =
  'Әлеуметтік кәсіпкерлік негіздері: қауымдастықтағы өзгерістерге арналған бизнес-модельдер, қаржыландыру, әсерді ' +
  'өлшеу және серіктестік құру бойынша тәжірибелік курс';

const overlaps = (a: Box, b: Box): boolean =>
  a.left < b.right && b.left < a.right && a.bottom < b.top && b.bottom < a.top;

/** Every text line's ink box (ascent 0.93, descent 0.24 of the size). */
function textBoxes(layout: CertificateLayout, measure = fonts): Box[] {
  return layout.texts.map((t) => {
    const width = measure[t.font].widthOfTextAtSize(t.text, t.size);
    return { left: t.x, right: t.x + width, bottom: t.y - 0.24 * t.size, top: t.y + 0.93 * t.size };
  });
}

function expectWellFormed(layout: CertificateLayout): void {
  const safe: Box = {
    left: SAFE_INSET,
    bottom: SAFE_INSET,
    right: PAGE_WIDTH - SAFE_INSET,
    top: PAGE_HEIGHT - SAFE_INSET,
  };
  for (const box of [...textBoxes(layout), layout.qr, ...(layout.logo ? [layout.logo] : [])]) {
    expect(box.left).toBeGreaterThanOrEqual(safe.left);
    expect(box.right).toBeLessThanOrEqual(safe.right);
    expect(box.bottom).toBeGreaterThanOrEqual(safe.bottom);
    expect(box.top).toBeLessThanOrEqual(safe.top);
  }
  const blocks = layout.blocks;
  for (let i = 0; i < blocks.length; i++) {
    for (let j = i + 1; j < blocks.length; j++) {
      const [a, b] = [blocks[i]!, blocks[j]!];
      expect(overlaps(a.box, b.box), `${a.name} overlaps ${b.name}`).toBe(false);
    }
  }
  // Text lines stay inside their own blocks, so they cannot touch another block either.
  const boxes = textBoxes(layout);
  for (const box of boxes) expect(overlaps(box, layout.qr)).toBe(false);
  if (layout.logo) for (const box of boxes) expect(overlaps(box, layout.logo)).toBe(false);
  expect(blocks.every((b) => !b.truncated)).toBe(true);
}

describe('layoutCertificate', () => {
  it('places every text once, inside the page, with nothing overlapping', () => {
    const layout = layoutCertificate(fonts, base, { width: 240, height: 100 });
    expectWellFormed(layout);
    const all = layout.texts.map((t) => t.text).join('\n');
    for (const value of Object.values(base)) expect(all).toContain(value);
  });

  it('wraps a 120-character name onto two lines and a long title onto up to three', () => {
    const layout = layoutCertificate(fonts, { ...base, holderName: longName, courseTitle: longTitle });
    expectWellFormed(layout);
    const holder = layout.texts.filter((t) => t.font === 'serifBold' && t.y < 430 && t.y > 340);
    expect(holder.length).toBe(2);
    expect(holder.map((t) => t.text).join(' ')).toBe(longName);
    const course = layout.texts.filter((t) => t.font === 'sansBold' && t.y < 312 && t.y > 226);
    expect(course.length).toBeGreaterThanOrEqual(2);
    expect(course.length).toBeLessThanOrEqual(3);
    expect(course.map((t) => t.text).join(' ')).toBe(longTitle);
  });

  it('keeps even unbroken long strings inside their boxes', () => {
    const layout = layoutCertificate(fonts, {
      ...base,
      partnerName:
        'Оңтүстік Қазақстан облыстық кәсіпкерлікті дамыту және әлеуметтік инновациялар орталығы коммерциялық емес ' +
        'акционерлік қоғамы',
      signatoryTitle: 'Бағдарламаларды әзірлеу және сапаны бақылау жөніндегі бас директордың орынбасары',
      verifyUrl: 'https://sertifikattar.ontustik-kasipkerlik-ortalygy.example.kz/verify/7K3M-Q9XD-2HFT',
    });
    expectWellFormed(layout);
  });

  it('lists the competencies demonstrated, a few or twenty, with a long title, without overlap', () => {
    const titles = [
      'Әлеуметтік мәселені зерттеу',
      'Әлеуметтік кәсіптің бизнес-моделі',
      'Заңды нысан, қаржыландыру және питч',
      'Қатысымдық жобалау',
      'Қоғамдық кеңістік аудиті',
    ];
    for (const list of [titles.slice(0, 2), [...titles, ...titles, ...titles, ...titles]]) {
      const competencies = `Расталған құзыреттер: ${list.join(' · ')}`;
      const layout = layoutCertificate(fonts, { ...base, courseTitle: longTitle, competencies });
      expectWellFormed(layout);
      const printed = layout.texts.filter((t) => t.font === 'sans' && t.y < 202 && t.y > 145);
      expect(printed.map((t) => t.text).join(' ')).toBe(competencies);
    }
  });

  it('lays out Latin and Cyrillic labels alike', () => {
    for (const [title, certifies, completed] of [
      ['Certificate of completion', 'This certifies that', 'has successfully completed the course'],
      ['Сертификат о прохождении курса', 'Настоящим подтверждается, что', 'успешно завершил(а) обучение по курсу'],
    ]) {
      expectWellFormed(
        layoutCertificate(fonts, { ...base, title: title!, certifies: certifies!, completed: completed! }),
      );
    }
  });
});
