/**
 * 1. Page weight: JavaScript and CSS (gzip -9) that each kind of page makes a browser fetch,
 * read from the page's own HTML as served by the running server (lessons are the prerendered
 * files of dist/client; the catalogue and syllabus are rendered per request).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchContext, Part, PartResult } from '../lib/context.ts';
import { makeRow, type Row } from '../lib/report.ts';

interface Asset {
  type: 'js' | 'css';
  /** The URL, or "inline". */
  source: string;
  bytes: number;
  gzipBytes: number;
}

interface PageWeight {
  page: string;
  path: string;
  htmlGzipBytes: number;
  jsGzipBytes: number;
  cssGzipBytes: number;
  assets: Asset[];
}

const gzipSize = (data: string | Buffer): number => gzipSync(data, { level: 9 }).length;
const attr = (attrs: string, name: string): string | undefined =>
  new RegExp(`\\b${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(attrs)?.[1];

/** The scripts and stylesheets a page loads, external or inline (JSON data blocks are not code). */
export function findAssets(html: string): { type: 'js' | 'css'; src?: string; inline?: string }[] {
  const found: { type: 'js' | 'css'; src?: string; inline?: string }[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attrs = m[1] ?? '';
    const type = attr(attrs, 'type');
    if (type && !/module|javascript/i.test(type)) continue;
    const src = attr(attrs, 'src');
    if (src) found.push({ type: 'js', src });
    else if ((m[2] ?? '').trim()) found.push({ type: 'js', inline: m[2] ?? '' });
  }
  for (const m of html.matchAll(/<link\b([^>]*)>/gi)) {
    const attrs = m[1] ?? '';
    const rel = attr(attrs, 'rel')?.toLowerCase() ?? '';
    const href = attr(attrs, 'href');
    if (!href) continue;
    if (rel.split(/\s+/).includes('stylesheet')) found.push({ type: 'css', src: href });
    else if (rel === 'modulepreload' || (rel === 'preload' && attr(attrs, 'as') === 'script'))
      found.push({ type: 'js', src: href });
  }
  for (const m of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi))
    if ((m[1] ?? '').trim()) found.push({ type: 'css', inline: m[1] ?? '' });
  return found;
}

async function weighPage(baseURL: string, page: string, path: string): Promise<PageWeight> {
  const res = await fetch(new URL(path, baseURL));
  if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  const html = await res.text();
  const assets: Asset[] = [];
  const seen = new Set<string>();
  for (const a of findAssets(html)) {
    if (a.src) {
      const url = new URL(a.src, new URL(path, baseURL));
      if (seen.has(url.href)) continue;
      seen.add(url.href);
      const body = Buffer.from(await (await fetch(url)).arrayBuffer());
      assets.push({ type: a.type, source: url.pathname, bytes: body.length, gzipBytes: gzipSize(body) });
    } else if (a.inline !== undefined) {
      assets.push({
        type: a.type,
        source: 'inline',
        bytes: Buffer.byteLength(a.inline),
        gzipBytes: gzipSize(a.inline),
      });
    }
  }
  const sum = (type: 'js' | 'css'): number =>
    assets.filter((a) => a.type === type).reduce((s, a) => s + a.gzipBytes, 0);
  return { page, path, htmlGzipBytes: gzipSize(html), jsGzipBytes: sum('js'), cssGzipBytes: sum('css'), assets };
}

const PEERS = { label: 'Moodle first load', value: 460, text: '~460 KB (Open edX common bundle ~880 KB)' };

async function run(ctx: BenchContext): Promise<PartResult> {
  const content = ctx.content();
  for (const lesson of [content.plainLesson, content.quizLesson]) {
    if (!existsSync(join(ctx.site().clientDir, lesson, 'index.html')))
      throw new Error(`${lesson} is not a prerendered page in dist/client`);
  }
  const { server } = await ctx.startSeededServer(1);
  try {
    const pages: { page: string; path: string; jsTarget?: number }[] = [
      { page: 'catalogue', path: '/en/' },
      { page: 'syllabus', path: '/en/courses/urbanism/' },
      { page: 'plain lesson', path: content.plainLesson, jsTarget: 0 },
      { page: 'lesson with quiz', path: content.quizLesson, jsTarget: 5 },
    ];
    const weights: PageWeight[] = [];
    for (const p of pages) weights.push(await weighPage(server.baseURL, p.page, p.path));
    const kb = (bytes: number): number => bytes / 1024;
    const rows: Row[] = [];
    for (const [i, w] of weights.entries()) {
      const jsTarget = pages[i]?.jsTarget;
      const jsFiles = w.assets
        .filter((a) => a.type === 'js')
        .map((a) => a.source)
        .join(', ');
      rows.push(
        makeRow({
          part: '1 Page weight',
          metric: `${w.page}: JS (gzip)`,
          value: kb(w.jsGzipBytes),
          unit: 'KB',
          baseline: { label: PEERS.label, value: PEERS.value, text: PEERS.text },
          ...(jsTarget !== undefined ? { target: { op: '<=' as const, value: jsTarget } } : {}),
          ...(jsFiles ? { note: `${w.path}: ${jsFiles}` } : {}),
        }),
        makeRow({ part: '1 Page weight', metric: `${w.page}: CSS (gzip)`, value: kb(w.cssGzipBytes), unit: 'KB' }),
        makeRow({ part: '1 Page weight', metric: `${w.page}: HTML (gzip)`, value: kb(w.htmlGzipBytes), unit: 'KB' }),
      );
    }
    return { rows, details: { gzip: 'level 9', pages: weights } };
  } finally {
    await server.stop();
  }
}

export const pageWeightPart: Part = { name: 'page-weight', title: '1 Page weight', run };
