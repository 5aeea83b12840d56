/**
 * 2. Lighthouse (mobile preset: its default config, simulated slow 4G and a mid-range phone)
 * on the catalogue and a lesson, driving Debian's Chromium over the DevTools port.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext, Part, PartResult } from '../lib/context.ts';
import { freePort, startManaged, waitForHttp } from '../lib/processes.ts';
import { makeRow, type Row } from '../lib/report.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const METRICS = [
  'first-contentful-paint',
  'largest-contentful-paint',
  'total-blocking-time',
  'cumulative-layout-shift',
  'speed-index',
];

interface PageScores {
  page: string;
  path: string;
  scores: Record<string, number | null>;
  metrics: Record<string, string>;
  /** Audits that cost points: `category: id (title)`. */
  failing: string[];
}

async function audit(port: number, url: string): Promise<Omit<PageScores, 'page' | 'path'>> {
  const { default: lighthouse } = await import('lighthouse');
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
  if (!result) throw new Error(`lighthouse returned nothing for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const scores: Record<string, number | null> = {};
  const failing: string[] = [];
  for (const id of CATEGORIES) {
    const category = lhr.categories[id];
    scores[id] = category?.score === null || category?.score === undefined ? null : Math.round(category.score * 100);
    for (const ref of category?.auditRefs ?? []) {
      const a = lhr.audits[ref.id];
      if (a && ref.weight > 0 && a.score !== null && a.score < 1)
        failing.push(`${id}: ${ref.id} (${a.title}${a.displayValue ? `, ${a.displayValue}` : ''})`);
    }
  }
  const metrics = Object.fromEntries(METRICS.map((m) => [m, lhr.audits[m]?.displayValue ?? 'n/a']));
  return { scores, metrics, failing };
}

async function run(ctx: BenchContext): Promise<PartResult> {
  if (!existsSync(CHROMIUM)) {
    return {
      rows: [
        makeRow({
          part: '2 Lighthouse',
          metric: 'all scores',
          value: null,
          unit: '',
          text: `skipped: no Chromium at ${CHROMIUM}`,
        }),
      ],
    };
  }
  const content = ctx.content();
  const { server } = await ctx.startSeededServer(1);
  const profile = join(ctx.tmp, 'chromium-profile');
  mkdirSync(profile, { recursive: true });
  const port = await freePort();
  const chrome = startManaged('chromium', CHROMIUM, [
    ...FLAGS,
    `--remote-debugging-port=${port}`,
    `--user-data-dir=${profile}`,
    'about:blank',
  ]);
  try {
    await waitForHttp(`http://127.0.0.1:${port}/json/version`, chrome, 30_000);
    const pages = [
      { page: 'catalogue', path: '/en/' },
      { page: 'lesson', path: content.plainLesson },
    ];
    const results: PageScores[] = [];
    for (const p of pages) results.push({ ...p, ...(await audit(port, `${server.baseURL}${p.path}`)) });
    const rows: Row[] = [];
    for (const r of results) {
      for (const id of CATEGORIES) {
        const mine = r.failing.filter((f) => f.startsWith(`${id}:`)).map((f) => f.slice(id.length + 2));
        rows.push(
          makeRow({
            part: '2 Lighthouse',
            metric: `${r.page}: ${id}`,
            value: r.scores[id] ?? null,
            unit: '',
            target: { op: '>=', value: 100 },
            ...(id === 'performance'
              ? {
                  note:
                    `${r.path}: FCP ${r.metrics['first-contentful-paint']}, ` +
                    `LCP ${r.metrics['largest-contentful-paint']}, ` +
                    `TBT ${r.metrics['total-blocking-time']}, CLS ${r.metrics['cumulative-layout-shift']}` +
                    (mine.length ? `; lost points: ${mine.join('; ')}` : ''),
                }
              : mine.length
                ? { note: `lost points: ${mine.join('; ')}` }
                : {}),
          }),
        );
      }
    }
    return { rows, details: { preset: 'mobile (Lighthouse default config)', chromeFlags: FLAGS, pages: results } };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      rows: [
        makeRow({
          part: '2 Lighthouse',
          metric: 'all scores',
          value: null,
          unit: '',
          text: `could not run: ${reason}`,
        }),
      ],
      details: { error: String(error), chromiumLog: chrome.log().slice(-2000) },
    };
  } finally {
    await chrome.stop();
    await server.stop();
  }
}

export const lighthousePart: Part = { name: 'lighthouse', title: '2 Lighthouse', run };
