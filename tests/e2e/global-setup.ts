/**
 * Builds the site as `npm start` does, then starts the real standalone server on a free
 * loopback port for the end-to-end tests. Set OQU_E2E_SKIP_BUILD=1 to reuse an existing build.
 */
import { execSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, waitForServer } from '../helpers/server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    projectRoot: string;
    /** Accounts created before the server starts, one per role (Epic Stack's fixture approach). */
    accounts: Record<'admin' | 'trainer' | 'otherTrainer' | 'learner' | 'otherLearner', { email: string; password: string }>;
  }
}

export const FIXTURE_PASSWORD = 'quiet-steppe-river-2026';
const ACCOUNTS = {
  admin: { email: 'admin@oqu.test', name: 'Админ Тестов', role: 'admin' },
  trainer: { email: 'trainer@oqu.test', name: 'Тренер Тестов', role: 'trainer' },
  otherTrainer: { email: 'trainer2@oqu.test', name: 'Екінші Тренер', role: 'trainer' },
  learner: { email: 'learner@oqu.test', name: 'Learner One', role: 'learner' },
  otherLearner: { email: 'other@oqu.test', name: 'Learner Two', role: 'learner' },
} as const;

/** Migrates the test database and creates the fixture accounts, before any server holds it. */
async function seedDatabase(url: string): Promise<void> {
  const { createDatabase, closeDatabase } = await import('../../db/client.ts');
  const { migrateDatabase } = await import('../../db/migrate.ts');
  const { createUser } = await import('../../src/lib/auth/user.server.ts');
  const db = await createDatabase({ url });
  await migrateDatabase(db);
  for (const account of Object.values(ACCOUNTS)) {
    await createUser(db, { name: account.name, email: account.email, password: FIXTURE_PASSWORD, locale: 'en', region: null, organisation: null, role: account.role });
  }
  closeDatabase(db);
}

const projectRoot = join(import.meta.dirname, '..', '..');



export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.OQU_E2E_SKIP_BUILD !== '1') {
    execSync('npm run build', { cwd: projectRoot, stdio: 'inherit', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'oqu-e2e-'));
  const databaseUrl = `file:${join(dataDir, 'oqu.db')}`;
  await seedDatabase(databaseUrl);
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, ['src/cli/serve.mjs'], {
    cwd: projectRoot,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: databaseUrl, OQU_KEYS_DIR: join(dataDir, 'keys') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const baseURL = `http://127.0.0.1:${port}`;
  await waitForServer(baseURL, child, () => output);
  project.provide('baseURL', baseURL);
  project.provide('projectRoot', projectRoot);
  project.provide('accounts', Object.fromEntries(Object.entries(ACCOUNTS).map(([k, a]) => [k, { email: a.email, password: FIXTURE_PASSWORD }])) as never);
  return async () => {
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  };
}
