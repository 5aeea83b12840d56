/**
 * The lesson-body mistakes of issue 21, each in a small course of its own on disk, read by the
 * check validate runs (src/lib/courses/lesson-checks.ts): validate names the file and line and
 * says what to write, in Kazakh and in English. Before, each of these passed validate and
 * either broke the page silently or failed the build with a message naming a built page.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { findingMessage, type Finding } from '#lib/courses/findings.ts';
import { checkCourseLessons } from '#lib/courses/lesson-checks.ts';

const root = mkdtempSync(join(tmpdir(), 'oqu-lesson-mistakes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A course folder holding one lesson with `body`, and the assets named. */
function courseWith(name: string, body: string, assets: string[] = ['diagram.svg', 'plan.pdf']): Finding[] {
  const dir = join(root, name);
  mkdirSync(join(dir, '01-basics'), { recursive: true });
  mkdirSync(join(dir, 'assets'), { recursive: true });
  for (const a of assets) writeFileSync(join(dir, 'assets', a), 'x');
  writeFileSync(join(dir, '01-basics', '01-intro.kk.mdx'), `---\ntitle: Кіріспе\nminutes: 5\n---\n\n${body}\n`);
  return checkCourseLessons(dir, (abs) => relative(root, abs));
}

const FILE = (name: string) => `${name}/01-basics/01-intro.kk.mdx`;
/** Line 6 is the body's first line (four lines of front matter and an empty line). */
const BODY = 6;

interface Row {
  name: string;
  body: string;
  line: number;
  en: RegExp;
  kk: RegExp;
}

const ROWS: Row[] = [
  {
    name: 'misspelled-component',
    body: 'Кіріспе.\n\n<Calout type="tip">Кеңес</Calout>',
    line: BODY + 2,
    en: /<Calout> is not a lesson component: did you mean <Callout>\? Known components: Callout, Case, .*Video/,
    kk: /<Calout> — сабақ компоненті емес: <Callout> деп жазғыңыз келді ме\?/,
  },
  {
    name: 'lowercase-component',
    body: '<callout type="tip">Кеңес</callout>',
    line: BODY,
    en: /<callout> is written in the wrong case: write <Callout>/,
    kk: /<callout> әріп регистрі қате жазылған: <Callout> деп жазыңыз/,
  },
  {
    name: 'missing-image',
    body: 'Мәтін.\n\n<Figure src="diagam.svg" alt="Сызба" />',
    line: BODY + 2,
    en: /src="diagam.svg" on <Figure>: there is no assets\/diagam.svg in the course: did you mean "diagram.svg"\?/,
    kk: /курста assets\/diagam.svg файлы жоқ: "diagram.svg" деп жазғыңыз келді ме\?/,
  },
  {
    name: 'missing-handout',
    body: '<Handout file="worksheet.docx" title="Парақ" />',
    line: BODY,
    en: /file="worksheet.docx" on <Handout>: there is no assets\/worksheet.docx in the course: add the file/,
    kk: /курста assets\/worksheet.docx файлы жоқ: файлды assets\/ қалтасына қосыңыз/,
  },
  {
    name: 'assets-prefix',
    body: '<Figure src="assets/diagram.svg" alt="Сызба" />',
    line: BODY,
    en: /write src="diagram.svg" without "assets\/"/,
    kk: /"assets\/" бөлігінсіз src="diagram.svg" деп жазыңыз/,
  },
  {
    name: 'markdown-image',
    body: '![Сызба](assets/diagram.svg)',
    line: BODY,
    en: /the image "assets\/diagram.svg" will not be found: .*<Figure src="diagram.svg"/,
    kk: /"assets\/diagram.svg" суреті табылмайды/,
  },
  {
    name: 'bad-youtube',
    body: '<Video youtube="https://www.youtube.com/channel/UC123" title="Бейне" />',
    line: BODY,
    en: /youtube="https:\/\/www.youtube.com\/channel\/UC123" on <Video> is neither a YouTube video id nor a YouTube address/,
    kk: /YouTube бейнесінің идентификаторы да, мекенжайы да емес/,
  },
  {
    name: 'missing-prop',
    body: '<Handout title="Парақ" />',
    line: BODY,
    en: /<Handout> needs file="…": add it inside the tag/,
    kk: /<Handout> үшін file="…" қажет/,
  },
  {
    name: 'less-than',
    body: 'Топта <5 адам болса, жұпқа бөліңіз.',
    line: BODY,
    en: /a "<" in the text is read as the start of a component: write &lt; \(or \\<\)/,
    kk: /«кіші» белгісін &lt; \(немесе \\<\) деп жазыңыз/,
  },
  {
    name: 'brace-syntax',
    body: 'Бағасы {100 теңге} болады.',
    line: BODY,
    en: /a "\{" or "\}" in the text is read as code: write \\\{ and \\\}/,
    kk: /мәтіндегі жақшаларды \\\{ және \\\} деп жазыңыз/,
  },
  {
    name: 'brace-word',
    body: 'Формула:\n\n{жауап} деп жазыңыз.',
    line: BODY + 2,
    en: /"\{жауап\}": text in braces is read as code and breaks the lesson/,
    kk: /"\{жауап\}": жүйелі жақшадағы мәтін код ретінде оқылады/,
  },
  {
    name: 'unclosed',
    body: 'Мәтін.\n\n<Callout type="tip">\nКеңес',
    line: BODY + 2,
    en: /<Callout> is never closed: add <\/Callout>/,
    kk: /<Callout> жабылмаған/,
  },
];

describe('a lesson mistake is one finding with its file, line and advice, in Kazakh and English', () => {
  test.each(ROWS)('$name', ({ name, body, line, en, kk }) => {
    const findings = courseWith(name, body);
    expect(findings).toHaveLength(1);
    const [f] = findings as [Finding];
    expect(f).toMatchObject({ file: FILE(name), line, severity: 'error' });
    expect(findingMessage(f, 'en')).toMatch(en);
    expect(findingMessage(f, 'kk')).toMatch(kk);
  });
});

describe('what a lesson may contain passes', () => {
  test('components, assets by name, YouTube and Vimeo addresses, escaped signs, HTML, a web image', () => {
    const body = [
      '<Callout type="tip">Кеңес</Callout>',
      '',
      '<Figure src="diagram.svg" alt="Сызба" />',
      '',
      '<Handout file="plan.pdf" title="Жоспар" />',
      '',
      '<Video youtube="https://youtu.be/dQw4w9WgXcQ" title="Бейне" />',
      '',
      '<Video youtube="dQw4w9WgXcQ" title="Бейне" />',
      '',
      '<Video vimeo="https://vimeo.com/76979871" title="Бейне" />',
      '',
      'a &lt; b, a \\< b, \\{жақша\\}, {/* түсініктеме */}, {42}, a < b',
      '',
      '<figure><figcaption>HTML</figcaption></figure>',
      '',
      '![Сурет](https://example.org/a.png)',
    ].join('\n');
    expect(courseWith('clean', body)).toEqual([]);
  });
});
