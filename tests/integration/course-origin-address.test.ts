/**
 * Every page of an imported course links to the host it came from (origin.yaml, decision 030).
 * That address comes from the partner's bundle, so it must be a web address: a bundle naming a
 * `javascript:` address, or a course folder whose origin.yaml does, is refused; nothing is written.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleError, exportCourse, importCourse } from '#lib/courses/bundle.ts';
import { formatFinding } from '#lib/courses/findings.ts';
import { validateCourseTree } from '#lib/courses/validate.ts';

const projectRoot = resolve(import.meta.dirname, '..', '..');
const fixture = join(projectRoot, 'tests', 'fixtures', 'courses');
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'oqu-origin-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('the address of the host a course came from', () => {
  it('is refused from a bundle unless it is http or https', async () => {
    const { bytes } = await exportCourse(fixture, 'sample', { site: 'Oqu Almaty', baseUrl: 'https://oqu.example.kz' });
    const json = JSON.parse(gunzipSync(bytes).toString('utf8')) as { exportedFrom: { baseUrl: string } };
    json.exportedFrom.baseUrl = 'javascript:alert(document.cookie)//';
    const hostile = gzipSync(Buffer.from(JSON.stringify(json)));
    const courses = join(tmp, 'host', 'courses');
    mkdirSync(courses, { recursive: true });
    const imported = importCourse(courses, hostile, { keepDir: join(tmp, 'host', 'data', 'replaced') });
    await expect(imported).rejects.toThrow(BundleError);
    await expect(imported).rejects.toThrow(/http:\/\/ or https:\/\//);
    expect(existsSync(join(courses, 'sample'))).toBe(false);
  });

  it("is an error of validate in origin.yaml, in the reader's language", () => {
    const root = join(tmp, 'project');
    cpSync(fixture, join(root, 'courses'), { recursive: true });
    writeFileSync(
      join(root, 'courses', 'sample', 'origin.yaml'),
      'site: "Oqu"\nurl: "javascript:alert(1)"\ncourse: "sample"\nexportedAt: "2026-12-01T00:00:00.000Z"\n',
    );
    const errors = validateCourseTree(join(root, 'courses'), root).findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => formatFinding(f, 'en'))).toEqual([
      expect.stringMatching(/courses\/sample\/origin\.yaml:2: .*http:\/\/ or https:\/\//),
    ]);
    expect(formatFinding(errors[0]!, 'ru')).toMatch(/веб-адрес, начинающийся с http:\/\/ или https:\/\//);
  });
});
