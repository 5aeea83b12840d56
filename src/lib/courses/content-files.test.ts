import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCourseContents } from './content-files.ts';

const courses = join(import.meta.dirname, '..', '..', '..', 'courses');
const dir = mkdtempSync(join(tmpdir(), 'oqu-content-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readCourseContents', () => {
  it('skips a course set aside in a dot folder by an interrupted import', () => {
    cpSync(join(courses, 'urbanism'), join(dir, 'urbanism'), { recursive: true });
    cpSync(join(courses, 'urbanism'), join(dir, '.oqu-outgoing-urbanism-1'), { recursive: true });
    const read = readCourseContents(dir);
    expect(read.map((c) => c.slug)).toEqual(['urbanism']);
    expect(read[0]!.lessons.length).toBeGreaterThan(0);
  });
});
