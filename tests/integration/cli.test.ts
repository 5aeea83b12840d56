/** The command line as an operator runs it: a child process, DATABASE_URL, exit codes. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserByEmail } from '#lib/auth/user.server.ts';
import { signIn } from '#lib/auth/account.server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const run = promisify(execFile);
const cli = join(resolve(import.meta.dirname, '..', '..'), 'src', 'cli', 'oqu.ts');
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

async function oqu(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], {
      env: {
        ...process.env,
        DATABASE_URL: t.url,
        DATABASE_AUTH_TOKEN: process.env.OQU_TEST_DATABASE_AUTH_TOKEN ?? '',
        OQU_ADMIN_PASSWORD: '',
        ...env,
      },
      timeout: 20_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The shipped configuration as a kk+ru site with Russian as its default language. */
function kkRuConfig(): string {
  return readFileSync(join(resolve(import.meta.dirname, '..', '..'), 'oqu.config.yaml'), 'utf8')
    .replace(/^ {2,4}en: .*\n/gm, '')
    .replace(
      /default: kk\n {2}enabled: \[kk, ru, en\]\n {2}fallback: \[kk, ru, en\]/,
      'default: ru\n  enabled: [kk, ru]\n  fallback: [ru, kk]',
    );
}

describe('oqu CLI', () => {
  it('migrate', async () => {
    const r = await oqu(['migrate']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/is up to date/);
  });

  it('create-admin takes the password from OQU_ADMIN_PASSWORD, and the admin can sign in', async () => {
    const r = await oqu(
      ['create-admin', '--email', ' Boss@Oqu.KZ ', '--name', 'Айгерім   Сапарова', '--locale', 'kk'],
      { OQU_ADMIN_PASSWORD: 'a long admin phrase' },
    );
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toContain('Created admin Айгерім Сапарова <boss@oqu.kz>');
    expect(await findUserByEmail(t.db, 'boss@oqu.kz')).toMatchObject({
      role: 'admin',
      locale: 'kk',
      displayName: 'Айгерім Сапарова',
    });
    expect((await signIn(t.db, { email: 'boss@oqu.kz', password: 'a long admin phrase' })).ok).toBe(true);
  });

  it('create-admin reads the password from standard input when the variable is not set', async () => {
    const child = execFile(
      process.execPath,
      [cli, 'create-admin', '--email', 'piped@oqu.kz', '--name', 'Piped Admin'],
      {
        env: {
          ...process.env,
          DATABASE_URL: t.url,
          DATABASE_AUTH_TOKEN: process.env.OQU_TEST_DATABASE_AUTH_TOKEN ?? '',
          OQU_ADMIN_PASSWORD: '',
        },
      },
    );
    child.stdin?.end('a piped admin phrase\n');
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code).toBe(0);
    expect((await signIn(t.db, { email: 'piped@oqu.kz', password: 'a piped admin phrase' })).ok).toBe(true);
  });

  it("create-admin on a kk/ru site: the site's default language, never one it does not offer", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oqu-cli-kkru-'));
    const config = join(dir, 'kk-ru.yaml');
    writeFileSync(config, kkRuConfig());
    const env = { OQU_CONFIG: config, OQU_ADMIN_PASSWORD: 'a long admin phrase' };
    expect(await oqu(['create-admin', '--email', 'ru-site@oqu.kz', '--name', 'Ru Site'], env)).toMatchObject({
      code: 0,
    });
    expect(await findUserByEmail(t.db, 'ru-site@oqu.kz')).toMatchObject({ locale: 'ru' });
    expect(
      await oqu(['create-admin', '--email', 'en-site@oqu.kz', '--name', 'En Site', '--locale', 'en'], env),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--locale: "en" is not a language this site offers (kk, ru)'),
    });
  });

  it('create-admin without a terminal or OQU_ADMIN_PASSWORD says no password was given', async () => {
    const child = execFile(process.execPath, [cli, 'create-admin', '--email', 'nopass@oqu.kz', '--name', 'No Pass'], {
      env: {
        ...process.env,
        DATABASE_URL: t.url,
        DATABASE_AUTH_TOKEN: process.env.OQU_TEST_DATABASE_AUTH_TOKEN ?? '',
        OQU_ADMIN_PASSWORD: '',
      },
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin?.end();
    expect(await new Promise<number | null>((done) => child.on('close', done))).toBe(2);
    expect(stderr).toContain('No password given: set OQU_ADMIN_PASSWORD');
    expect(stderr).not.toContain('too short');
  });

  it('create-admin explains bad input', async () => {
    expect(await oqu(['create-admin', '--email', 'x@oqu.kz'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('needs --email and --name'),
    });
    expect(
      await oqu(['create-admin', '--email', 'nonsense', '--name', 'A B'], {
        OQU_ADMIN_PASSWORD: 'a long admin phrase',
      }),
    ).toMatchObject({ code: 2, stderr: expect.stringContaining('--email: Enter a valid e-mail address') });
    expect(
      await oqu(['create-admin', '--email', 'weak@oqu.kz', '--name', 'A B'], { OQU_ADMIN_PASSWORD: 'password1' }),
    ).toMatchObject({ code: 2, stderr: expect.stringContaining('most common') });
    expect(
      await oqu(['create-admin', '--email', 'boss@oqu.kz', '--name', 'A B'], {
        OQU_ADMIN_PASSWORD: 'a long admin phrase',
      }),
    ).toMatchObject({ code: 1, stderr: expect.stringContaining('already exists') });
    expect(await oqu(['create-admin', '--mail', 'boss@oqu.kz'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('usage:'),
    });
  });

  it('set-role changes a role and explains bad input', async () => {
    expect(await oqu(['set-role', '--email', 'BOSS@oqu.kz', '--role', 'trainer'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('is now trainer (was admin)'),
    });
    expect(await findUserByEmail(t.db, 'boss@oqu.kz')).toMatchObject({ role: 'trainer' });
    expect(await oqu(['set-role', '--email', 'boss@oqu.kz', '--role', 'king'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('"king" is not a role'),
    });
    expect(await oqu(['set-role', '--email', 'ghost@oqu.kz', '--role', 'admin'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('No user'),
    });
    expect(await oqu(['set-role', '--role', 'admin'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('needs --email and --role'),
    });
  });
});
