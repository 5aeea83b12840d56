/**
 * A lesson that arrives from another host (a course bundle today, a partner's course feed
 * tomorrow) must be content, not code. MDX is JavaScript: an `import`, an `{expression}` or a
 * component the author names runs on this host when the site is built. So such a lesson is
 * parsed with the very parser the build uses (satteri, as @astrojs/mdx does) and its syntax tree
 * is checked against an allow-list before anything is written: Markdown, the lesson components
 * of src/components/mdx with their own props as literal values, a few plain HTML elements, and
 * links to web, mail and phone addresses. Anything else is refused with its line and a hint.
 * Local authors keep full MDX (docs/decisions/010-imported-courses-are-content.md).
 */
import { mdxToMdast, type MdastNode } from 'satteri';
import { parse as parseYaml } from 'yaml';

/** One construct a lesson from elsewhere may not contain. */
export interface LessonFinding {
  line: number;
  /** What was found, e.g. `ESM import`, `expression {process.env.X}`, `element <script>`. */
  construct: string;
  /** Why, and what to write instead. */
  hint: string;
}

/** The lesson components (src/components/mdx/index.ts) and the props each one takes. */
export const LESSON_COMPONENTS: Readonly<Record<string, readonly string[]>> = {
  Callout: ['type', 'title'],
  Case: ['title', 'illustrative'],
  Exercise: ['title', 'minutes', 'group'],
  Figure: ['src', 'alt', 'caption', 'width', 'height'],
  FurtherReading: [],
  Handout: ['file', 'title'],
  KeyTerms: ['title'],
  Term: ['name', 'id'],
  Video: ['youtube', 'vimeo', 'src', 'title'],
};
/** Props that name a file in the course's assets/ folder (a web address is allowed for `src`). */
const ASSET_PROPS: Readonly<Record<string, readonly string[]>> = { Figure: ['src'], Handout: ['file'], Video: ['src'] };

/** Plain HTML elements that only format text, and the attributes they may carry. */
const HTML_ELEMENTS = new Set(
  (
    'p br hr strong b em i u s del ins mark small sub sup code kbd samp var abbr cite q blockquote span div ' +
    'ul ol li dl dt dd table thead tbody tfoot tr th td caption h2 h3 h4 h5 h6 figure figcaption details summary a'
  ).split(' '),
);
const HTML_ATTRIBUTES = new Set([
  'title',
  'lang',
  'dir',
  'colspan',
  'rowspan',
  'scope',
  'open',
  'start',
  'reversed',
  'href',
]);
/** The front matter fields of a lesson (schema.ts): `layout` and the like would load code. */
const FRONTMATTER_FIELDS = new Set(['title', 'description', 'minutes', 'quiz', 'assignment', 'formerly']);
/** Markdown node types that are plain content. */
const CONTENT_NODES = new Set([
  'root',
  'paragraph',
  'heading',
  'text',
  'emphasis',
  'strong',
  'delete',
  'inlineCode',
  'code',
  'blockquote',
  'list',
  'listItem',
  'thematicBreak',
  'break',
  'link',
  'linkReference',
  'image',
  'imageReference',
  'definition',
  'footnoteDefinition',
  'footnoteReference',
  'table',
  'tableRow',
  'tableCell',
]);

const LINK_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);
const LITERAL_EXPRESSION = /^\s*(?:\d{1,7}(?:\.\d{1,4})?|true|false)\s*$/;
const COMMENT_ONLY = /^\s*\/\*(?:(?!\*\/)[\s\S])*\*\/\s*$/;
const ASSET_NAME = /^(?:[A-Za-z0-9_][A-Za-z0-9._-]*\/)*[A-Za-z0-9_][A-Za-z0-9._-]*$/;

const COMPONENT_LIST = Object.keys(LESSON_COMPONENTS).join(', ');
const NO_CODE = 'a lesson from another host is content, not code';

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 40 ? `${flat.slice(0, 40)}…` : flat;
}

/** The scheme of a URL as a browser reads it (control characters and spaces dropped), or ''. */
function schemeOf(url: string): string {
  return /^([a-z][a-z0-9+.-]*):/i.exec(url.replace(/[\u0000-\u0020\u007f]/g, ''))?.[1]?.toLowerCase() ?? '';
}

function linkProblem(url: string): string | null {
  const scheme = schemeOf(url);
  return scheme && !LINK_SCHEMES.has(scheme)
    ? `a "${scheme}:" link: ${NO_CODE}; link to an http(s), mailto: or tel: address`
    : null;
}

function imageProblem(url: string): string | null {
  const scheme = schemeOf(url);
  if (scheme === 'http' || scheme === 'https') return null;
  if (!scheme && url.startsWith('/') && !url.startsWith('//')) return null;
  return (
    `an image from "${snippet(url)}": images in the lesson's own folder are loaded as code by the build; use ` +
    `<Figure src="name.png" alt="…" /> with the file in assets/`
  );
}

interface Context {
  findings: LessonFinding[];
  assets?: ReadonlySet<string>;
  definitions: Map<string, string>;
}

function checkAttributes(
  node: { name: string; attributes?: readonly unknown[] | null },
  line: number,
  ctx: Context,
): void {
  const component = LESSON_COMPONENTS[node.name];
  const allowed = component ?? [...HTML_ATTRIBUTES];
  for (const raw of node.attributes ?? []) {
    const attr = raw as { type: string; name?: string; value?: unknown };
    if (attr.type !== 'mdxJsxAttribute' || typeof attr.name !== 'string') {
      ctx.findings.push({
        line,
        construct: `spread attribute {${snippet(String(attr.value ?? ''))}} on <${node.name}>`,
        hint: `${NO_CODE}; write each prop as name="text"`,
      });
      continue;
    }
    if (!allowed.includes(attr.name) || (attr.name === 'href' && node.name !== 'a')) {
      const known = component
        ? component.length
          ? component.join(', ')
          : 'none'
        : 'title, lang, dir, colspan, rowspan, scope, open, start, reversed, href on <a>';
      ctx.findings.push({
        line,
        construct: `attribute ${attr.name} on <${node.name}>`,
        hint: `not a prop this element takes (allowed: ${known})`,
      });
      continue;
    }
    const value = attr.value;
    if (value !== null && value !== undefined && typeof value === 'object') {
      const code = String((value as { value?: unknown }).value ?? '');
      if (!LITERAL_EXPRESSION.test(code)) {
        ctx.findings.push({
          line,
          construct: `attribute expression ${attr.name}={${snippet(code)}} on <${node.name}>`,
          hint: `${NO_CODE}; write ${attr.name}="text" (a plain number or true/false in braces is fine)`,
        });
      }
      continue;
    }
    if (typeof value !== 'string') continue;
    if (attr.name === 'href') {
      const problem = linkProblem(value);
      if (problem) ctx.findings.push({ line, construct: `href="${snippet(value)}" on <a>`, hint: problem });
    }
    if (
      component &&
      ASSET_PROPS[node.name]?.includes(attr.name) &&
      !(attr.name === 'src' && /^https?:\/\//i.test(value))
    ) {
      if (!ASSET_NAME.test(value))
        ctx.findings.push({
          line,
          construct: `${attr.name}="${snippet(value)}" on <${node.name}>`,
          hint: 'name a file in the course\'s assets/ folder (letters, digits, ".", "_", "-", no "..")',
        });
      else if (ctx.assets && !ctx.assets.has(value))
        ctx.findings.push({
          line,
          construct: `${attr.name}="${value}" on <${node.name}>`,
          hint: `there is no assets/${value} in the course: add the file or fix the name`,
        });
    }
  }
}

function checkFrontmatter(node: MdastNode, line: number, ctx: Context): void {
  if (node.type !== 'yaml') {
    ctx.findings.push({
      line,
      construct: `${node.type} front matter`,
      hint: 'write the front matter as YAML between --- lines',
    });
    return;
  }
  let data: unknown;
  try {
    data = parseYaml(String((node as { value?: unknown }).value ?? ''));
  } catch {
    return; // the schema check reports YAML errors with their line
  }
  if (!data || typeof data !== 'object') return;
  const lines = String((node as { value?: unknown }).value ?? '').split('\n');
  for (const key of Object.keys(data)) {
    const at = lines.findIndex((l) => l.startsWith(`${key}:`) || l.startsWith(`"${key}"`) || l.startsWith(`'${key}'`));
    if (!FRONTMATTER_FIELDS.has(key))
      ctx.findings.push({
        line: at < 0 ? line : line + 1 + at,
        construct: `front matter field "${key}"`,
        hint:
          `a lesson's front matter holds only ${[...FRONTMATTER_FIELDS].join(', ')} (fields like "layout" load ` +
          `code)`,
      });
  }
}

function visit(node: MdastNode, ctx: Context): void {
  const n = node as MdastNode & {
    name?: string | null;
    value?: unknown;
    url?: string;
    identifier?: string;
    children?: MdastNode[];
  };
  const line = n.position?.start.line ?? 0;
  const add = (construct: string, hint: string) => ctx.findings.push({ line, construct, hint });
  switch (n.type) {
    case 'yaml':
    case 'toml':
      checkFrontmatter(n, line, ctx);
      return;
    case 'mdxjsEsm': {
      const code = String(n.value ?? '');
      add(
        `ESM ${/^\s*export\b/.test(code) ? 'export' : 'import'} "${snippet(code)}"`,
        `${NO_CODE}; remove it (the lesson components need no import)`,
      );
      return;
    }
    case 'mdxFlowExpression':
    case 'mdxTextExpression': {
      const code = String(n.value ?? '');
      if (!COMMENT_ONLY.test(code))
        add(
          `JavaScript expression {${snippet(code)}}`,
          `${NO_CODE}; write the text itself (a literal brace is written \\{)`,
        );
      return;
    }
    case 'mdxJsxFlowElement':
    case 'mdxJsxTextElement': {
      const name = n.name ?? '';
      if (!name) add('fragment <>…</>', `${NO_CODE}; remove the <> and </>`);
      else if (!LESSON_COMPONENTS[name] && !HTML_ELEMENTS.has(name))
        add(`element <${name}>`, `not a lesson component (${COMPONENT_LIST}) or a plain text element`);
      else
        checkAttributes({ name, attributes: (n as { attributes?: readonly unknown[] | null }).attributes }, line, ctx);
      break;
    }
    case 'link':
    case 'definition': {
      const problem = linkProblem(n.url ?? '');
      if (problem) add(`link to "${snippet(n.url ?? '')}"`, problem);
      break;
    }
    case 'image': {
      const problem = imageProblem(n.url ?? '');
      if (problem) add(`Markdown image "${snippet(n.url ?? '')}"`, problem);
      break;
    }
    case 'imageReference': {
      const url = ctx.definitions.get(n.identifier ?? '');
      const problem = url === undefined ? null : imageProblem(url);
      if (problem) add(`Markdown image "${snippet(url ?? '')}"`, problem);
      break;
    }
    default:
      if (!CONTENT_NODES.has(n.type)) add(`${n.type} node`, 'not plain lesson content: remove it');
  }
  for (const child of n.children ?? []) visit(child, ctx);
}

function collectDefinitions(node: MdastNode, into: Map<string, string>): void {
  const n = node as MdastNode & { identifier?: string; url?: string; children?: MdastNode[] };
  if (n.type === 'definition' && n.identifier) into.set(n.identifier, n.url ?? '');
  for (const child of n.children ?? []) collectDefinitions(child, into);
}

/**
 * Every construct in an MDX lesson that is code rather than content, in source order (empty
 * when the lesson is plain content). `assets`, when given, are the file names under the course's
 * assets/ folder, so a component naming a missing file is caught before the build.
 */
export function findCodeInLesson(source: string, options: { assets?: ReadonlySet<string> } = {}): LessonFinding[] {
  let tree: MdastNode;
  try {
    tree = mdxToMdast(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = Number(/^(\d+):\d+:/.exec(message)?.[1] ?? 0);
    return [{ line, construct: 'MDX syntax error', hint: message.replace(/^\d+:\d+:\s*/, '') }];
  }
  const ctx: Context = { findings: [], assets: options.assets, definitions: new Map() };
  collectDefinitions(tree, ctx.definitions);
  visit(tree, ctx);
  return ctx.findings;
}

/** `file:line: construct: hint`, the shape every refusal is printed in. */
export function formatFinding(file: string, finding: LessonFinding): string {
  return `${file}:${finding.line}: ${finding.construct}: ${finding.hint}`;
}
