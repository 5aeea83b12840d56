import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The hardening suite (docs/hardening.md): concurrency, crashes, hostile input, the
 * authorisation matrix, sessions, headers, backup and upgrade, each against the real built
 * server. Files run one after another (two cores; several start servers of their own).
 */
export default defineConfig({
  root: join(import.meta.dirname, '..', '..'),
  test: {
    name: 'hardening',
    include: ['tests/hardening/**/*.test.ts'],
    globalSetup: ['tests/hardening/global-setup.ts'],
    testTimeout: 240_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    maxWorkers: 1,
  },
});
