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
import { bothLanguages, layoutBilingualCertificate } from './bilingual-layout.ts';
import { fontMeasurer } from './fonts.ts';
import { certificateLanguages, certificateWordsFor } from './languages.ts';

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

const english = {
  partnerName: 'City Development Centre',
  title: 'Certificate of completion',
  certifies: 'This certifies that',
  completed: 'has successfully completed the course',
  courseTitle: 'Foundations of social entrepreneurship',
  duration: 'Duration: 24 hours',
  issueDate: 'November 27, 2026',
  issuedOnLabel: 'Date of issue',
  signatoryTitle: 'Programme Director',
  verifyAt: 'Check that this certificate is genuine:',
  codeLabel: 'Certificate code',
};
const russian = {
  ...english,
  partnerName: 'Центр городского развития',
  title: 'Сертификат о прохождении курса',
  certifies: 'Настоящим подтверждается, что',
  completed: 'успешно завершил(а) обучение по курсу',
  courseTitle: 'Основы социального предпринимательства: бизнес-модели, финансирование и измерение влияния',
  duration: 'Объём: 24 часа',
  issueDate: '27 ноября 2026 г.',
  issuedOnLabel: 'Дата выдачи',
  signatoryTitle: 'Руководитель программы',
  verifyAt: 'Проверить подлинность сертификата:',
  codeLabel: 'Код сертификата',
};

describe('layoutBilingualCertificate (decision 048)', () => {
  const titles = ['Әлеуметтік мәселені зерттеу', 'Әлеуметтік кәсіптің бизнес-моделі', 'Қатысымдық жобалау'];
  const list = (label: string, n: number) =>
    `${label}: ${Array.from({ length: n }, (_, i) => `${titles[i % 3]} ${i + 1}`).join(' · ')}`;

  it('prints each phrase in both languages and the name once, inside the page, nothing overlapping', () => {
    for (const second of [english, russian]) {
      const layout = layoutBilingualCertificate(fonts, { ...base, second }, { width: 240, height: 100 });
      expectWellFormed(layout);
      const all = layout.texts.map((t) => t.text).join(' ');
      for (const value of [base.title, second.title, base.courseTitle, base.issueDate, second.issueDate])
        expect(all).toContain(value);
      for (const [a, b] of [
        [base.certifies, second.certifies],
        [base.duration, second.duration],
        [base.partnerName, second.partnerName],
      ])
        expect(all).toContain(bothLanguages(a!, b!));
      expect(all.split(base.holderName)).toHaveLength(2);
      expect(all.split(base.code)).toHaveLength(3); // the code, and the verify address that ends with it
    }
  });

  it('fits none, three or twenty-four competencies in each language with a long name and title', () => {
    for (const n of [0, 3, 24]) {
      const first = n ? list('Расталған құзыреттер', n) : '';
      const second = n ? list('Competencies demonstrated', n) : '';
      const layout = layoutBilingualCertificate(fonts, {
        ...base,
        holderName: longName,
        courseTitle: longTitle,
        competencies: first,
        second: { ...russian, competencies: second },
      });
      expectWellFormed(layout);
      const names = layout.blocks.map((b) => b.name);
      expect(names.includes('competencies') && names.includes('competencies-2')).toBe(n > 0);
      const printed = (gray: number) =>
        layout.texts
          .filter((t) => t.gray === gray && t.font === 'sans' && t.y > 145 && t.y < 236)
          .map((t) => t.text)
          .join(' ');
      expect(printed(0.15)).toBe(first);
      expect(printed(0.35)).toBe(second);
    }
  });

  it('says a text once when both languages have the same (a partner name configured once)', () => {
    expect(bothLanguages('Oqu', 'Oqu')).toBe('Oqu');
    expect(bothLanguages('Берілген күні', 'Date of issue')).toBe('Берілген күні / Date of issue');
    const layout = layoutBilingualCertificate(fonts, {
      ...base,
      second: { ...english, partnerName: base.partnerName, courseTitle: base.courseTitle },
    });
    expectWellFormed(layout);
    const all = layout.texts.map((t) => t.text).join(' ');
    expect(all.split(base.partnerName)).toHaveLength(2);
    expect(all.split(base.courseTitle)).toHaveLength(2);
  });
});

describe('certificate languages', () => {
  it('is Kazakh plus the holder language when different, each once, in the configured order', () => {
    expect(certificateLanguages(['kk', 'holder'], 'en')).toEqual(['kk', 'en']);
    expect(certificateLanguages(['kk', 'holder'], 'kk')).toEqual(['kk']);
    expect(certificateLanguages(['kk', 'ru'], 'en')).toEqual(['kk', 'ru']);
    expect(certificateLanguages(['holder'], 'ru')).toEqual(['ru']);
  });

  it("gives the verify page the visitor's language when the certificate has it, else the holder's", () => {
    const row = {
      locale: 'en' as const,
      courseTitle: 'Urbanism',
      issuerName: 'Centre',
      competencies: ['Mapping'],
      editions: [
        {
          locale: 'kk' as const,
          courseTitle: 'Урбанистика',
          issuerName: 'Орталық',
          signatoryTitle: 'Жетекші',
          competencies: [],
        },
        {
          locale: 'en' as const,
          courseTitle: 'Urbanism',
          issuerName: 'Centre',
          signatoryTitle: 'Lead',
          competencies: [],
        },
      ],
    };
    expect(certificateWordsFor(row, 'kk')).toMatchObject({ locale: 'kk', courseTitle: 'Урбанистика' });
    expect(certificateWordsFor(row, 'ru')).toMatchObject({
      locale: 'en',
      courseTitle: 'Urbanism',
      competencies: ['Mapping'],
    });
    expect(certificateWordsFor({ ...row, editions: null }, 'kk').locale).toBe('en');
  });
});
