/**
 * The layer checker (architecture.ts) fails when it should: a small tree written to a temporary
 * folder breaks each rule once, and the checker names every break and nothing else.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { checkLayers, findCircles, readImports } from './architecture.ts';

const root = mkdtempSync(join(tmpdir(), 'oqu-architecture-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

write({
  'package.json': JSON.stringify({ imports: { '#lib/*': './src/lib/*', '#db/*': './db/*' } }),
  'db/client.ts': 'export const open = () => 1;\n',
  // Routes: one imports db/ directly (relative, in an .astro frontmatter), one through an alias.
  'src/pages/bad.astro': "---\nimport { open } from '#db/client.ts';\nconst db = open();\n---\n<p>{db}</p>\n",
  'src/pages/aliased.ts': "import type { open } from '#db/client.ts';\nexport type Open = typeof open;\n",
  'src/pages/good.ts': "import { a } from '../lib/a/a.ts';\nexport const GET = () => new Response(String(a));\n",
  'src/middleware.ts': "import { open } from '../db/client.ts';\nexport const onRequest = open;\n",
  'src/components/View.astro': '---\nconst x = 1;\n---\n<p>{x}</p>\n',
  'src/adapters/catalog.ts':
    "import { getCollection } from 'astro:content';\nexport const load = () => getCollection('courses');\n",
  // Domain: a framework import, a view import, an adapter import, a file circle and a folder loop.
  'src/lib/a/a.ts': "import { b } from './b.ts';\nexport const a = 1 + b;\n",
  'src/lib/a/b.ts': "import type { a } from './a.ts';\nexport const b = 2;\nexport type A = typeof a;\n",
  'src/lib/a/uses-c.ts': "import { c } from '../c/c.ts';\nexport const d = c;\n",
  'src/lib/c/c.ts': "import { b } from '../a/b.ts';\nexport const c = b;\n",
  'src/lib/web/cookies.ts': "import type { AstroCookies } from 'astro';\nexport type Jar = AstroCookies;\n",
  'src/lib/web/content.ts': "export const load = () => import('astro:content');\n",
  'src/lib/web/view.ts': "export { default } from '../../components/View.astro';\n",
  'src/lib/web/adapter.ts': "import { load } from '../../adapters/catalog.ts';\nexport const courses = load;\n",
  'src/lib/web/stale.ts': "import { gone } from './moved-away.ts';\nexport const x = gone;\n",
  'src/lib/web/fine.ts':
    "import { z } from 'zod';\nimport { open } from '../../../db/client.ts';\nexport const s = z.string();\nexport " +
    'const o = open;\n',
  'src/lib/web/fine.test.ts': "import { x } from '../../pages/good.ts';\nexport const t = x;\n",
});

describe('the layer checker', () => {
  const found = checkLayers(root)
    .map((v) => `${v.rule.split(':')[0]} | ${v.from} → ${v.to}`)
    .sort();

  test('names every broken rule of the bad tree, and nothing that is allowed', () => {
    expect(found).toEqual(
      [
        'a route or view reaches data only through Astro.locals.db and src/lib, never db/ | src/middleware.ts → ' +
          'db/client.ts',
        'a route or view reaches data only through Astro.locals.db and src/lib, never db/ | src/pages/aliased.ts → ' +
          'db/client.ts',
        'a route or view reaches data only through Astro.locals.db and src/lib, never db/ | src/pages/bad.astro → ' +
          'db/client.ts',
        'every import names a file that exists (a path left stale by a move?) | src/lib/web/stale.ts → ' +
          'src/lib/web/moved-away.ts',
        'no import circle between files | src/lib/a/a.ts ⇄ src/lib/a/b.ts → src/lib/a/a.ts',
        'no import circle between folders of src/lib | src/lib/a ⇄ src/lib/c → src/lib/a',
        'the domain and data import no route, view or adapter | src/lib/web/adapter.ts → src/adapters/catalog.ts',
        'the domain and data import no route, view or adapter | src/lib/web/view.ts → src/components/View.astro',
        'the domain and data know no framework | src/lib/web/content.ts → astro:content',
        'the domain and data know no framework | src/lib/web/cookies.ts → astro',
      ].sort(),
    );
  });

  test('finds circles of any length, and a file that imports itself', () => {
    expect(
      findCircles([
        { from: 'x', to: 'y' },
        { from: 'y', to: 'z' },
        { from: 'z', to: 'x' },
        { from: 'z', to: 'w' },
      ]),
    ).toEqual([['x', 'y', 'z']]);
    expect(findCircles([{ from: 'x', to: 'x' }])).toEqual([['x']]);
    expect(
      findCircles([
        { from: 'x', to: 'y' },
        { from: 'y', to: 'z' },
      ]),
    ).toEqual([]);
  });

  test('reads static, type-only, re-export, dynamic and import-type imports', () => {
    const text = [
      "import a from './a.ts';",
      "import type { B } from './b.ts';",
      "import { type C } from './c.ts';",
      "export { d } from './d.ts';",
      "const e = await import('./e.ts');",
      "let f: import('./f.ts').F;",
    ].join('\n');
    expect(readImports('x.ts', text)).toEqual([
      { specifier: './a.ts', typeOnly: false },
      { specifier: './b.ts', typeOnly: true },
      { specifier: './c.ts', typeOnly: true },
      { specifier: './d.ts', typeOnly: false },
      { specifier: './e.ts', typeOnly: false },
      { specifier: './f.ts', typeOnly: true },
    ]);
    expect(
      readImports('x.astro', "---\nimport A from './A.astro';\n---\n<A />\n<script>import './client.ts';</script>\n"),
    ).toEqual([
      { specifier: './A.astro', typeOnly: false },
      { specifier: './client.ts', typeOnly: false },
    ]);
  });
});
