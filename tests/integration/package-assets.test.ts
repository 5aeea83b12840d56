/**
 * A course with files named in Kazakh (tests/fixtures/exchange-courses/city-files: an image and
 * a handout) exported for other LMSs as SCORM 1.2, SCORM 2004 and Common Cartridge: every zip
 * entry is named in ASCII (many LMSs mangle other names), the course files are in the package
 * byte for byte, and every relative link of every lesson page resolves to a file of the package.
 * A file a lesson links but the build lacks stops the export with a message naming the lesson
 * and the file. The built lessons are stand-ins in the shape Oqu builds them (Figure and Handout
 * as their components render; tests/helpers/built-lessons.ts), so no site build is needed.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportError } from '#lib/exchange/built-course.server.ts';
import { exportCommonCartridge } from '#lib/exchange/cc-package.server.ts';
import { exportScorm } from '#lib/exchange/scorm-package.server.ts';
import { builtProject, EXCHANGE_FIXTURES } from '../helpers/built-lessons.ts';

const fixture = EXCHANGE_FIXTURES;
const COURSE = 'city-files';
const FILES = ['Қала картасы.png', 'Жоспар үлгісі.csv'];
const FORMATS = ['scorm12', 'scorm2004', 'cc'] as const;
let root: string;

function exportPackage(project: string, format: (typeof FORMATS)[number]): Promise<{ bytes: Buffer }> {
  return format === 'cc'
    ? exportCommonCartridge(project, COURSE, 'kk', { baseUrl: 'https://oqu.example.kz', site: 'Oqu' })
    : exportScorm(project, COURSE, 'kk', { baseUrl: 'https://oqu.example.kz', version: format });
}

beforeAll(() => {
  root = builtProject(COURSE, ['kk']);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.each(FORMATS)('a %s package of a course with Kazakh-named files', (format) => {
  let names: string[];
  let out: string;

  beforeAll(async () => {
    const zip = join(root, `${format}.zip`);
    writeFileSync(zip, (await exportPackage(root, format)).bytes);
    expect(execFileSync('unzip', ['-t', zip], { encoding: 'utf8' })).toMatch(/No errors detected/);
    names = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n');
    out = join(root, format);
    execFileSync('unzip', ['-q', zip, '-d', out]);
  });

  it('names every zip entry in ASCII', () => {
    expect(names.filter((n) => !/^[A-Za-z0-9._/-]+$/.test(n))).toEqual([]);
  });

  it('carries the image and the handout byte for byte, each named in the manifest', () => {
    const manifest = readFileSync(join(out, 'imsmanifest.xml'), 'utf8');
    const assets = names.filter((n) => n.startsWith('assets/'));
    expect(assets).toHaveLength(FILES.length);
    const carried = assets.map((a) => readFileSync(join(out, a)));
    for (const file of FILES) {
      const original = readFileSync(join(fixture, COURSE, 'assets', file));
      expect(carried.some((bytes) => bytes.equals(original))).toBe(true);
    }
    for (const asset of assets) expect(manifest).toContain(`<file href="${asset}"/>`);
  });

  it('links from each lesson page only to files inside the package', () => {
    const pages = names.filter((n) => n.startsWith('lessons/'));
    expect(pages).toHaveLength(2);
    const linked = new Set<string>();
    for (const page of pages) {
      const html = readFileSync(join(out, page), 'utf8');
      for (const [, url] of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
        if (/^(https?:|#)/.test(url!)) continue;
        const target = posix.normalize(posix.join(posix.dirname(page), decodeURIComponent(url!.split('#')[0]!)));
        expect(names, `${page} links ${url}`).toContain(target);
        linked.add(target);
      }
    }
    // Both course files are linked, from the lesson that shows them.
    expect([...linked].filter((n) => n.startsWith('assets/'))).toHaveLength(FILES.length);
  });
});

describe('a course file the build lacks', () => {
  it.each(FORMATS)('stops the %s export with a message naming the lesson and the file', async (format) => {
    const project = builtProject(COURSE, ['kk']);
    try {
      rmSync(join(project, 'dist', 'client', 'course-assets', COURSE, 'Қала картасы.png'));
      const failure = exportPackage(project, format);
      await expect(failure).rejects.toThrow(ExportError);
      await expect(failure).rejects.toThrow(
        /"reading-the-map" \(kk\).*Қала картасы\.png.*courses\/city-files\/assets\//,
      );
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
