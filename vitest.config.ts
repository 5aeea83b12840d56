import { defineConfig } from 'vitest/config';

/**
 * Three depths of tests: unit tests beside the code and in
 * tests/unit, integration tests against a real libSQL file, and end-to-end tests in Chromium
 * against the built server.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts'],
          // The e2e set-up points OQU_CONFIG at its partner copy's configuration for the whole
          // run (`npm test` runs every project at once); these tests read the repository's own.
          env: { OQU_CONFIG: '' },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          env: { OQU_CONFIG: '' },
          globalSetup: ['tests/helpers/database-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
