/**
 * A package downloaded from the trainer's course page (downloadCoursePackage, as the route
 * calls it) on a real migrated database: made when the course is built with its files; refused
 * with a message to act on when the site is not built, and with its own message when a lesson
 * links a course file the build lacks (before, that read "the site is not built").
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadCoursePackage } from '#lib/exchange/download.server.ts';
import { translate } from '#lib/i18n/t.ts';
import { builtProject } from '../helpers/built-lessons.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const COURSE = 'city-files';
const projects: string[] = [];
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
  for (const dir of projects) rmSync(dir, { recursive: true, force: true });
});

function project(locales: ('kk' | 'ru' | 'en')[]): string {
  const dir = builtProject(COURSE, locales);
  projects.push(dir);
  return dir;
}

const request = (userId: string) => ({
  format: 'scorm2004' as const,
  language: 'kk' as const,
  userId,
  course: COURSE,
  baseUrl: 'https://oqu.example.kz',
  site: 'Oqu',
});

describe('a course package from the trainer page', () => {
  it('is the zip, named by course, language and format', async () => {
    const result = await downloadCoursePackage(t.db, request('trainer-1'), new Date(), project(['kk']));
    expect(result.ok && result.fileName).toBe(`${COURSE}-kk.scorm2004.zip`);
    expect(result.ok && result.bytes.subarray(0, 2).toString()).toBe('PK');
  });

  it('says the site is not built when it is not', async () => {
    const result = await downloadCoursePackage(t.db, request('trainer-2'), new Date(), project([]));
    expect(result).toMatchObject({ ok: false, error: 'exchange.not_built' });
  });

  it('says a lesson links a file the build lacks, in each language, when one is missing', async () => {
    const root = project(['kk']);
    rmSync(join(root, 'dist', 'client', 'course-assets', COURSE, 'Қала картасы.png'));
    const result = await downloadCoursePackage(t.db, request('trainer-3'), new Date(), root);
    expect(result).toMatchObject({ ok: false, error: 'exchange.missing_file' });
    for (const locale of ['kk', 'ru', 'en'] as const)
      expect(translate(locale, 'exchange.missing_file')).toContain('npm run oqu -- export-course');
  });
});
