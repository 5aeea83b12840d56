/**
 * The integration project's global set-up: migrates one base database file for the run, which
 * `createTestDatabase` copies for each test file instead of migrating again (the figures are in
 * tests/helpers/database.ts). Removed when the run ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateBaseDatabase } from './database.ts';

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'oqu-test-base-'));
  const file = join(dir, 'oqu.db');
  await migrateBaseDatabase(file);
  project.provide('testDatabaseBase', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
