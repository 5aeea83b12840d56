/**
 * What validate reads in a lesson's body: the mistakes trainers make that the build either
 * passes silently (a `<callout>` rendered as nothing, a broken image, a dead video) or fails on
 * with a message naming a built page ("Could not parse expression with oxc", an ENOENT stack).
 * The lesson is parsed by satteri, the parser @astrojs/mdx builds with, so what passes here is
 * what the build reads. Each mistake is one finding with its file, line and advice (findings.ts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { mdxToMdast, type MdastNode } from 'satteri';
import { finding, type Finding } from './findings.ts';
import { LESSON_COMPONENTS } from './lesson-safety.ts';
import { closest, distance } from './nearest.ts';
import { vimeoId, youtubeId } from './video-id.ts';

const COMPONENTS = Object.keys(LESSON_COMPONENTS);
const KNOWN = COMPONENTS.join(', ');
/** Props naming a file in the course's assets/ folder (`src` may also be a web address). */
const ASSET_PROPS: Readonly<Record<string, string>> = { Figure: 'src', Handout: 'file', Video: 'src' };
/** HTML elements whose names are also lesson components in another case: `<figure>` is fine. */
const HTML_NAMES = new Set(['figure', 'video', 'case']);
/** Props a component cannot render without (its `Props` in src/components/mdx). */
const REQUIRED_PROPS: Readonly<Record<string, readonly string[]>> = {
  Figure: ['src', 'alt'],
  Handout: ['file', 'title'],
  Video: ['title'],
};
const WEB = /^[a-z][a-z0-9+.-]*:/i;
const COMMENT_ONLY = /^\s*\/\*(?:(?!\*\/)[\s\S])*\*\/\s*$/;
const NUMBER_ONLY = /^\s*\d+(?:\.\d+)?\s*$/;

interface Context {
  file: string;
  assets: ReadonlySet<string>;
  /** The lesson's own folder, where a relative Markdown image is looked for by the build. */
  lessonDir?: string;
  findings: Finding[];
}

function stringAttributes(node: MdastNode): Map<string, string> {
  const values = new Map<string, string>();
  for (const raw of (node as { attributes?: readonly unknown[] | null }).attributes ?? []) {
    const attr = raw as { type: string; name?: string; value?: unknown };
    if (attr.type === 'mdxJsxAttribute' && attr.name && typeof attr.value === 'string')
      values.set(attr.name, attr.value);
  }
  return values;
}

function checkAsset(ctx: Context, line: number, component: string, prop: string, value: string): void {
  if (ctx.assets.has(value)) return;
  const params = { component, prop, value };
  const bare = value.replace(/^(?:\.\/)?assets\//, '');
  if (bare !== value && ctx.assets.has(bare)) {
    ctx.findings.push(finding(ctx.file, line, 'error', 'validate.lesson.asset_prefix', { ...params, name: bare }));
    return;
  }
  const near = closest(bare, [...ctx.assets]);
  ctx.findings.push(
    near
      ? finding(ctx.file, line, 'error', 'validate.lesson.asset_missing_near', { ...params, name: near })
      : finding(ctx.file, line, 'error', 'validate.lesson.asset_missing', params),
  );
}

function checkComponent(node: MdastNode, ctx: Context, line: number): void {
  const name = (node as { name?: string | null }).name;
  if (!name || name.includes('.') || name.includes(':')) return;
  if (!LESSON_COMPONENTS[name]) {
    const sameLetters = COMPONENTS.find((c) => c.toLowerCase() === name.toLowerCase());
    const isLower = name === name.toLowerCase();
    if (sameLetters && !HTML_NAMES.has(name)) {
      ctx.findings.push(
        finding(ctx.file, line, 'error', 'validate.lesson.component_case', { found: name, name: sameLetters }),
      );
      return;
    }
    // A lowercase name is an HTML element; only one a letter or two from a component is a slip.
    const near = closest(name, COMPONENTS);
    if (isLower && (!near || HTML_NAMES.has(name) || distance(name.toLowerCase(), near.toLowerCase()) > 2)) return;
    ctx.findings.push(
      near
        ? finding(ctx.file, line, 'error', 'validate.lesson.component_unknown_near', {
            found: name,
            name: near,
            known: KNOWN,
          })
        : finding(ctx.file, line, 'error', 'validate.lesson.component_unknown', { found: name, known: KNOWN }),
    );
    return;
  }
  const attrs = stringAttributes(node);
  const given = new Set(
    ((node as { attributes?: readonly unknown[] | null }).attributes ?? []).map((a) => (a as { name?: string }).name),
  );
  for (const required of REQUIRED_PROPS[name] ?? []) {
    if (!given.has(required)) {
      ctx.findings.push(
        finding(ctx.file, line, 'error', 'validate.lesson.missing_prop', { component: name, prop: required }),
      );
    }
  }
  // A term names itself, or takes its name and definition from the glossary (`id`).
  if (name === 'Term' && !given.has('name') && !given.has('id')) {
    ctx.findings.push(
      finding(ctx.file, line, 'error', 'validate.lesson.missing_prop', { component: name, prop: 'name' }),
    );
  }
  if (name === 'Video' && !['youtube', 'vimeo', 'src'].some((p) => given.has(p))) {
    ctx.findings.push(
      finding(ctx.file, line, 'error', 'validate.lesson.missing_prop', { component: name, prop: 'youtube' }),
    );
  }
  const prop = ASSET_PROPS[name];
  const value = prop ? attrs.get(prop) : undefined;
  if (prop && value !== undefined && !WEB.test(value)) checkAsset(ctx, line, name, prop, value);
  const youtube = name === 'Video' ? attrs.get('youtube') : undefined;
  if (youtube !== undefined && !youtubeId(youtube)) {
    ctx.findings.push(finding(ctx.file, line, 'error', 'validate.lesson.youtube_id', { value: youtube }));
  }
  const vimeo = name === 'Video' ? attrs.get('vimeo') : undefined;
  if (vimeo !== undefined && !vimeoId(vimeo)) {
    ctx.findings.push(finding(ctx.file, line, 'error', 'validate.lesson.vimeo_id', { value: vimeo }));
  }
}

function checkImage(url: string, ctx: Context, line: number): void {
  if (!url || WEB.test(url) || url.startsWith('/')) return;
  if (ctx.lessonDir && existsSync(join(ctx.lessonDir, url))) return;
  const name = url.replace(/^(?:\.\.?\/)*(?:assets\/)?/, '');
  ctx.findings.push(finding(ctx.file, line, 'error', 'validate.lesson.markdown_image', { url, name }));
}

function visit(node: MdastNode, ctx: Context): void {
  const n = node as MdastNode & { value?: unknown; url?: string; children?: MdastNode[] };
  const line = n.position?.start.line ?? 1;
  if (n.type === 'mdxJsxFlowElement' || n.type === 'mdxJsxTextElement') checkComponent(n, ctx, line);
  else if (n.type === 'image') checkImage(n.url ?? '', ctx, line);
  else if (n.type === 'mdxFlowExpression' || n.type === 'mdxTextExpression') {
    // `{word}` parses, then fails the build ("word is not defined"): braces meant as text.
    const code = String(n.value ?? '');
    if (!COMMENT_ONLY.test(code) && !NUMBER_ONLY.test(code)) {
      ctx.findings.push(finding(ctx.file, line, 'error', 'validate.lesson.brace', { text: `{${code.trim()}}` }));
    }
  }
  for (const child of n.children ?? []) visit(child, ctx);
}

/** The finding for a lesson satteri cannot parse: the line, and what to write instead. */
export function syntaxFinding(file: string, error: unknown): Finding {
  const message = error instanceof Error ? error.message : String(error);
  const line = Number(/^(\d+):\d+:/.exec(message)?.[1] ?? 1) || 1;
  const detail = message.replace(/^\d+:\d+:\s*/, '').replace(/\s*\([\w:-]+\)\s*$/, '');
  if (/after `<`/.test(detail)) return finding(file, line, 'error', 'validate.lesson.less_than', {});
  if (/expression|brace/i.test(detail)) return finding(file, line, 'error', 'validate.lesson.brace_syntax', {});
  const tag = /closing tag for `<([^>`\s]+)>`/.exec(detail)?.[1];
  if (tag) return finding(file, line, 'error', 'validate.lesson.unclosed', { tag });
  return finding(file, line, 'error', 'validate.lesson.syntax', { detail });
}

/**
 * The mistakes in one lesson's source. `assets` are the names under the course's assets/
 * folder (`diagram.png`, `handouts/plan.pdf`); `lessonDir`, when given, is where the build looks
 * for a relative Markdown image.
 */
export function checkLessonBody(
  file: string,
  source: string,
  assets: ReadonlySet<string>,
  lessonDir?: string,
): Finding[] {
  let tree: MdastNode;
  try {
    tree = mdxToMdast(source);
  } catch (error) {
    return [syntaxFinding(file, error)];
  }
  const ctx: Context = { file, assets, lessonDir, findings: [] };
  visit(tree, ctx);
  return ctx.findings;
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => !d.name.startsWith('.'))
    .flatMap((d) =>
      d.isDirectory() ? listFiles(join(dir, d.name), `${prefix}${d.name}/`) : d.isFile() ? [`${prefix}${d.name}`] : [],
    );
}

/**
 * Every lesson body of a course folder (`<NN-module>/<lesson>.mdx`). `fileOf` turns an absolute
 * path into the path printed (relative to the project).
 */
export function checkCourseLessons(courseDir: string, fileOf: (abs: string) => string): Finding[] {
  const assetsDir = join(courseDir, 'assets');
  const assets = new Set(existsSync(assetsDir) ? listFiles(assetsDir) : []);
  const findings: Finding[] = [];
  for (const folder of readdirSync(courseDir).sort()) {
    const moduleDir = join(courseDir, folder);
    if (!/^\d{2}-/.test(folder) || !statSync(moduleDir).isDirectory()) continue;
    for (const name of readdirSync(moduleDir).sort()) {
      if (!name.endsWith('.mdx')) continue;
      const abs = join(moduleDir, name);
      findings.push(...checkLessonBody(fileOf(abs), readFileSync(abs, 'utf8'), assets, dirname(abs)));
    }
  }
  return findings;
}
