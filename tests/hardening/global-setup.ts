/**
 * Builds the suite's private copy of the site once (lib/site-build.ts); each test file then
 * starts the real server(s) it needs on its own database. OQU_HARDENING_SKIP_BUILD=1 reuses
 * the last build. The fast-check seed is chosen here so every file prints and uses the same.
 * Test data lives in one folder per run, deleted at the end (OQU_HARDENING_KEEP=1 keeps it).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildSiteCopy, projectRoot } from './lib/site-build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    siteRoot: string;
    fcSeed: number;
    /** Every test's data (databases, keys, backups) goes under this folder, removed at the end. */
    runDir: string;
  }
}

/**
 * The suite's fixture courses (tests/fixtures/hardening-courses), added to the copy before it is
 * built: peer-practice has a peer-reviewed assignment, so the matrix reaches the peer pages. The
 * copy's urbanism quizzes lose their attempt limit: the volume tests (concurrency, backup under
 * load) post many attempts per trainee; limits are tested on the other courses.
 */
const fixtureCourses = join(projectRoot, 'tests', 'fixtures', 'hardening-courses');
function addFixtureCourses(root: string): void {
  for (const course of readdirSync(fixtureCourses))
    cpSync(join(fixtureCourses, course), join(root, 'courses', course), { recursive: true });
  const quizzes = join(root, 'courses', 'urbanism', 'quizzes');
  for (const file of readdirSync(quizzes)) {
    const path = join(quizzes, file);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^maxAttempts:.*\n/m, ''));
  }
}

export default function setup(project: TestProject): () => void {
  const started = Date.now();
  const siteRoot = buildSiteCopy({ prepare: addFixtureCourses });
  const seed = Number(process.env.OQU_HARDENING_SEED ?? 20261127);
  console.log(
    `[hardening] site built in ${siteRoot} (${((Date.now() - started) / 1000).toFixed(1)} s); fast-check seed ` +
      `${seed} (OQU_HARDENING_SEED to change)`,
  );
  project.provide('siteRoot', siteRoot);
  project.provide('fcSeed', seed);
  const runDir = mkdtempSync(join(tmpdir(), 'oqu-hardening-run-'));
  project.provide('runDir', runDir);
  return () => {
    if (process.env.OQU_HARDENING_KEEP === '1') console.log(`[hardening] test data kept in ${runDir}`);
    else rmSync(runDir, { recursive: true, force: true });
  };
}
