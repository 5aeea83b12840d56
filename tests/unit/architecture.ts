/**
 * The layer checker behind architecture.test.ts: reads every import of a source tree and
 * reports the imports the layers forbid and the import circles.
 *
 * Why a small scanner on TypeScript's own parser rather than dependency-cruiser or madge:
 * `typescript` is already a devDependency and parses exactly what the compiler sees (static,
 * type-only, re-export and dynamic imports alike), while both tools would add a few dozen
 * packages and neither reads the frontmatter and `<script>` blocks of `.astro` files, where
 * most routes keep their imports. The rules themselves are a few lines here, so a newcomer
 * reads them without learning a tool's configuration language.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import ts from 'typescript';

/** One import of one file; paths are relative to the root, with forward slashes. */
export interface ImportEdge {
  from: string;
  /** The file imported, when it lies in the tree; otherwise the bare specifier (`astro:content`, `zod`). */
  to: string;
  specifier: string;
  /** `import type` / `export type`: gone at run time, still a dependency of the design. */
  typeOnly: boolean;
  /** A relative or `#` import that names no file of the tree (a stale path after a move). */
  missing: boolean;
}

export interface Violation {
  rule: string;
  from: string;
  to: string;
}

const SOURCE = /\.(ts|mts|mjs|js|astro)$/;

/** Every source file under `dirs` (relative to `root`), skipping tests. */
export function listSources(root: string, dirs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(root, dir)).sort()) {
      const path = posix.join(dir, name);
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (SOURCE.test(name) && !/\.test\.ts$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
    }
  };
  for (const dir of dirs) {
    if (!existsSync(join(root, dir))) continue;
    if (statSync(join(root, dir)).isDirectory()) walk(dir);
    else out.push(dir);
  }
  return out;
}

/** The script parts of an `.astro` file: its frontmatter and its `<script>` blocks. */
function astroScripts(text: string): string {
  const front = /^\s*---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? '';
  const scripts = [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  return [front, ...scripts].join('\n;\n');
}

/** The module specifiers a file imports, with whether each import is type-only. */
export function readImports(fileName: string, text: string): { specifier: string; typeOnly: boolean }[] {
  const source = ts.createSourceFile(
    fileName.replace(/\.astro$/, '.ts'),
    fileName.endsWith('.astro') ? astroScripts(text) : text,
    ts.ScriptTarget.Latest,
    false,
    ts.ScriptKind.TS,
  );
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        !!clause &&
        (clause.phaseModifier === ts.SyntaxKind.TypeKeyword ||
          (!clause.name &&
            !!clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, typeOnly: false });
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** `package.json` `"imports"` (`#lib/*` → `./src/lib/*`), when the tree has them. */
function subpathImports(root: string): [string, string][] {
  const file = join(root, 'package.json');
  if (!existsSync(file)) return [];
  const map = (JSON.parse(readFileSync(file, 'utf8')) as { imports?: Record<string, unknown> }).imports ?? {};
  return Object.entries(map).flatMap(([key, value]) => {
    const target = typeof value === 'string' ? value : (value as Record<string, unknown> | null)?.default;
    return typeof target === 'string' ? [[key, target] as [string, string]] : [];
  });
}

/** Where a specifier points inside the tree (relative path), or the specifier itself for a package. */
function resolve(
  root: string,
  from: string,
  specifier: string,
  aliases: [string, string][],
): { to: string; missing: boolean } {
  let path: string | undefined;
  const bare = specifier.replace(/\?.*$/, '');
  if (bare.startsWith('.')) path = posix.join(posix.dirname(from), bare);
  else if (bare.startsWith('#')) {
    for (const [key, target] of aliases) {
      const star = key.indexOf('*');
      if (star < 0 ? bare === key : bare.startsWith(key.slice(0, star)) && bare.endsWith(key.slice(star + 1))) {
        const middle = star < 0 ? '' : bare.slice(star, bare.length - (key.length - star - 1));
        path = posix.normalize(target.replace('*', middle));
        break;
      }
    }
  }
  if (path === undefined) return { to: specifier, missing: false };
  for (const candidate of [path, `${path}.ts`, `${path}/index.ts`]) {
    if (existsSync(join(root, candidate)) && statSync(join(root, candidate)).isFile())
      return { to: candidate, missing: false };
  }
  return { to: path, missing: true };
}

/** Every import of every source file under `dirs`. */
export function importGraph(root: string, dirs: readonly string[]): ImportEdge[] {
  const aliases = subpathImports(root);
  return listSources(root, dirs).flatMap((from) =>
    readImports(from, readFileSync(join(root, from), 'utf8')).map(({ specifier, typeOnly }) => ({
      from,
      ...resolve(root, from, specifier, aliases),
      specifier,
      typeOnly,
    })),
  );
}

/** The import circles among `nodes` (strongly connected components of two or more, or a self-import). */
export function findCircles(edges: readonly { from: string; to: string }[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  let counter = 0;
  const connect = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        connect(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (next.get(node) ?? []).includes(node)) circles.push(component.sort());
    }
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) connect(node);
  return circles;
}

const under = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

/**
 * The layers: Routes and views (`src/pages/`, `src/middleware.ts`, `src/components/`,
 * `src/layouts/`) → Domain (`src/lib/`) → Data (`db/`). Adapters (`src/adapters/`) are the
 * edge that knows Astro's content API and hands plain data to routes.
 */
export function checkLayers(root: string): Violation[] {
  const edges = importGraph(root, ['src', 'db']);
  const violations: Violation[] = [];
  const isView = (f: string) =>
    ['src/pages', 'src/components', 'src/layouts', 'src/middleware.ts'].some((d) => under(f, d));
  const isEdge = (f: string) => isView(f) || under(f, 'src/adapters') || under(f, 'src/content.config.ts');
  for (const { from, to, missing } of edges) {
    if (missing)
      violations.push({ rule: 'every import names a file that exists (a path left stale by a move?)', from, to });
    if (isView(from) && under(to, 'db'))
      violations.push({
        rule: 'a route or view reaches data only through Astro.locals.db and src/lib, never db/',
        from,
        to,
      });
    if (under(from, 'src/lib') || under(from, 'db')) {
      if (to === 'astro' || to.startsWith('astro:') || to.startsWith('astro/'))
        violations.push({ rule: 'the domain and data know no framework: no astro or astro:* import', from, to });
      if (isEdge(to)) violations.push({ rule: 'the domain and data import no route, view or adapter', from, to });
    }
    if (under(from, 'db') && under(to, 'src/lib'))
      violations.push({ rule: 'data does not import the domain', from, to });
  }
  const lib = edges.filter((e) => under(e.from, 'src/lib') && under(e.to, 'src/lib'));
  for (const circle of findCircles(lib))
    violations.push({ rule: 'no import circle between files', from: circle.join(' ⇄ '), to: circle[0]! });
  const folderOf = (f: string) => posix.dirname(f);
  const folders = lib.map((e) => ({ from: folderOf(e.from), to: folderOf(e.to) })).filter((e) => e.from !== e.to);
  for (const circle of findCircles(folders))
    violations.push({ rule: 'no import circle between folders of src/lib', from: circle.join(' ⇄ '), to: circle[0]! });
  return violations;
}
