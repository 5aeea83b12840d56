import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { validateCourseContent } from './validate.ts';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

/** A course folder `name` with an SVG in its assets and `shared` as given (left out when undefined). */
function courseWithSvg(root: string, name: string, shared?: boolean): void {
  const course = join(root, 'courses', name);
  mkdirSync(join(course, 'assets'), { recursive: true });
  writeFileSync(join(course, 'course.yaml'), shared === undefined ? 'title: x\n' : `title: x\nshared: ${shared}\n`);
  writeFileSync(join(course, 'assets', 'plan.svg'), '<svg xmlns="http://www.w3.org/2000/svg"></svg>\n');
}

test('a shared course with an asset partner hosts refuse is warned about; one with shared: false is not', async () => {
  const root = mkdtempSync(join(tmpdir(), 'oqu-shareable-'));
  dirs.push(root);
  courseWithSvg(root, 'open', undefined);
  courseWithSvg(root, 'shared', true);
  courseWithSvg(root, 'own', false);
  // A course.yaml that does not parse (a tab) is the schema checks' to report, not a crash here.
  courseWithSvg(root, 'tabbed', undefined);
  writeFileSync(join(root, 'courses', 'tabbed', 'course.yaml'), 'title: x\nauthors:\n\t- name: A\n');
  const findings = await validateCourseContent(join(root, 'courses'), root);
  expect(findings.map((f) => [f.file, f.severity, f.key])).toEqual([
    ['courses/open/assets/plan.svg', 'warning', 'validate.asset_not_shareable'],
    ['courses/shared/assets/plan.svg', 'warning', 'validate.asset_not_shareable'],
  ]);
});
