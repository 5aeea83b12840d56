/**
 * A lesson page for a SCORM package, made from the lesson Oqu built (dist/client): the lesson's
 * article as the site renders it (its components and styles), without what needs Oqu's server
 * ("Mark as done", hand-in forms), with the course's files and the other lessons linked inside
 * the package and links to the rest of the site made absolute (they open the host).
 */
import render from 'dom-serializer';
import { type Element, isTag } from 'domhandler';
import { findAll, findOne, removeElement, textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { packageAsset, type PackageAsset } from './package-paths.ts';

export interface ScormPageInput {
  /** The built page's HTML. */
  html: string;
  /** The package's language (the page's `lang`). */
  locale: string;
  /** The host's address, for links to the rest of the site. */
  baseUrl: string;
  /** Built path prefix of this course's lessons, e.g. `/en/courses/urbanism/`. */
  lessonPrefix: string;
  /** Package file of each lesson slug, relative to the lesson pages' folder. */
  lessonFiles: ReadonlyMap<string, string>;
  /** The quiz the runtime grades, as JSON (answer key included), when the lesson has one. */
  quizJson?: string;
  /** Texts the runtime shows, in the package's language. */
  texts: Record<string, string>;
  /**
   * False for a package whose LMS runs the quizzes itself (Common Cartridge): the page keeps no
   * quiz and loads no runtime script.
   */
  runtime?: boolean;
}

export interface ScormPage {
  title: string;
  html: string;
  /** Course files the page links, each with its ASCII name in the package (package-paths.ts). */
  assets: PackageAsset[];
  /** The quiz id the page holds, if any (`quiz-<id>-form`). */
  quizId?: string;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JSON that cannot close its <script> element. */
const scriptJson = (json: string) => json.replace(/</g, '\\u003c');

function rewriteLink(url: string, input: ScormPageInput, assets: Map<string, PackageAsset>): string {
  const asset = packageAsset(url);
  if (asset) {
    assets.set(asset.file, asset);
    const fragment = /#.*/s.exec(url)?.[0] ?? '';
    return `../${asset.file}${fragment}`;
  }
  if (url.startsWith(input.lessonPrefix)) {
    const [slug, rest = ''] = url.slice(input.lessonPrefix.length).split(/\/(.*)/s);
    const file = slug ? input.lessonFiles.get(slug) : undefined;
    if (file) return `${file}${rest.startsWith('#') ? rest : ''}`;
  }
  if (url.startsWith('/') && !url.startsWith('//')) return new URL(url, input.baseUrl).href;
  return url;
}

/** The package page of one built lesson; throws when the HTML is not an Oqu lesson page. */
export function scormLessonPage(input: ScormPageInput): ScormPage {
  const doc = parseDocument(input.html);
  const article = findOne((e) => e.name === 'article' && /\blesson-body\b/.test(e.attribs.class ?? ''), doc.children);
  if (!article) throw new Error('not a built Oqu lesson page (no article.lesson-body)');
  const h1 = findOne((e) => e.name === 'h1', [article]);
  const title = h1 ? textContent(h1).replace(/\s+/g, ' ').trim() : '';
  // What only Oqu's server can do: marking as done, handing in, links to sign in.
  const serverOnly = (e: Element) =>
    (e.name === 'form' && !/\bquiz-form\b/.test(e.attribs.class ?? '')) || e.attribs['data-server-only'] !== undefined;
  for (const e of findAll(serverOnly, [article])) removeElement(e);
  const quizForm = findOne((e) => e.name === 'form' && /\bquiz-form\b/.test(e.attribs.class ?? ''), [article]);
  const quizId = quizForm?.attribs.id?.match(/^quiz-(.+)-form$/)?.[1];
  const runtime = input.runtime ?? true;
  if (!runtime)
    for (const e of findAll((n) => n.name === 'section' && /\bquiz\b/.test(n.attribs.class ?? ''), [article]))
      removeElement(e);
  if (quizForm && runtime) {
    quizForm.attribs.action = '#';
    delete quizForm.attribs.method;
  }
  const assets = new Map<string, PackageAsset>();
  for (const e of findAll((n) => isTag(n), [article])) {
    for (const name of ['href', 'src', 'poster']) {
      const value = e.attribs[name];
      if (value) e.attribs[name] = rewriteLink(value, input, assets);
    }
    if (e.name === 'a' && /^https?:/.test(e.attribs.href ?? '')) e.attribs.target = '_blank';
  }
  const data = JSON.stringify({ quiz: input.quizJson ? JSON.parse(input.quizJson) : null, texts: input.texts });
  const scripts = `
<script type="application/json" id="oqu-scorm">${scriptJson(data)}</script>
<script src="../oqu/runtime.js" defer></script>`;
  const html = `<!DOCTYPE html>
<html lang="${escapeHtml(input.locale)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="../oqu/oqu.css">${runtime ? scripts : ''}
</head><body><main id="main" class="scorm-lesson">${render(article, { encodeEntities: 'utf8' })}
${runtime ? '<p id="oqu-scorm-status" role="status" class="meta"></p>' : ''}</main></body></html>
`;
  const sorted = [...assets.values()].sort((a, b) => (a.file < b.file ? -1 : 1));
  return { title, html, assets: sorted, quizId };
}
