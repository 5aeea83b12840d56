/**
 * The preview a trainer writes against (`npm run dev`) and the build they publish with, run for
 * real in a fresh copy of the project (no database yet, as after a clone): the dev server starts
 * without a database stack trace or an upgrade notice, serves SVG figures as images (also ones
 * added while it runs), and shows a broken lesson's file, line and fix in the browser instead of
 * the generic error page or the old page; a successful build prints a screenful, not 1,500 lines.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const projectRoot = join(import.meta.dirname, '..', '..');
const site = mkdtempSync(join(tmpdir(), 'oqu-preview-'));
const LESSON = 'courses/example-course/01-planning/02-structuring-a-course';
const PAGE = '/courses/example-course/structuring-a-course/';

/** The sources, as a clone has them, with node_modules linked package by package (caches stay private). */
function copyProject(): void {
  for (const name of [
    'astro.config.mjs',
    'oqu.config.yaml',
    'package.json',
    'tsconfig.json',
    'src',
    'db',
    'courses',
    'public',
  ]) {
    cpSync(join(projectRoot, name), join(site, name), { recursive: true });
  }
  mkdirSync(join(site, 'node_modules'));
  for (const entry of readdirSync(join(projectRoot, 'node_modules'))) {
    if (entry.startsWith('.') && entry !== '.bin') continue;
    symlinkSync(join(projectRoot, 'node_modules', entry), join(site, 'node_modules', entry));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The environment of a person's shell: none of the test runner's variables (NODE_ENV=test, VITEST…). */
const env = Object.fromEntries(
  Object.entries({ ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' }).filter(
    ([k]) => !/^(VITEST|NODE_ENV$|TEST$|CI$|DATABASE_URL$)/.test(k),
  ),
);
let dev: ChildProcess | undefined;
let output = '';
let base = '';

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<void> {
  const until = Date.now() + ms;
  let last: unknown;
  while (Date.now() < until) {
    if (await check().catch((error: unknown) => ((last = error), false))) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out (${String(last)}); dev server said:\n${output}`);
}

/** A request that cannot hang: one Vite accepts while still starting is never answered. */
function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(base + path, { headers, signal: AbortSignal.timeout(20_000) });
}

/** The page's visible text, tags dropped and entities decoded enough to match. */
async function pageText(path: string): Promise<{ status: number; text: string }> {
  const response = await get(path, { accept: 'text/html' });
  const html = (await response.text()).replace(/<style[\s\S]*?<\/style>/g, '');
  const text = html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
  return { status: response.status, text };
}

beforeAll(async () => {
  copyProject();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  dev = spawn(process.execPath, ['src/cli/dev.ts', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: site,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  dev.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  dev.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await waitFor(async () => /ready in/.test(output), 90_000);
  await waitFor(async () => {
    const r = await get(`/en${PAGE}`);
    if (r.status !== 200) throw new Error(`${r.status} ${(await r.text()).slice(0, 300)}`);
    return true;
  }, 60_000);
}, 120_000);

afterAll(() => {
  dev?.kill('SIGTERM');
  rmSync(site, { recursive: true, force: true });
});

describe('npm run dev on a fresh clone', () => {
  test('migrates the database first and prints no stack trace and no upgrade notice', () => {
    expect(existsSync(join(site, 'data', 'oqu.db'))).toBe(true);
    expect(output).not.toMatch(/no such table|SQLITE_ERROR/);
    expect(output).not.toMatch(/New version of Astro|@astrojs\/upgrade/);
  });

  test('serves an SVG figure as an image, also one added while it runs', async () => {
    const svg = await get(`/course-assets/example-course/course-structure.svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    const added = join(site, 'courses/example-course/assets/added-later.svg');
    writeFileSync(added, readFileSync(join(site, 'courses/example-course/assets/course-structure.svg')));
    await waitFor(async () => (await get(`/course-assets/example-course/added-later.svg`)).status === 200, 10_000);
    const later = await get(`/course-assets/example-course/added-later.svg`);
    expect(later.headers.get('content-type')).toBe('image/svg+xml');
    rmSync(added);
  });

  test('a broken lesson shows its file, line and fix in the browser, in the page language, until fixed', async () => {
    const file = join(site, `${LESSON}.en.mdx`);
    const original = readFileSync(file, 'utf8');
    const lines = original.split('\n');
    const at = lines.findIndex((l, i) => i > 5 && l.trim() !== '' && !l.startsWith('<'));
    lines[at] = `${lines[at]} Groups of <5 people work in pairs.`;
    writeFileSync(file, lines.join('\n'));
    try {
      await waitFor(async () => (await pageText(`/en${PAGE}`)).status === 500, 10_000);
      const en = await pageText(`/en${PAGE}`);
      expect(en.text).toContain(`${LESSON}.en.mdx:${at + 1}`);
      expect(en.text).toMatch(/a "<" in the text is read as the start of a component: write &lt;/);
      expect(en.text).not.toMatch(/try again in a moment/);
      const kk = await pageText(`/kk${PAGE}`);
      expect(kk.text).toMatch(/«кіші» белгісін &lt;/);
    } finally {
      writeFileSync(file, original);
    }
    await waitFor(async () => (await pageText(`/en${PAGE}`)).status === 200, 10_000);
  });

  test('a front matter mistake shows instead of the old page', async () => {
    const file = join(site, `${LESSON}.ru.mdx`);
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace(/^minutes: .*$/m, 'minutes: пять'));
    try {
      await waitFor(async () => (await pageText(`/ru${PAGE}`)).status === 500, 10_000);
      const ru = await pageText(`/ru${PAGE}`);
      expect(ru.text).toContain('Ошибки в курсах, которые нужно исправить: 1');
      expect(ru.text).toMatch(new RegExp(`${LESSON}\\.ru\\.mdx:\\d+`));
    } finally {
      writeFileSync(file, original);
    }
  });
});

describe('npm run build', () => {
  test('is quiet when it succeeds: no bundler boxes, no page list, a real warning would still show', () => {
    const run = spawnSync(process.execPath, ['src/cli/build-site.ts'], { cwd: site, env, encoding: 'utf8' });
    const printed = `${run.stdout}${run.stderr}`;
    expect(run.status, printed).toBe(0);
    expect(printed).not.toMatch(/head-inject|MODULE_LEVEL_DIRECTIVE|├─/);
    expect(printed.trimEnd().split('\n').length, printed).toBeLessThan(30);
    expect(printed).toMatch(/^Built builds\//m);
    // No warning on a site without imported courses (the optional `origins` collection was reported empty).
    expect(printed).not.toMatch(/\[WARN\]|No files found matching|does not exist or is empty/);
  }, 180_000);
});
