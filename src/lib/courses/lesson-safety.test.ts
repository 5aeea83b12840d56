import { describe, expect, it } from 'vitest';
import { findCodeInLesson } from './lesson-safety.ts';

const front = '---\ntitle: T\ndescription: D\nminutes: 5\n---\n';
const constructs = (body: string, assets?: Set<string>) =>
  findCodeInLesson(front + body, { assets }).map((f) => `${f.line}: ${f.construct}`);

describe('findCodeInLesson', () => {
  it('accepts Markdown, the lesson components with literal props, and plain text elements', () => {
    const lesson = `## Heading

Text with **bold**, [a link](https://example.kz), <abbr title="non-governmental organisation">NGO</abbr> and a footnote[^1].

<Callout type="tip" title="Совет">Point.</Callout>

<Exercise title="Map" minutes={40} group="4–6 people">

1. Walk.

</Exercise>

<Case title="Shymkent" illustrative>Text.</Case>

<Figure src="plan.png" alt="Plan" /> <Handout file="sheet.pdf" title="Sheet" />

<KeyTerms><Term name="Outcome">Definition</Term></KeyTerms>

{/* a note for translators */}

| a | b |
|---|---|
| 1 | 2 |

[^1]: Source, 2024.
`;
    expect(constructs(lesson, new Set(['plan.png', 'sheet.pdf']))).toEqual([]);
  });

  it('refuses ESM, expressions, spreads, fragments and attribute expressions, naming the line', () => {
    expect(
      constructs(
        "import x from 'node:fs'\nexport const y = 1\n\n{1 + 1}\n\nText {process.env.X}.\n\n<Callout {...p} " +
          'title={`x`}>a</Callout>\n\n<>f</>\n',
      ),
    ).toEqual([
      '6: ESM import "import x from \'node:fs\' export const y =…"',
      '9: JavaScript expression {1 + 1}',
      '11: JavaScript expression {process.env.X}',
      '13: spread attribute {...p} on <Callout>',
      '13: attribute expression title={`x`} on <Callout>',
      '15: fragment <>…</>',
    ]);
  });

  it('refuses unknown elements and props, event handlers and active links', () => {
    expect(
      constructs(
        '<script>alert(1)</script>\n\n<iframe src="https://x" />\n\n<Callout onClick="x">a</Callout>\n\n<a ' +
          'href="javascript:alert(1)" style="x">a</a> [b](vbscript:x) [c](data:text/html,x)\n',
      ),
    ).toEqual([
      '6: element <script>',
      '8: element <iframe>',
      '10: attribute onClick on <Callout>',
      '12: href="javascript:alert(1)" on <a>',
      '12: attribute style on <a>',
      '12: link to "vbscript:x"',
      '12: link to "data:text/html,x"',
    ]);
  });

  it('refuses front matter that loads code, images the build would import, and asset names that leave assets/', () => {
    expect(
      findCodeInLesson(
        '---\ntitle: T\nlayout: ./x.mjs\n---\n\n![x](./x.mjs) ![y](https://example.kz/y.png)\n\n<Handout ' +
          'file="../../x" title="t" /> <Figure src="missing.png" alt="a" />\n',
        { assets: new Set() },
      ).map((f) => `${f.line}: ${f.construct}`),
    ).toEqual([
      '3: front matter field "layout"',
      '6: Markdown image "./x.mjs"',
      '8: file="../../x" on <Handout>',
      '8: src="missing.png" on <Figure>',
    ]);
  });

  it('reports an MDX syntax error with its line instead of throwing', () => {
    expect(constructs('<Callout>\n\nnot closed\n')).toEqual(['6: MDX syntax error']);
  });
});
