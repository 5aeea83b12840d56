/**
 * The layers of the README, checked on the real tree (the checker is architecture.ts; its own
 * test, architecture-checker.test.ts, shows each rule failing on a small bad tree):
 *
 *   Routes and views (src/pages/, src/middleware.ts, src/components/, src/layouts/)
 *     → Domain (src/lib/) → Data (db/)
 *
 * Routes reach data only through `Astro.locals.db` and src/lib; the domain knows no framework
 * (no `astro`, `astro:*`) and no route, view or adapter (src/adapters/ reads Astro's content
 * collections at the edge and routes pass the courses in); no import circle between files of
 * src/lib, nor between its folders. A failure names the importing file and the import.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkLayers, importGraph } from './architecture.ts';

const root = join(import.meta.dirname, '..', '..');

describe('the layers of the source tree', () => {
  const violations = checkLayers(root);

  test('every rule holds (a failure lists rule, importer and import)', () => {
    expect(violations.map((v) => `${v.rule}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  test('the checker sees the tree (routes, the middleware, the domain, .astro frontmatter)', () => {
    const edges = importGraph(root, ['src', 'db']);
    expect(edges.some((e) => e.from === 'src/middleware.ts' && e.to === 'src/lib/site/database.server.ts')).toBe(true);
    expect(edges.some((e) => e.from === 'src/pages/[locale]/account.astro' && e.to.startsWith('src/lib/'))).toBe(true);
    expect(edges.some((e) => e.from === 'src/adapters/catalog.ts' && e.to === 'astro:content')).toBe(true);
    expect(edges.filter((e) => e.from.startsWith('src/lib/')).length).toBeGreaterThan(300);
  });
});
