/**
 * Builds the site as `npm start` does, in a private copy of the working tree that also holds
 * the end-to-end fixture courses (tests/fixtures/e2e-courses: a course written in Kazakh and
 * Russian only) and a fallback order per reader's language (English readers read Russian
 * first, as in Almaty), then starts the real standalone server on a free loopback port from
 * that copy. Set OQU_E2E_SKIP_BUILD=1 to reuse the last build of the copy; OQU_E2E_SITE says
 * where the copy lives.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { FIXTURE_ACCOUNTS, FIXTURE_PASSWORD, type FixtureRole } from '../fixtures/accounts.ts';
import { startServer } from '../helpers/server.ts';
import { buildSiteCopy } from '../hardening/lib/site-build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    projectRoot: string;
    /** The built copy the server runs from (its `dist/`, its `courses/` with the fixture courses). */
    siteRoot: string;
    /** Accounts created before the server starts, one per role (Epic Stack's fixture approach). */
    accounts: Record<FixtureRole, { email: string; password: string }>;
    /** The server's database, for tests that set up what no page of theirs makes (e.g. handed-in work). */
    databaseUrl: string;
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
const fixtureCourses = join(projectRoot, 'tests', 'fixtures', 'e2e-courses');
/** The test site's order per reader: an English reader in Almaty reads Russian before Kazakh. */
const FALLBACK = 'fallback: { kk: [kk, ru, en], ru: [ru, kk, en], en: [en, ru, kk] }';

/** Adds the fixture courses to the copy before it is built. */
function prepareCopy(root: string): void {
  for (const course of readdirSync(fixtureCourses))
    cpSync(join(fixtureCourses, course), join(root, 'courses', course), { recursive: true });
}

/** The shipped configuration with the per-reader fallback order instead of its one list. */
function withFallbackMap(text: string): string {
  if (!/^ {2}fallback: .*$/m.test(text)) throw new Error('oqu.config.yaml has no one-line locales.fallback');
  return text.replace(/^ {2}fallback: .*$/m, `  ${FALLBACK}`);
}

/** The partner's look the suite runs under (axe checks every page in it): oqu.config.yaml plus these lines. */
export const PARTNER_LOOK = {
  brand: '#7a1f5c',
  footer: 'Registered with the Ministry of Culture and Information, No. 0001',
  /** The one page the partner wrote (in Russian only): the others are Oqu's defaults. */
  privacyRu:
    '# Политика «Туркестанского хаба»\n\n## Оператор\n\nТОО «Хаб», БИН 000000000000.\n\n' +
    '<script>alert(1)</script> [ссылка](javascript:alert(1))\n',
};

/** The fixture courses the suite's configuration hides and archives (decision 030). */
export const COURSE_STATES = { hidden: 'hidden-pilot', archived: 'archived-old' };

/**
 * A configuration as a partner writes it, beside its own pages/ folder: the shipped one with a
 * brand colour, a footer line, a hidden and an archived course, and a fallback order per reader
 * (`FALLBACK`). The build and the server read it through OQU_CONFIG.
 */
function writePartnerConfig(dir: string): string {
  const file = join(dir, 'oqu.config.yaml');
  const extra =
    `colors:\n  brand: '${PARTNER_LOOK.brand}'\nfooter: ${PARTNER_LOOK.footer}\n` +
    `courses:\n  hidden: [${COURSE_STATES.hidden}]\n  archived: [${COURSE_STATES.archived}]\n`;
  writeFileSync(file, `${withFallbackMap(readFileSync(join(projectRoot, 'oqu.config.yaml'), 'utf8'))}\n${extra}`);
  mkdirSync(join(dir, 'pages'));
  writeFileSync(join(dir, 'pages', 'privacy.ru.md'), PARTNER_LOOK.privacyRu);
  writeFileSync(join(dir, 'pages', 'notes.txt'), 'not a page');
  return file;
}

/** A short name for the working tree, so that two checkouts on one machine build apart. */
function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const configDir = mkdtempSync(join(tmpdir(), 'oqu-e2e-config-'));
  process.env.OQU_CONFIG = writePartnerConfig(configDir);
  const siteRoot = buildSiteCopy({
    root: process.env.OQU_E2E_SITE ?? join(tmpdir(), `oqu-e2e-site-${process.getuid?.() ?? 0}-${hash(projectRoot)}`),
    reuse: process.env.OQU_E2E_SKIP_BUILD === '1',
    prepare: prepareCopy,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'oqu-e2e-'));
  await seedDatabase(`file:${join(dataDir, 'oqu.db')}`);
  const server = await startServer({ root: siteRoot, dataDir });
  project.provide('baseURL', server.baseURL);
  project.provide('projectRoot', projectRoot);
  project.provide('siteRoot', siteRoot);
  project.provide('databaseUrl', `file:${join(dataDir, 'oqu.db')}`);
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
