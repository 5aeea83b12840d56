/**
 * Database commands of the CLI: `migrate`, `create-admin`, `set-role`. Each opens the
 * database named by DATABASE_URL (default data/oqu.db), says what it did in one line, and
 * answers bad input with a message that says how to fix it (exit code 2). They write, so they
 * take the database's lock (src/cli/server/db-lock.mjs) and refuse, naming the server, while
 * one runs on the same file; `oqu backup` only reads and needs no lock.
 */
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { closeDatabase, createDatabase, resolveDatabaseUrl, type Database } from '#db/client.ts';
import { acquireDatabaseLock, DatabaseLockedError } from './server/db-lock.mjs';
import { migrateDatabase } from '#db/migrate.ts';
import { checkPasswordPolicy } from '#lib/auth/password-policy.ts';
import { findUserByEmail, createUser, setUserRole } from '#lib/auth/user.server.ts';
import { fieldErrors, registrationSchema, roleSchema } from '#lib/auth/user-input.ts';
import { translate } from '#lib/i18n/t.ts';
import { loadSiteConfigFile, SiteConfigError } from '#lib/site/config.ts';

class UsageError extends Error {}

/** The database URL without any password or token in it, for messages. */
export function describeDatabase(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@').replace(/([?&](authToken|token)=)[^&]*/gi, '$1***');
}

/**
 * Takes the lock of the database DATABASE_URL names for this command; the message naming the
 * process that holds it instead.
 */
export function lockDatabase(command: string): { release: () => void } | string {
  try {
    return acquireDatabaseLock(resolveDatabaseUrl(), command);
  } catch (error) {
    if (error instanceof DatabaseLockedError) return error.message;
    throw error;
  }
}

/** Runs `work` on the migrated database, holding its lock (one writer process per database file). */
export async function withDatabase(command: string, work: (db: Database) => Promise<number>): Promise<number> {
  const lock = lockDatabase(command);
  if (typeof lock === 'string') {
    console.error(lock);
    return 1;
  }
  try {
    const db = await createDatabase();
    try {
      await migrateDatabase(db);
      return await work(db);
    } finally {
      closeDatabase(db);
    }
  } finally {
    lock.release();
  }
}

/** Runs a command body, turning usage mistakes into a message and exit code 2. */
async function guarded(usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      console.error(`${error.message}\nusage: ${usage}`);
      return 2;
    }
    throw error;
  }
}

function flags(args: string[], names: string[]): Record<string, string | undefined> {
  const options = Object.fromEntries(names.map((n) => [n, { type: 'string' as const }]));
  return parseArgs({ args, options, strict: true, allowPositionals: false }).values as Record<
    string,
    string | undefined
  >;
}

/** `oqu migrate`: applies pending migrations. */
export async function runMigrate(): Promise<number> {
  const url = describeDatabase(resolveDatabaseUrl());
  return withDatabase('oqu migrate', async () => {
    console.log(`Database ${url} is up to date.`);
    return 0;
  });
}

/** Reads a password without echoing it when stdin is a terminal. */
async function promptPassword(question: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  const write = output._writeToOutput.bind(rl);
  output._writeToOutput = (s: string) => write(s.startsWith(question) ? s : '');
  try {
    return await rl.question(question);
  } finally {
    rl.close();
    process.stdout.write('\n');
  }
}

const CREATE_ADMIN_USAGE =
  'npm run oqu -- create-admin --email a@b.kz --name "Full Name" [--locale kk|ru|en, default: the site\'s ' +
  'default language]  (password from OQU_ADMIN_PASSWORD, else asked)';

/**
 * The new admin's language: `--locale`, which must be one the site offers (their e-mails link to
 * pages in it), else the site's default language.
 */
function adminLocale(projectRoot: string, flag: string | undefined): string {
  const { locales } = loadSiteConfigFile(projectRoot);
  if (flag === undefined) return locales.default;
  if (!(locales.enabled as string[]).includes(flag)) {
    throw new UsageError(`--locale: "${flag}" is not a language this site offers (${locales.enabled.join(', ')}).`);
  }
  return flag;
}

/** `oqu create-admin`: creates an administrator account. */
export async function runCreateAdmin(projectRoot: string, args: string[]): Promise<number> {
  return guarded(CREATE_ADMIN_USAGE, async () => {
    const { email, name, locale: flag } = flags(args, ['email', 'name', 'locale']);
    if (!email || !name) throw new UsageError('create-admin needs --email and --name.');
    let locale: string;
    try {
      locale = adminLocale(projectRoot, flag);
    } catch (error) {
      if (!(error instanceof SiteConfigError)) throw error;
      console.error(error.message);
      return 1;
    }
    const password = process.env.OQU_ADMIN_PASSWORD || (await promptPassword('Password for the new admin: '));
    if (!password) {
      throw new UsageError(
        'No password given: set OQU_ADMIN_PASSWORD, pipe the password on standard input, or run the command in a ' +
          'terminal to be asked.',
      );
    }
    const parsed = registrationSchema.safeParse({ email, name, password, locale });
    if (!parsed.success) {
      const problems = Object.entries(fieldErrors(parsed.error)).map(
        ([field, code]) => `--${field}: ${translate('en', code!)}`,
      );
      throw new UsageError(problems.join('\n'));
    }
    const problem = checkPasswordPolicy(password, { email: parsed.data.email });
    if (problem) throw new UsageError(`password: ${translate('en', problem)}`);
    return withDatabase('oqu create-admin', async (db) => {
      const user = await createUser(db, { ...parsed.data, role: 'admin' });
      if (!user) {
        console.error(
          `A user with ${parsed.data.email} already exists. To make them an admin: npm run oqu -- set-role --email ` +
            `${parsed.data.email} --role admin`,
        );
        return 1;
      }
      console.log(`Created admin ${user.displayName} <${user.email}>.`);
      return 0;
    });
  });
}

const SET_ROLE_USAGE = 'npm run oqu -- set-role --email a@b.kz --role learner|trainer|admin';

/** `oqu set-role`: gives an existing user another role (their sessions end). */
export async function runSetRole(args: string[]): Promise<number> {
  return guarded(SET_ROLE_USAGE, async () => {
    const { email, role } = flags(args, ['email', 'role']);
    if (!email || !role) throw new UsageError('set-role needs --email and --role.');
    const parsedRole = roleSchema.safeParse(role);
    if (!parsedRole.success) throw new UsageError(`--role: "${role}" is not a role; use learner, trainer or admin.`);
    return withDatabase('oqu set-role', async (db) => {
      const user = await findUserByEmail(db, email);
      if (!user) {
        console.error(`No user with the e-mail address ${email.trim()}.`);
        return 1;
      }
      const result = await setUserRole(db, user.id, parsedRole.data);
      if (!result.ok) throw new Error(result.error);
      console.log(
        `${user.displayName} <${user.email}> is now ${parsedRole.data} (was ${user.role}); their sessions were ended.`,
      );
      return 0;
    });
  });
}
