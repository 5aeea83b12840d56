import { describe, expect, it } from 'vitest';
import type { Quiz } from '#lib/courses/schema.ts';
import { ccErrors } from '../../../tests/helpers/cc-xsd.ts';
import { ccManifest, ccWebLink, type CcManifest } from './cc-manifest.ts';
import { ccAssessment } from './cc-qti.ts';

const manifest: CcManifest = {
  identifier: 'oqu-urbanism-kk',
  title: 'Қала & тұрғындар: <урбанистика>',
  language: 'kk',
  description: 'Қаланы тұрғындармен бірге жоспарлау.',
  rights: 'CC BY-SA 4.0. Айгүл Сәрсенова. Oqu, https://oqu.example/kk/courses/urbanism/',
  shared: ['oqu/oqu.css'],
  modules: [
    {
      id: '01-basics',
      title: 'Негіздер',
      entries: [
        {
          kind: 'lesson',
          id: 'public-space',
          title: 'Қоғамдық кеңістік',
          href: 'lessons/01-public-space.html',
          files: [],
        },
        { kind: 'quiz', id: 'basics', title: 'Тест', file: 'quizzes/basics/assessment.xml' },
        { kind: 'link', id: 'public-space-1', title: 'Гейл, «Адамдарға арналған қалалар»', file: 'links/p-1.xml' },
      ],
    },
    { id: '02-empty', title: 'Бос модуль', entries: [] },
  ],
};

const t = (s: string) => ({ kk: s, ru: `ru ${s}`, en: `en ${s}` });
const quiz: Quiz = {
  title: t('Тест: негіздер'),
  passPercent: 70,
  maxAttempts: 3,
  shuffle: true,
  questions: [
    {
      id: 'one',
      type: 'single',
      prompt: t('Қайсысы дұрыс?'),
      choices: [
        { id: 'a', text: t('Бірі'), correct: true },
        { id: 'b', text: t('Екіншісі'), correct: false },
        { id: 'c', text: t('Үшіншісі'), correct: false },
      ],
      feedback: t('Себебі <бірінші> & дұрыс.'),
    },
    {
      id: 'many',
      type: 'multiple',
      prompt: t('Қайсылары?'),
      choices: [
        { id: 'a', text: t('A'), correct: true },
        { id: 'b', text: t('B'), correct: true },
        { id: 'c', text: t('C'), correct: false },
      ],
    },
    {
      id: 'tf',
      type: 'truefalse',
      prompt: t('Рас па?'),
      choices: [
        { id: 'true', text: t('Рас'), correct: true },
        { id: 'false', text: t('Жалған'), correct: false },
      ],
    },
    { id: 'word', type: 'text', prompt: t('Бір сөзбен'), accept: { kk: ['саябақ', 'парк'], ru: ['парк'] } },
    {
      id: 'steps',
      type: 'order',
      prompt: t('Ретімен'),
      choices: [
        { id: 'a', text: t('1'), correct: false },
        { id: 'b', text: t('2'), correct: false },
      ],
    },
  ],
};

describe('the Common Cartridge 1.1 manifest', () => {
  it('is valid against the official schema files, Kazakh and markup characters included', async () => {
    const xml = ccManifest(manifest);
    expect(await ccErrors('manifest', xml)).toEqual([]);
    expect(xml).toContain('Қала &amp; тұрғындар: &lt;урбанистика&gt;');
    expect(xml).toContain('type="imsqti_xmlv1p2/imscc_xmlv1p1/assessment"');
    expect(xml).toContain('type="imswl_xmlv1p1"');
    expect(xml).toContain('<schemaversion>1.1.0</schemaversion>');
  });

  it('is refused by the validator when broken (the check can fail)', async () => {
    const broken = ccManifest(manifest).replace('structure="rooted-hierarchy"', 'structure="tree"');
    expect((await ccErrors('manifest', broken)).length).toBeGreaterThan(0);
    const wrongType = ccManifest(manifest).replace('imswl_xmlv1p1', 'imswl_xmlv1p0');
    expect((await ccErrors('manifest', wrongType)).length).toBeGreaterThan(0);
  });

  it('nests each module’s lessons, quizzes and links under the module, in order', () => {
    const xml = ccManifest(manifest);
    const module = xml.indexOf('<title>Негіздер</title>');
    expect(module).toBeGreaterThan(0);
    expect(xml.indexOf('Қоғамдық кеңістік')).toBeGreaterThan(module);
    expect(xml.indexOf('identifierref="quiz-basics"')).toBeGreaterThan(
      xml.indexOf('identifierref="lesson-public-space"'),
    );
  });

  it('writes web links valid against the imswl schema', async () => {
    const link = ccWebLink('Гейл & «Қалалар»', 'https://example.org/a?b=1&c=2');
    expect(await ccErrors('weblink', link)).toEqual([]);
    expect(link).toContain('href="https://example.org/a?b=1&amp;c=2"');
  });
});

describe('a quiz as a QTI assessment of the CC profile', () => {
  it('is valid against the CC QTI schema, with each kind mapped and order questions left out', async () => {
    const qti = ccAssessment('basics', quiz, 'kk');
    expect(await ccErrors('qti', qti.xml)).toEqual([]);
    expect(qti.questions).toBe(4);
    expect(qti.skipped).toEqual([{ question: 'steps', type: 'order' }]);
    for (const profile of ['multiple_choice', 'multiple_response', 'true_false', 'fib'])
      expect(qti.xml).toContain(`<fieldentry>cc.${profile}.v0p1</fieldentry>`);
    expect(qti.xml).toContain('<fieldentry>3</fieldentry>');
    expect(qti.xml).toContain('Себебі &lt;бірінші&gt; &amp; дұрыс.');
    expect(qti.xml).toContain('<varequal respident="response1" case="No">саябақ</varequal>');
    expect(qti.xml).toContain('<not><varequal respident="response1" case="No">c</varequal></not>');
  });

  it('uses the reader’s language, falling back where a text is missing', () => {
    const qti = ccAssessment('basics', quiz, 'en');
    expect(qti.xml).toContain('en Қайсысы дұрыс?');
    expect(qti.xml).toContain('<varequal respident="response1" case="No">саябақ</varequal>');
  });

  it('says unlimited for more attempts than the profile knows', () => {
    const qti = ccAssessment('basics', { ...quiz, maxAttempts: 7 }, 'ru');
    expect(qti.attemptsNotCarried).toBe(7);
    expect(qti.xml).toContain('<fieldentry>unlimited</fieldentry>');
  });

  it('is refused by the validator when broken (the check can fail)', async () => {
    const broken = ccAssessment('basics', quiz, 'kk').xml.replace('<section ident="root_section">', '<section>');
    expect((await ccErrors('qti', broken)).length).toBeGreaterThan(0);
  });
});
