/**
 * Builds the site as `npm start` does, then starts the real standalone server on a free
 * loopback port for the end-to-end tests. Set OQU_E2E_SKIP_BUILD=1 to reuse an existing build.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { FIXTURE_ACCOUNTS, FIXTURE_PASSWORD, type FixtureRole } from '../fixtures/accounts.ts';
import { startServer } from '../helpers/server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    projectRoot: string;
    /** Accounts created before the server starts, one per role (Epic Stack's fixture approach). */
    accounts: Record<FixtureRole, { email: string; password: string }>;
  }
}

/** Migrates the test database and creates the fixture accounts, before any server holds it. */
async function seedDatabase(url: string): Promise<void> {
  const { createDatabase, closeDatabase } = await import('#db/client.ts');
  const { migrateDatabase } = await import('#db/migrate.ts');
  const { createUser } = await import('#lib/auth/user.server.ts');
  const db = await createDatabase({ url });
  await migrateDatabase(db);
  for (const account of Object.values(FIXTURE_ACCOUNTS)) {
    await createUser(db, {
      name: account.name,
      email: account.email,
      password: FIXTURE_PASSWORD,
      locale: 'en',
      region: null,
      organisation: null,
      role: account.role,
    });
  }
  closeDatabase(db);
}

const projectRoot = join(import.meta.dirname, '..', '..');

/** The partner's look the suite runs under (axe checks every page in it): oqu.config.yaml plus these lines. */
export const PARTNER_LOOK = {
  brand: '#7a1f5c',
  footer: 'Registered with the Ministry of Culture and Information, No. 0001',
  /** The one page the partner wrote (in Russian only): the others are Oqu's defaults. */
  privacyRu:
    '# Политика «Туркестанского хаба»\n\n## Оператор\n\nТОО «Хаб», БИН 000000000000.\n\n' +
    '<script>alert(1)</script> [ссылка](javascript:alert(1))\n',
};

/**
 * A configuration as a partner writes it, beside its own pages/ folder: the shipped one with a
 * brand colour and a footer line. The build and the server read it through OQU_CONFIG.
 */
function writePartnerConfig(dir: string): string {
  const file = join(dir, 'oqu.config.yaml');
  const extra = `colors:\n  brand: '${PARTNER_LOOK.brand}'\nfooter: ${PARTNER_LOOK.footer}\n`;
  writeFileSync(file, `${readFileSync(join(projectRoot, 'oqu.config.yaml'), 'utf8')}\n${extra}`);
  mkdirSync(join(dir, 'pages'));
  writeFileSync(join(dir, 'pages', 'privacy.ru.md'), PARTNER_LOOK.privacyRu);
  writeFileSync(join(dir, 'pages', 'notes.txt'), 'not a page');
  return file;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const configDir = mkdtempSync(join(tmpdir(), 'oqu-e2e-config-'));
  process.env.OQU_CONFIG = writePartnerConfig(configDir);
  if (process.env.OQU_E2E_SKIP_BUILD !== '1') {
    execSync('npm run build', {
      cwd: projectRoot,
      stdio: 'inherit',
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    });
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'oqu-e2e-'));
  await seedDatabase(`file:${join(dataDir, 'oqu.db')}`);
  const server = await startServer({ root: projectRoot, dataDir });
  project.provide('baseURL', server.baseURL);
  project.provide('projectRoot', projectRoot);
  project.provide(
    'accounts',
    Object.fromEntries(
      Object.entries(FIXTURE_ACCOUNTS).map(([k, a]) => [k, { email: a.email, password: FIXTURE_PASSWORD }]),
    ) as never,
  );
  return async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(configDir, { recursive: true, force: true });
  };
}
